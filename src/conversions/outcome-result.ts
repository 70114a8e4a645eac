// What a click on an outcome button did: the domain's answer, which messages describe.
import type { LeadOutcome } from '../db/lead-outcomes.js';
import type { StoredLead } from '../db/leads.js';

/** What happens at Meta because of this click. */
export type CapiEffect = 'queued' | 'off' | 'not_sent';

export type OutcomeResult =
  | { kind: 'recorded'; lead: StoredLead; number: number; entry: LeadOutcome; capi: CapiEffect }
  /** The lead already has this outcome (a double click): nothing new is stored or sent. */
  | { kind: 'unchanged'; lead: StoredLead; number: number; entry: LeadOutcome }
  | { kind: 'no_lead' }
  | { kind: 'invalid_value'; problem: string };
