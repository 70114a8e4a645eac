import type { LocalDate } from '../dates/calendar.js';
import type { Minor } from '../money.js';
import type { RuleName } from './definitions.js';

/** One ad set's figures over one window, as the rules read them. */
export interface Figures {
  /** The Meta preset, e.g. `last_3d`. */
  window: string;
  since: LocalDate;
  until: LocalDate;
  /** In the account currency's Meta unit (cents, whole yen); the name predates currencies. */
  spendCents: Minor;
  impressions: number;
  leads: number;
  /** Impressions per person over the window; null when Meta gave no reach. */
  frequency: number | null;
}

/** Pause beats reduce beats scale: the most protective verdict wins. */
export type VerdictAction = 'pause' | 'reduce' | 'scale';

/** What to compare when deciding whether a repeat proposal is "materially worse". */
export interface Severity {
  metric: 'cpl' | 'spend' | 'frequency' | 'ctr_drop';
  value: number;
}

/** A rule's conclusion about one ad set. */
export interface Verdict {
  rule: RuleName;
  action: VerdictAction;
  /** Signed budget change in percent for reduce/scale (+20, −15); null for pause. */
  changePct: number | null;
  /** Why, in words, with the figures and the thresholds crossed. */
  reason: string;
  figures: Figures;
  /** Posted as urgent, mentioning the approvers. */
  urgent: boolean;
  /** Null when getting "worse" has no meaning (scaling). */
  severity: Severity | null;
}
