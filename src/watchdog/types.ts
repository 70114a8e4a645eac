/** The watchdog's checks, in the order /watchdog lists them. */
export const CHECK_NAMES = ['drought', 'delivery', 'token', 'account', 'ads', 'cpl', 'usage'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/** Something wrong that a check sees now. */
export interface Condition {
  /** Stable within its check: `token`, `status`, `ad:1202…`. One key = one alert while it lasts. */
  key: string;
  /** A change of level while the condition lasts (7 days left → 1 day left) is announced again. */
  level: string;
  /** One line, figures included: `No leads for 4 h while spending $112.00`. */
  title: string;
  /** The figures behind it, in a sentence or two. */
  detail: string;
  /** What to do about it. */
  fix: string;
}

/**
 * One check's verdict. `unknown`: it could not tell (Meta did not answer, too little data), so
 * every condition it had is held as it was. `held` keys are likewise left alone while the rest
 * of the check is judged.
 */
export interface CheckResult {
  check: CheckName;
  state: 'ok' | 'alert' | 'unknown';
  /** What was seen, in one line: shown by /watchdog and /healthz, and under a "resolved" message. */
  summary: string;
  conditions: Condition[];
  held?: string[];
}

/** A condition as the watchdog remembers it, across runs and restarts. */
export interface ConditionRecord extends Condition {
  check: CheckName;
  /** What the last evaluation saw. */
  active: boolean;
  /** When this episode began. */
  startedAt: number;
  /** The last evaluation that saw it. */
  seenAt: number;
  /** When it was last seen gone (null while active). */
  endedAt: number | null;
  /** The level Slack was last told about; null = Slack believes all is well. */
  announcedLevel: string | null;
  announcedAt: number | null;
}

/** What the watchdog has to tell Slack about one condition. */
export interface Announcement {
  kind: 'start' | 'change' | 'end';
  record: ConditionRecord;
}
