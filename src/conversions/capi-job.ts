// The outbox job behind every Conversions API event: one stage of one lead to Meta, the
// lead's earlier stages first, retried while Meta is unreachable, reported when it cannot be.
import type { Clock } from '../clock.js';
import { formatLocalTime } from '../dates/calendar.js';
import {
  type CapiEvent,
  capiEventsOf,
  getCapiEvent,
  markNotSent,
  markReported,
  markSent,
  recordFailure,
} from '../db/capi-events.js';
import { formNames, latestOutcome, leadNumber } from '../db/lead-outcomes.js';
import { getLead, type StoredLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { ErrorCode } from '../errors.js';
import type { LeadAccounts, LeadPlace } from '../leads/lead-account.js';
import type { Logger } from '../log.js';
import { leadDisplayName } from '../messages/lead-alert.js';
import { buildCapiFailureNotice, buildCapiRetryNotice, leadRef } from '../messages/lead-outcome.js';
import { type ChannelMessage, type Messenger, MessengerError } from '../messages/messenger.js';
import type { ConversionsApi } from '../meta/conversions-api.js';
import { toMetaError } from '../meta/errors.js';
import type { JobHandler, JobOutcome } from '../outbox/worker.js';
import { type AlertRefresher, alertLocation, alertPending } from './alert.js';
import { buildServerEvent } from './events.js';
import { MAX_EVENT_AGE_SECONDS, parseCapiSubject, stageRank } from './stages.js';

export interface CapiJobDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The Conversions API of one dataset (the lead's account's). */
  apiFor: (datasetId: string) => ConversionsApi;
  /** Each lead's account: its dataset, currency and time zone. */
  accounts: Pick<LeadAccounts, 'settle' | 'placeOf'>;
  /** DEFAULT_COUNTRY_CODE, for phone numbers written without one. */
  countryCode: string;
  messenger: Messenger;
  refresher: AlertRefresher;
  /** After this many unanswered sends the alert's thread is told (once); the tries go on. */
  reportAfterFailures?: number;
  /** A lead Meta only notified us of is sent once read, or after this long with its id alone. */
  detailsWaitMs?: number;
}

const REPORT_AFTER_FAILURES = 5;
const DETAILS_WAIT_MS = 10 * 60_000;
/** Sent this close to Meta's 7-day limit, an event could arrive too old: LeadOps stops a minute early. */
const AGE_MARGIN_SECONDS = 60;
/** Why a lead's events stay in LeadOps: META_PIXEL_ID has no dataset for its account. */
export const NO_DATASET_REASON = 'META_PIXEL_ID names no dataset for this lead’s ad account';

/**
 * The job for subject `${leadId}:${stage}`. Jobs of one lead run one at a time; each sends
 * every stage of the lead still waiting, in funnel order, in one request, so Meta never sees
 * a later stage first (and a later job finds its stage sent). Meta deduplicates on the
 * stable event_id as well.
 */
export function capiEventJob(deps: CapiJobDeps): JobHandler {
  const locks = new Map<string, Promise<unknown>>();
  const reportAfter = deps.reportAfterFailures ?? REPORT_AFTER_FAILURES;
  const detailsWait = deps.detailsWaitMs ?? DETAILS_WAIT_MS;

  const runLocked = (leadId: string, work: () => Promise<JobOutcome>): Promise<JobOutcome> => {
    const previous = locks.get(leadId) ?? Promise.resolve();
    const next = previous.then(work, work);
    locks.set(leadId, next);
    return next.finally(() => {
      if (locks.get(leadId) === next) locks.delete(leadId);
    });
  };

  async function run(leadId: string, stage: CapiEvent['stage']): Promise<JobOutcome> {
    const { db, clock } = deps;
    const event = getCapiEvent(db, leadId, stage);
    if (!event) return { done: { skipped: 'no such event' } };
    if (event.state === 'pending') {
      const lead = getLead(db, leadId);
      if (!lead) {
        markNotSent(
          db,
          leadId,
          stage,
          'refused',
          'the lead is not in LeadOps’ store',
          null,
          clock.nowMilliseconds(),
        );
      } else if (lead.state === 'notified' && clock.nowMilliseconds() - event.createdAt < detailsWait) {
        // Matched better with the lead's email and phone: wait for the alert job to read them.
        return { retry: 'waiting for the lead’s details from Meta' };
      } else {
        // The dataset is the lead's account's: its ad's account is read first if not known yet.
        const waiting = await deps.accounts.settle(lead);
        if (waiting) return { retry: waiting };
        const current = getLead(db, leadId) ?? lead;
        const outcome = await send(current, event, deps.accounts.placeOf(current));
        if (outcome) return outcome;
      }
    }
    return finish(leadId, stage);
  }

  /** Sends every waiting stage of the lead (this one included); a retry outcome when Meta did not answer. */
  async function send(lead: StoredLead, event: CapiEvent, place: LeadPlace): Promise<JobOutcome | null> {
    const { db, clock, logger } = deps;
    const now = clock.nowMilliseconds();
    const { dataset } = place;
    if (dataset === null) {
      // Recorded, not sent: a choice made in META_PIXEL_ID, not a failure to tell the thread about.
      for (const pending of capiEventsOf(db, lead.id).filter((e) => e.state === 'pending')) {
        markNotSent(db, lead.id, pending.stage, 'refused', NO_DATASET_REASON, null, now);
        markReported(db, lead.id, pending.stage, 'failure', now);
      }
      return null;
    }
    const nowSeconds = Math.floor(now / 1000);
    const batch: CapiEvent[] = [];
    // Every stage of the lead still waiting goes in this one request, in funnel order.
    const waiting = capiEventsOf(db, lead.id)
      .filter((e) => e.state === 'pending')
      .sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
    for (const pending of waiting) {
      if (nowSeconds - pending.eventTime > MAX_EVENT_AGE_SECONDS - AGE_MARGIN_SECONDS) {
        const when = formatLocalTime(pending.eventTime * 1000, place.timezone);
        markNotSent(
          db,
          lead.id,
          pending.stage,
          'refused',
          `it happened ${when}, and Meta takes Conversions API events up to 7 days old`,
          null,
          now,
        );
      } else {
        batch.push(pending);
      }
    }
    if (batch.length === 0) return null;
    const person = {
      leadId: lead.id,
      fullName: lead.fullName,
      email: lead.email,
      phone: lead.phone,
      ...formNames(db, lead.id),
    };
    try {
      const answer = await deps
        .apiFor(dataset)
        .send(batch.map((e) => buildServerEvent(e, person, deps.countryCode, place.currency)));
      for (const sent of batch) markSent(db, lead.id, sent.stage, answer, clock.nowMilliseconds());
      logger.info(
        {
          lead: lead.id,
          events: batch.map((e) => e.eventName),
          eventsReceived: answer.eventsReceived,
          fbtraceId: answer.fbtraceId,
          messages: answer.messages,
        },
        'Conversions API events sent',
      );
      return null;
    } catch (thrown) {
      const error = toMetaError(thrown);
      const unanswered = error.retryable || error.code === ErrorCode.MetaTokenInvalid;
      if (!unanswered) {
        const reason = error.details.userMsg
          ? `${error.details.userTitle ? `${error.details.userTitle}: ` : ''}${error.details.userMsg}`
          : error.details.graphMessage || error.message;
        for (const refused of batch)
          markNotSent(
            db,
            lead.id,
            refused.stage,
            'failed',
            reason,
            error.details.fbtraceId,
            clock.nowMilliseconds(),
          );
        logger.warn(
          { lead: lead.id, events: batch.map((e) => e.eventName), fbtraceId: error.details.fbtraceId },
          `Conversions API refused the events: ${reason}`,
        );
        return null;
      }
      let failures = 0;
      for (const failed of batch)
        failures = Math.max(failures, recordFailure(db, lead.id, failed.stage, error.message));
      if (failures >= reportAfter) await reportRetry(lead, event, failures, error.message, place.timezone);
      // The alert says so at the first failure and when the thread is told, not at every try.
      if (failures === 1 || failures === reportAfter) await deps.refresher.refresh(lead.id);
      return { retry: `Conversions API: ${error.message}` };
    }
  }

  /** Once per lead while its events wait: Meta is not answering, LeadOps keeps trying. */
  async function reportRetry(
    lead: StoredLead,
    event: CapiEvent,
    failures: number,
    error: string,
    timezone: string,
  ): Promise<void> {
    const { db, clock } = deps;
    const pending = capiEventsOf(db, lead.id).filter((e) => e.state === 'pending');
    if (pending.some((e) => e.retryReportedAt !== null)) return;
    const until = formatLocalTime((event.eventTime + MAX_EVENT_AGE_SECONDS) * 1000, timezone);
    const message = buildCapiRetryNotice({
      lead: leadRef(leadNumber(db, lead.id), leadDisplayName(lead)),
      eventName: event.eventName,
      failures,
      error,
      until,
    });
    if (await postInThread(lead.id, message))
      markReported(db, lead.id, event.stage, 'retry', clock.nowMilliseconds());
  }

  /** After the send: a refused event is told in the alert's thread; the alert shows where it stands. */
  async function finish(leadId: string, stage: CapiEvent['stage']): Promise<JobOutcome> {
    const { db, clock } = deps;
    const event = getCapiEvent(db, leadId, stage);
    if (!event) return { done: { skipped: 'no such event' } };
    if ((event.state === 'failed' || event.state === 'refused') && event.failureReportedAt === null) {
      const lead = getLead(db, leadId);
      const message = buildCapiFailureNotice({
        lead: leadRef(leadNumber(db, leadId), lead ? leadDisplayName(lead) : `Lead ${leadId}`),
        eventName: event.eventName,
        state: event.state,
        reason: event.reason ?? 'no reason given',
        fbtraceId: event.fbtraceId,
      });
      const posted = await postInThread(leadId, message);
      if (posted === null && alertPending(db, leadId))
        return { retry: 'waiting for the lead alert, to report in its thread' };
      if (posted === false) return { retry: 'Slack did not take the report' };
      // No alert will ever be posted (no such lead): the reason stays in capi_events and the log.
      markReported(db, leadId, stage, 'failure', clock.nowMilliseconds());
    }
    // The alert shows the current outcome's event: refreshed when that is the one settled.
    if (latestOutcome(db, leadId)?.outcome === stage) await deps.refresher.refresh(leadId);
    return {
      done: {
        state: event.state,
        eventId: event.eventId,
        eventsReceived: event.eventsReceived,
        fbtraceId: event.fbtraceId,
        ...(event.reason ? { reason: event.reason } : {}),
      },
    };
  }

  /** true once posted; null when the alert is not posted yet; false when Slack failed. */
  async function postInThread(leadId: string, message: ChannelMessage): Promise<boolean | null> {
    const posted = alertLocation(deps.db, leadId);
    if (!posted) return null;
    try {
      await deps.messenger.post(deps.messenger.channelOf(posted), message, { thread: posted });
      return true;
    } catch (error) {
      if (error instanceof MessengerError) {
        deps.logger.warn(
          { lead: leadId, err: { message: error.message } },
          'Conversions API report not posted',
        );
        return false;
      }
      throw error;
    }
  }

  return async (item) => {
    const parsed = parseCapiSubject(item.subject);
    if (!parsed) return { done: { skipped: `not a Conversions API subject: ${item.subject}` } };
    return runLocked(parsed.leadId, () => run(parsed.leadId, parsed.stage));
  };
}
