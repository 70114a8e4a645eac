// What a click on an outcome button did: the domain's answer, which messages describe.
import type { LeadOutcome } from '../db/lead-outcomes.js';
import type { StoredLead } from '../db/leads.js';
import type { CurrencyCode } from '../money.js';

/** What happens at Meta because of this click (`no_dataset`: on, but not for the lead's account). */
export type CapiEffect = 'queued' | 'off' | 'no_dataset' | 'not_sent';

/** `currency`: the lead's account currency, the one a signed case's value is in. */
export type OutcomeResult =
  | {
      kind: 'recorded';
      lead: StoredLead;
      number: number;
      entry: LeadOutcome;
      currency: CurrencyCode | null;
      capi: CapiEffect;
    }
  /** The lead already has this outcome (a double click): nothing new is stored or sent. */
  | { kind: 'unchanged'; lead: StoredLead; number: number; entry: LeadOutcome; currency: CurrencyCode | null }
  | { kind: 'no_lead' }
  | { kind: 'invalid_value'; problem: string };
