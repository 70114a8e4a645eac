// Marking a lead: the one domain function behind Slack's outcome buttons (and the modal)
// and the terminal's `contacted N` / `qualify N` / `sign N 5000` / `junk N`.
import type { Clock } from '../clock.js';
import { getCapiEvent } from '../db/capi-events.js';
import {
  insertOutcome,
  latestOutcome,
  leadIdByNumber,
  leadNumber,
  type Outcome,
} from '../db/lead-outcomes.js';
import { recordFirstContact, stopLeadClock } from '../db/lead-speed.js';
import { getLead, type StoredLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import type { LeadAccounts } from '../leads/lead-account.js';
import type { Logger } from '../log.js';
import { type CurrencyCode, currencyOffset, type Minor, minorFromDecimal, minorFromInput } from '../money.js';
import type { AlertRefresher } from './alert.js';
import type { CapiEffect, OutcomeResult } from './outcome-result.js';
import { capiSettings, eventNameOf, MAX_EVENT_AGE_SECONDS, queueStage, stagesFor } from './stages.js';

export interface OutcomeInput {
  leadId: string;
  outcome: Outcome;
  /** Slack user id (the terminal's own user in the demo). */
  userId: string;
  /** Signed cases only, in the lead's account currency (see parseValue); unset → CASE_VALUE. */
  valueCents?: Minor | null;
}

export interface LeadOutcomesDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  refresher: AlertRefresher;
  /** Each lead's account: the currency its case value is in, the dataset its events go to. */
  accounts: Pick<LeadAccounts, 'placeOf'>;
  /** CASE_VALUE: the signed-case value when none is given, a decimal amount in each account's currency. */
  caseValue: string;
}

/** What a typed case value must be, in the lead's account currency. */
export function caseValueProblem(currency: CurrencyCode): string {
  const example = currencyOffset(currency) === 100 ? '5000 or 12,500.50' : '5000 or 12,500';
  return `The case value must be an amount in ${currency} above 0, e.g. ${example}.`;
}

export const NO_CURRENCY_PROBLEM =
  'This lead came from no ad account LeadOps serves, so its case value has no currency: record the signed case without a value.';

/**
 * Records outcomes (history kept, the latest wins), queues their Conversions API stages in
 * the same transaction, and updates the alert in place.
 */
export class LeadOutcomes {
  private wake: () => void = () => {};

  constructor(private readonly deps: LeadOutcomesDeps) {}

  /** The outbox to wake when a stage is queued (set once the worker exists). */
  onQueued(wake: () => void): void {
    this.wake = wake;
  }

  /** The lead behind the short number an alert shows. */
  leadIdOf(number: number): string | null {
    return leadIdByNumber(this.deps.db, number);
  }

  /** The currency the lead's case value is in: its account's; null when no account says. */
  currencyOf(leadId: string): CurrencyCode | null {
    const lead = getLead(this.deps.db, leadId);
    return lead ? this.deps.accounts.placeOf(lead).currency : null;
  }

  /** CASE_VALUE in the currency (0 when unset, or without a currency). */
  defaultValue(currency: CurrencyCode | null): Minor {
    return currency === null ? 0 : minorFromDecimal(this.deps.caseValue, currency);
  }

  /**
   * A case value someone typed for the lead ("5000", "12,500.50", "¥8,000"), in its account
   * currency. Nothing typed → null (CASE_VALUE then applies).
   */
  parseValue(leadId: string, text: string): { valueCents: Minor | null } | { problem: string } {
    const currency = this.currencyOf(leadId);
    if (text.trim() === '') return { valueCents: null };
    if (currency === null) return { problem: NO_CURRENCY_PROBLEM };
    const value = minorFromInput(text, currency);
    return value === null || value <= 0 ? { problem: caseValueProblem(currency) } : { valueCents: value };
  }

  async record(input: OutcomeInput): Promise<OutcomeResult> {
    const { db, clock } = this.deps;
    const lead = getLead(db, input.leadId);
    if (!lead) return { kind: 'no_lead' };
    const place = this.deps.accounts.placeOf(lead);
    const { currency } = place;
    let valueCents: Minor | null = null;
    if (input.outcome === 'signed' && currency === null) {
      // Several accounts, none the lead's: a value would have no currency.
      if (input.valueCents != null) return { kind: 'invalid_value', problem: NO_CURRENCY_PROBLEM };
    } else if (input.outcome === 'signed' && currency !== null) {
      valueCents = input.valueCents ?? this.defaultValue(currency);
      if (!Number.isSafeInteger(valueCents) || valueCents <= 0)
        return { kind: 'invalid_value', problem: caseValueProblem(currency) };
    }
    const now = clock.nowMilliseconds();
    const result = db.transaction((): OutcomeResult => {
      const number = leadNumber(db, lead.id);
      const current = latestOutcome(db, lead.id);
      if (current?.outcome === input.outcome)
        return { kind: 'unchanged', lead, number, entry: current, currency };
      const entry = insertOutcome(db, {
        leadId: lead.id,
        outcome: input.outcome,
        valueCents,
        userId: input.userId,
        recordedAt: now,
      });
      // Speed to lead: the first Contacted (or later) stops the clock and its timers; Junk stops it too.
      if (input.outcome === 'junk') stopLeadClock(db, lead.id, now);
      else recordFirstContact(db, lead.id, now, input.userId, input.outcome);
      return {
        kind: 'recorded',
        lead,
        number,
        entry,
        currency,
        capi: this.queue(lead, place.dataset !== null, input.outcome, valueCents, now),
      };
    })();
    if (result.kind === 'recorded') {
      if (result.capi === 'queued') this.wake();
      this.deps.logger.info(
        { lead: lead.id, outcome: input.outcome, user: input.userId, capi: result.capi },
        'lead outcome recorded',
      );
      await this.deps.refresher.refresh(lead.id);
    }
    return result;
  }

  /**
   * The outcome's stages (and any earlier one not sent yet), in funnel order, inside the
   * transaction that records it. Event time: the click, never before Meta created the lead.
   */
  private queue(
    lead: StoredLead,
    hasDataset: boolean,
    outcome: Outcome,
    valueCents: Minor | null,
    now: number,
  ): CapiEffect {
    const { db } = this.deps;
    const settings = capiSettings(db);
    if (!settings) return 'off';
    if (!hasDataset) return 'no_dataset';
    if (!eventNameOf(settings.stages, outcome)) return 'not_sent';
    // A lead stored before the Conversions API was on gets its initial stage first, if Meta can still take it.
    const receivedSeconds = Math.floor(Math.max(lead.receivedAt, lead.createdTime ?? 0) / 1000);
    if (
      !getCapiEvent(db, lead.id, 'lead') &&
      Math.floor(now / 1000) - receivedSeconds < MAX_EVENT_AGE_SECONDS
    ) {
      queueStage(db, settings, {
        leadId: lead.id,
        stage: 'lead',
        eventTime: receivedSeconds,
        valueCents: null,
        now,
      });
    }
    const eventTime = Math.floor(Math.max(now, lead.createdTime ?? now) / 1000);
    for (const stage of stagesFor(outcome)) {
      queueStage(db, settings, {
        leadId: lead.id,
        stage,
        eventTime,
        valueCents: stage === 'signed' ? valueCents : null,
        now,
      });
    }
    return 'queued';
  }
}
