import type { Database } from 'better-sqlite3';
import type { Minor } from '../money.js';
import type { Stage } from './lead-outcomes.js';
import { prepared } from './prepared.js';

/**
 * One Conversions API event: a lead reaching a stage. `pending` until Meta accepts it
 * (`sent`) or it cannot be (`failed`: Meta refused it; `refused`: LeadOps would not send it,
 * e.g. older than Meta's 7 days). Keyed (lead, stage): each stage reaches Meta once.
 */
export interface CapiEvent {
  leadId: string;
  stage: Stage;
  eventName: string;
  eventId: string;
  /** Unix seconds, as Meta takes it. */
  eventTime: number;
  /** A signed case's value, in the lead's account currency's smallest unit (column `value_cents`). */
  valueCents: Minor | null;
  state: 'pending' | 'sent' | 'failed' | 'refused';
  /** Sends that did not get an answer from Meta, so far. */
  failures: number;
  lastError: string | null;
  eventsReceived: number | null;
  fbtraceId: string | null;
  messages: string[];
  /** Why it was not sent, in Meta's words (failed) or LeadOps' (refused). */
  reason: string | null;
  /** When the thread was told Meta is not answering and LeadOps keeps trying. */
  retryReportedAt: number | null;
  /** When the thread was told the event will not reach Meta, and why. */
  failureReportedAt: number | null;
  createdAt: number;
  finishedAt: number | null;
}

interface CapiRow extends Omit<CapiEvent, 'messages'> {
  messages: string | null;
}

const COLUMNS = `lead_id AS leadId, stage, event_name AS eventName, event_id AS eventId, event_time AS eventTime,
  value_cents AS valueCents, state, failures, last_error AS lastError, events_received AS eventsReceived,
  fbtrace_id AS fbtraceId, messages, reason, retry_reported_at AS retryReportedAt, failure_reported_at AS failureReportedAt, created_at AS createdAt,
  finished_at AS finishedAt`;

function fromRow(row: CapiRow): CapiEvent {
  return { ...row, messages: row.messages ? (JSON.parse(row.messages) as string[]) : [] };
}

/** Adds the event unless this lead already has this stage; true when added. */
export function insertCapiEvent(
  db: Database,
  event: Pick<
    CapiEvent,
    'leadId' | 'stage' | 'eventName' | 'eventId' | 'eventTime' | 'valueCents' | 'createdAt'
  >,
): boolean {
  return (
    prepared(
      db,
      `INSERT INTO capi_events (lead_id, stage, event_name, event_id, event_time, value_cents, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(
      event.leadId,
      event.stage,
      event.eventName,
      event.eventId,
      event.eventTime,
      event.valueCents,
      event.createdAt,
    ).changes === 1
  );
}

export function getCapiEvent(db: Database, leadId: string, stage: Stage): CapiEvent | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM capi_events WHERE lead_id = ? AND stage = ?`).get(
    leadId,
    stage,
  ) as CapiRow | undefined;
  return row ? fromRow(row) : null;
}

export function capiEventsOf(db: Database, leadId: string): CapiEvent[] {
  return (
    prepared(db, `SELECT ${COLUMNS} FROM capi_events WHERE lead_id = ? ORDER BY event_time, created_at`).all(
      leadId,
    ) as CapiRow[]
  ).map(fromRow);
}

export function markSent(
  db: Database,
  leadId: string,
  stage: Stage,
  answer: { eventsReceived: number; fbtraceId: string | null; messages: string[] },
  now: number,
): void {
  prepared(
    db,
    `UPDATE capi_events SET state = 'sent', events_received = ?, fbtrace_id = ?, messages = ?, finished_at = ?,
       last_error = NULL WHERE lead_id = ? AND stage = ? AND state = 'pending'`,
  ).run(answer.eventsReceived, answer.fbtraceId, JSON.stringify(answer.messages), now, leadId, stage);
}

/** Meta refused it (`failed`, with its trace id) or LeadOps would not send it (`refused`). */
export function markNotSent(
  db: Database,
  leadId: string,
  stage: Stage,
  state: 'failed' | 'refused',
  reason: string,
  fbtraceId: string | null,
  now: number,
): void {
  prepared(
    db,
    `UPDATE capi_events SET state = ?, reason = ?, fbtrace_id = coalesce(?, fbtrace_id), finished_at = ?
       WHERE lead_id = ? AND stage = ? AND state = 'pending'`,
  ).run(state, reason, fbtraceId, now, leadId, stage);
}

/** A send Meta did not answer; the outbox tries again. */
export function recordFailure(db: Database, leadId: string, stage: Stage, error: string): number {
  prepared(
    db,
    `UPDATE capi_events SET failures = failures + 1, last_error = ? WHERE lead_id = ? AND stage = ? AND state = 'pending'`,
  ).run(error, leadId, stage);
  return getCapiEvent(db, leadId, stage)?.failures ?? 0;
}

export function markReported(
  db: Database,
  leadId: string,
  stage: Stage,
  what: 'retry' | 'failure',
  now: number,
): void {
  const column = what === 'retry' ? 'retry_reported_at' : 'failure_reported_at';
  prepared(db, `UPDATE capi_events SET ${column} = ? WHERE lead_id = ? AND stage = ?`).run(
    now,
    leadId,
    stage,
  );
}
