import type { Announcement, CheckResult, ConditionRecord } from './types.js';

/**
 * Folds one verdict into what the watchdog remembers of a check. A condition seen again keeps
 * its episode (start time, what Slack was told) and takes the new figures; one not seen any
 * more is marked gone; keys the verdict could not judge are left exactly as they were.
 * Gone conditions Slack was never told about (or already told are over) are forgotten.
 */
export function applyResult(
  records: readonly ConditionRecord[],
  result: CheckResult,
  now: number,
): ConditionRecord[] {
  if (result.state === 'unknown') return records.map((record) => ({ ...record }));
  const held = new Set(result.held ?? []);
  const seen = new Map(result.conditions.map((condition) => [condition.key, condition]));
  const next: ConditionRecord[] = [];
  for (const record of records) {
    const condition = seen.get(record.key);
    if (held.has(record.key)) next.push({ ...record });
    else if (condition) {
      // Back before Slack heard it was over (a mute): to Slack it is the same episode.
      next.push({ ...record, ...condition, active: true, seenAt: now, endedAt: null });
    } else if (record.active) next.push({ ...record, active: false, endedAt: now });
    else next.push({ ...record });
    seen.delete(record.key);
  }
  for (const condition of seen.values()) {
    if (held.has(condition.key)) continue;
    next.push({
      ...condition,
      check: result.check,
      active: true,
      startedAt: now,
      seenAt: now,
      endedAt: null,
      announcedLevel: null,
      announcedAt: null,
    });
  }
  return next.filter((record) => record.active || record.announcedLevel !== null);
}

/**
 * What Slack must hear so that it knows what the watchdog knows: a start for an active
 * condition it was not told about, a change when the level moved, an end for one it still
 * believes in. Nothing while the check is muted; once the mute ends, the difference is told.
 */
export function dueAnnouncements(
  records: readonly ConditionRecord[],
  mutedUntil: number | null,
  now: number,
): Announcement[] {
  if (mutedUntil !== null && mutedUntil > now) return [];
  const due: Announcement[] = [];
  for (const record of records) {
    if (record.active && record.announcedLevel === null) due.push({ kind: 'start', record });
    else if (record.active && record.announcedLevel !== record.level) due.push({ kind: 'change', record });
    else if (!record.active && record.announcedLevel !== null) due.push({ kind: 'end', record });
  }
  return due;
}

/** The record once Slack has the announcement; an ended condition is then forgotten (null). */
export function announced(announcement: Announcement, now: number): ConditionRecord | null {
  if (announcement.kind === 'end') return null;
  return { ...announcement.record, announcedLevel: announcement.record.level, announcedAt: now };
}
