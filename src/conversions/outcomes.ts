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
import { getLead, type StoredLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import type { Logger } from '../log.js';
import type { Cents } from '../money.js';
import type { AlertRefresher } from './alert.js';
import type { CapiEffect, OutcomeResult } from './outcome-result.js';
import { capiSettings, eventNameOf, MAX_EVENT_AGE_SECONDS, queueStage, stagesFor } from './stages.js';

export interface OutcomeInput {
  leadId: string;
  outcome: Outcome;
  /** Slack user id (the terminal's own user in the demo). */
  userId: string;
  /** Signed cases only; unset → CASE_VALUE. */
  valueCents?: Cents | null;
}

export interface LeadOutcomesDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  refresher: AlertRefresher;
  /** CASE_VALUE, the signed-case value when none is given. */
  caseValueCents: Cents;
}

export const CASE_VALUE_PROBLEM =
  'The case value must be an amount in dollars above 0, e.g. 5000 or 12,500.50.';

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

  async record(input: OutcomeInput): Promise<OutcomeResult> {
    const { db, clock } = this.deps;
    const lead = getLead(db, input.leadId);
    if (!lead) return { kind: 'no_lead' };
    let valueCents: Cents | null = null;
    if (input.outcome === 'signed') {
      valueCents = input.valueCents ?? this.deps.caseValueCents;
      if (!Number.isSafeInteger(valueCents) || valueCents <= 0)
        return { kind: 'invalid_value', problem: CASE_VALUE_PROBLEM };
    }
    const now = clock.nowMilliseconds();
    const result = db.transaction((): OutcomeResult => {
      const number = leadNumber(db, lead.id);
      const current = latestOutcome(db, lead.id);
      if (current?.outcome === input.outcome) return { kind: 'unchanged', lead, number, entry: current };
      const entry = insertOutcome(db, {
        leadId: lead.id,
        outcome: input.outcome,
        valueCents,
        userId: input.userId,
        recordedAt: now,
      });
      return {
        kind: 'recorded',
        lead,
        number,
        entry,
        capi: this.queue(lead, input.outcome, valueCents, now),
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
  private queue(lead: StoredLead, outcome: Outcome, valueCents: Cents | null, now: number): CapiEffect {
    const { db } = this.deps;
    const settings = capiSettings(db);
    if (!settings) return 'off';
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
