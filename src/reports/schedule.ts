import cron from 'node-cron';
import { addDays, type LocalDate, startOfLocalDay, todayIn } from '../dates/calendar.js';

/** When the daily report is due: a node-cron expression read in a time zone. */
export interface ReportSchedule {
  expression: string;
  timezone: string;
}

const MINUTE_MS = 60_000;

/**
 * The instants in [from, to] that match the schedule, found with node-cron's own matcher
 * (so they agree with when node-cron fires, DST included). Walks whole minutes plus the
 * expression's seconds: 1,440 checks for a day.
 */
export function scheduledSlots(schedule: ReportSchedule, from: number, to: number): number[] {
  const seconds = cron.parse(schedule.expression).second;
  const task = cron.createTask(schedule.expression, () => undefined, { timezone: schedule.timezone });
  try {
    const slots: number[] = [];
    for (let minute = Math.floor(from / MINUTE_MS) * MINUTE_MS; minute <= to; minute += MINUTE_MS) {
      for (const second of seconds) {
        const at = minute + second * 1000;
        if (at >= from && at <= to && task.match(new Date(at))) slots.push(at);
      }
    }
    return slots;
  } finally {
    void task.destroy();
  }
}

/** The last scheduled instant today (in the schedule's zone) that is not after `now`, or null. */
export function latestSlotToday(schedule: ReportSchedule, now: number): number | null {
  const midnight = startOfLocalDay(todayIn(schedule.timezone, now), schedule.timezone);
  return scheduledSlots(schedule, midnight, now).at(-1) ?? null;
}

/** A report posted at `at` covers the day before, in the ad account's time zone. */
export function reportDateAt(at: number, accountTimezone: string): LocalDate {
  return addDays(todayIn(accountTimezone, at), -1);
}

export type CatchUpDecision =
  | { due: true; reportDate: LocalDate; slot: number }
  | {
      due: false;
      reason: 'no slot yet today' | 'slot before LeadOps was running' | 'already posted';
      reportDate: LocalDate | null;
    };

/**
 * The catch-up decision, a pure function of the clock, the schedule, the last report date
 * posted and when LeadOps first ran its schedule: once today's slot has passed, that slot's
 * report is due unless it is already posted. Only today's slot counts (a report missed
 * yesterday stays missed), and only a slot missed while LeadOps was installed: the first
 * start after 08:00 does not post a report nobody scheduled yet.
 */
export function catchUpDecision(
  now: number,
  schedule: ReportSchedule,
  accountTimezone: string,
  lastPosted: LocalDate | null,
  scheduledSince: number,
): CatchUpDecision {
  const slot = latestSlotToday(schedule, now);
  if (slot === null) return { due: false, reason: 'no slot yet today', reportDate: null };
  const reportDate = reportDateAt(slot, accountTimezone);
  if (slot < scheduledSince) return { due: false, reason: 'slot before LeadOps was running', reportDate };
  if (lastPosted !== null && lastPosted >= reportDate)
    return { due: false, reason: 'already posted', reportDate };
  return { due: true, reportDate, slot };
}

/** Each account's report at REPORT_CRON in its own time zone; TIMEZONE, when set, holds for all. */
export function reportScheduleFor(
  account: { timezone: string },
  expression: string,
  timezoneOverride: string | null,
): ReportSchedule {
  return { expression, timezone: timezoneOverride ?? account.timezone };
}

/** The accounts by the zone their schedule runs in (one node-cron task per zone), in their order. */
export function scheduleZones<T extends { timezone: string }>(
  accounts: readonly T[],
  timezoneOverride: string | null,
): Map<string, T[]> {
  const zones = new Map<string, T[]>();
  for (const account of accounts) {
    const zone = timezoneOverride ?? account.timezone;
    zones.set(zone, [...(zones.get(zone) ?? []), account]);
  }
  return zones;
}

/**
 * The first slot whose report covers `date` for an account in `accountTimezone` (a slot
 * during the account's next day), or null when the schedule has none then.
 */
export function slotReporting(
  schedule: ReportSchedule,
  accountTimezone: string,
  date: LocalDate,
): number | null {
  const from = startOfLocalDay(addDays(date, 1), accountTimezone);
  const to = startOfLocalDay(addDays(date, 2), accountTimezone) - 1;
  return scheduledSlots(schedule, from, to)[0] ?? null;
}
