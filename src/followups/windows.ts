// When a follow-up of an applied change falls due, and which whole local days it compares.
import { addDays, type LocalDate, startOfLocalDay, todayIn } from '../dates/calendar.js';

/** Hours after an applied change that its follow-ups look back: 24 h, then 72 h. */
export const FOLLOW_UP_HORIZONS = [24, 72] as const;

/** Meta's figures for a day settle over the first hours of the next: the follow-up waits this long. */
export const SETTLE_MS = 2 * 3_600_000;

export interface FollowUpWindows {
  /** The same number of whole days before the change's own day… */
  beforeSince: LocalDate;
  beforeUntil: LocalDate;
  /** …and after it. The change's own day is in neither: part of it was before the change. */
  afterSince: LocalDate;
  afterUntil: LocalDate;
  /** When the after window has ended (local midnight) and settled; never before `horizon` hours. */
  dueAt: number;
}

/**
 * Whole days in the account's time zone, as Meta reports them: the N-hour follow-up compares
 * the N/24 days after the change's day with the N/24 days before it. So the 24 h follow-up of a
 * change made at noon on the 29th compares the 30th with the 28th, and falls due once the 30th
 * is over (Dec 1, 02:00 local): between 26 and 50 hours after the change, depending on the hour it
 * was made. Dates are calendar dates, so a DST night (23 or 25 hours) is still one day.
 */
export function followUpWindows(appliedAt: number, timezone: string, horizonHours: number): FollowUpWindows {
  const days = Math.max(1, Math.round(horizonHours / 24));
  const changeDay = todayIn(timezone, appliedAt);
  const afterUntil = addDays(changeDay, days);
  const windowEnd = startOfLocalDay(addDays(afterUntil, 1), timezone);
  return {
    beforeSince: addDays(changeDay, -days),
    beforeUntil: addDays(changeDay, -1),
    afterSince: addDays(changeDay, 1),
    afterUntil,
    dueAt: Math.max(appliedAt + horizonHours * 3_600_000, windowEnd) + SETTLE_MS,
  };
}
