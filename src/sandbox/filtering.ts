// The Graph API `filtering` parameter: a JSON array of {field, operator, value} rules, all of
// which must hold.
import { invalidParameter } from './graph-errors.js';

export interface FilterRule {
  field: string;
  operator: string;
  value: unknown;
}

/** Looks a filter field up on one candidate; undefined = the field is not filterable here. */
export type FieldLookup = (field: string) => string | number | undefined;

const OPERATORS = new Set([
  'EQUAL',
  'NOT_EQUAL',
  'CONTAIN',
  'NOT_CONTAIN',
  'IN',
  'NOT_IN',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
]);

export function parseFiltering(raw: string | undefined): FilterRule[] {
  if (raw === undefined || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('param filtering must be an array.');
  }
  if (!Array.isArray(parsed)) throw invalidParameter('param filtering must be an array.');
  return parsed.map((rule: unknown) => {
    if (typeof rule !== 'object' || rule === null)
      throw invalidParameter('param filtering must be an array.');
    const { field, operator, value } = rule as Record<string, unknown>;
    if (typeof field !== 'string' || typeof operator !== 'string') {
      throw invalidParameter('Filtering rules need a field and an operator.');
    }
    if (!OPERATORS.has(operator)) {
      throw invalidParameter(`Filter operator ${operator} is not supported.`);
    }
    if ((operator === 'IN' || operator === 'NOT_IN') && !Array.isArray(value)) {
      throw invalidParameter(`Filter operator ${operator} needs an array value for field ${field}.`);
    }
    return { field, operator, value };
  });
}

/** Throws for a field the candidates cannot be filtered on (as Meta does), else tells if all rules hold. */
export function matchesFilters(rules: readonly FilterRule[], lookup: FieldLookup): boolean {
  return rules.every((rule) => {
    const actual = lookup(rule.field);
    if (actual === undefined) throw invalidParameter(`Filtering field ${rule.field} is invalid.`);
    return ruleHolds(rule, actual);
  });
}

function ruleHolds(rule: FilterRule, actual: string | number): boolean {
  const text = String(actual);
  const values = Array.isArray(rule.value) ? rule.value.map(String) : [];
  switch (rule.operator) {
    case 'EQUAL':
      return text === String(rule.value);
    case 'NOT_EQUAL':
      return text !== String(rule.value);
    // Meta's CONTAIN ignores case.
    case 'CONTAIN':
      return text.toLowerCase().includes(String(rule.value).toLowerCase());
    case 'NOT_CONTAIN':
      return !text.toLowerCase().includes(String(rule.value).toLowerCase());
    case 'IN':
      return values.includes(text);
    case 'NOT_IN':
      return !values.includes(text);
    case 'GREATER_THAN':
      return Number(actual) > Number(rule.value);
    case 'GREATER_THAN_OR_EQUAL':
      return Number(actual) >= Number(rule.value);
    case 'LESS_THAN':
      return Number(actual) < Number(rule.value);
    default:
      return Number(actual) <= Number(rule.value);
  }
}

/** Parses a JSON array parameter such as `effective_status=["ACTIVE","PAUSED"]`. */
export function parseStringList(raw: string | undefined, name: string): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Meta also takes a bare comma list.
  }
  if (raw.startsWith('[')) throw invalidParameter(`param ${name} must be an array.`);
  return raw.split(',').map((item) => item.trim());
}
