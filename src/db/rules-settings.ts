import type { Database } from 'better-sqlite3';

export type RuleSettingValue = number | string | boolean;

/** Every stored rule setting as `group.key` → value (dollars as cents; `rule.enabled` a boolean). */
export function readRuleSettings(db: Database): Map<string, RuleSettingValue> {
  const rows = db.prepare('SELECT rule, key, value FROM rule_settings').all() as {
    rule: string;
    key: string;
    value: string;
  }[];
  return new Map(rows.map((row) => [`${row.rule}.${row.key}`, JSON.parse(row.value) as RuleSettingValue]));
}

export function readRuleSetting(db: Database, group: string, key: string): RuleSettingValue | null {
  const row = db.prepare('SELECT value FROM rule_settings WHERE rule = ? AND key = ?').get(group, key) as
    | { value: string }
    | undefined;
  return row ? (JSON.parse(row.value) as RuleSettingValue) : null;
}

export function writeRuleSetting(
  db: Database,
  group: string,
  key: string,
  value: RuleSettingValue,
  updatedBy: string,
  now: number,
): void {
  db.prepare(
    `INSERT INTO rule_settings (rule, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (rule, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  ).run(group, key, JSON.stringify(value), updatedBy, now);
}
