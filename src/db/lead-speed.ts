import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** How a lead got its owner: round-robin from the account's roster, or someone clicked Claim. */
export type OwnedVia = 'round_robin' | 'claim';
/** A timer's state: waiting to fire, fired (once), or not needed any more (contacted, junk, nobody to remind). */
export type TimerState = 'pending' | 'sent' | 'skipped';
/** The outcomes that count as the first contact. */
export type ContactOutcome = 'contacted' | 'qualified' | 'signed';

/** One lead's clock: from its start (creation, or opening time) to its first contact, and its timers. */
export interface LeadSpeed {
  leadId: string;
  accountId: string | null;
  /** The lead's creation (Meta's created_time, else when it was received): what ranges are about. */
  leadCreatedAt: number;
  /** When the clock started: the creation, or the next opening time for a lead that came after hours. */
  clockStartAt: number;
  ownerId: string | null;
  ownedVia: OwnedVia | null;
  /** Since when the current owner owns it. */
  ownedAt: number | null;
  /** The first owner's time and way: time to claim = firstOwnedAt − clockStartAt. */
  firstOwnedAt: number | null;
  firstOwnedVia: OwnedVia | null;
  /** A round-robin assignment waiting for this time (opening time); null once done or when there is none. */
  assignAt: number | null;
  firstContactAt: number | null;
  firstContactBy: string | null;
  firstContactOutcome: ContactOutcome | null;
  /** Marked Junk before any contact: the clock stopped. */
  stoppedAt: number | null;
  reminderDueAt: number | null;
  reminderState: TimerState;
  reminderSentAt: number | null;
  reminderLate: boolean;
  escalationDueAt: number | null;
  escalationState: TimerState;
  escalationSentAt: number | null;
  escalationLate: boolean;
  /** The channel alert (a stored MessageRef). */
  alertRef: string | null;
  /** The assignee's DM (a stored MessageRef). */
  dmRef: string | null;
  /**
   * The round-robin assignee's DM: `pending` from the assignment (its due time) until Slack
   * takes it (`sent`, once), or `skipped` (claimed by someone else, contacted, junk first);
   * `none` for leads nobody was assigned to by round-robin.
   */
  dmState: DmState;
  /** When the DM was owed: the assignment's time. */
  dmDueAt: number | null;
  dmSentAt: number | null;
  /** Sent well after the assignment (Slack was down): the DM says so. */
  dmLate: boolean;
}

/** The assignee's DM: owed since the assignment, sent once, or not needed any more. */
export type DmState = 'none' | 'pending' | 'sent' | 'skipped';

const COLUMNS = `lead_id AS leadId, account_id AS accountId, lead_created_at AS leadCreatedAt,
  clock_start_at AS clockStartAt, owner_id AS ownerId, owned_via AS ownedVia, owned_at AS ownedAt,
  first_owned_at AS firstOwnedAt, first_owned_via AS firstOwnedVia, assign_at AS assignAt,
  first_contact_at AS firstContactAt, first_contact_by AS firstContactBy,
  first_contact_outcome AS firstContactOutcome, stopped_at AS stoppedAt,
  reminder_due_at AS reminderDueAt, reminder_state AS reminderState, reminder_sent_at AS reminderSentAt,
  reminder_late AS reminderLate, escalation_due_at AS escalationDueAt, escalation_state AS escalationState,
  escalation_sent_at AS escalationSentAt, escalation_late AS escalationLate, alert_ref AS alertRef,
  dm_ref AS dmRef, dm_state AS dmState, dm_due_at AS dmDueAt, dm_sent_at AS dmSentAt, dm_late AS dmLate`;

type Row = Omit<LeadSpeed, 'reminderLate' | 'escalationLate' | 'dmLate'> & {
  reminderLate: number;
  escalationLate: number;
  dmLate: number;
};

function fromRow(row: Row): LeadSpeed {
  return {
    ...row,
    reminderLate: row.reminderLate === 1,
    escalationLate: row.escalationLate === 1,
    dmLate: row.dmLate === 1,
  };
}

export interface LeadClockStart {
  leadId: string;
  accountId: string | null;
  leadCreatedAt: number;
  clockStartAt: number;
  /** The reminder's due time (clock start + SLA); null → no reminder. */
  reminderDueAt: number | null;
  /** The escalation's due time (clock start + 3 × SLA); null → no escalation. */
  escalationDueAt: number | null;
  /** When round-robin should assign it (now, or opening time); null → no roster, nobody is assigned. */
  assignAt: number | null;
}

/** Starts a lead's clock; false when it already has one (a lead alert retried, a restart). */
export function startLeadClock(db: Database, start: LeadClockStart): boolean {
  return (
    prepared(
      db,
      `INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, reminder_due_at,
           reminder_state, escalation_due_at, escalation_state, assign_at)
         VALUES (@leadId, @accountId, @leadCreatedAt, @clockStartAt, @reminderDueAt,
           CASE WHEN @reminderDueAt IS NULL THEN 'skipped' ELSE 'pending' END, @escalationDueAt,
           CASE WHEN @escalationDueAt IS NULL THEN 'skipped' ELSE 'pending' END, @assignAt)
         ON CONFLICT (lead_id) DO NOTHING`,
    ).run(start).changes === 1
  );
}

export function getLeadSpeed(db: Database, leadId: string): LeadSpeed | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM lead_speed WHERE lead_id = ?`).get(leadId) as
    | Row
    | undefined;
  return row ? fromRow(row) : null;
}

/**
 * The lead is `userId`'s now. Round-robin owes the assignee a DM (pending from now, sent by
 * the tick); a Claim drops a DM still owed to someone else (the clicker needs none).
 */
function own(db: Database, leadId: string, userId: string, via: OwnedVia, at: number): void {
  prepared(
    db,
    `UPDATE lead_speed SET owner_id = @userId, owned_via = @via, owned_at = @at,
         first_owned_at = coalesce(first_owned_at, @at), first_owned_via = coalesce(first_owned_via, @via),
         assign_at = NULL,
         dm_state = CASE WHEN @via = 'round_robin' THEN 'pending'
           WHEN dm_state = 'pending' THEN 'skipped' ELSE dm_state END,
         dm_due_at = CASE WHEN @via = 'round_robin' THEN @at ELSE dm_due_at END,
         dm_late = CASE WHEN @via = 'round_robin' THEN 0 ELSE dm_late END
       WHERE lead_id = @leadId`,
  ).run({ leadId, userId, via, at });
}

/** Round-robin gave the lead to `userId` (its DM now owed); false when it already had an owner (a Claim came first). */
export function assignLead(db: Database, leadId: string, userId: string, at: number): boolean {
  return db.transaction(() => {
    const current = getLeadSpeed(db, leadId);
    if (!current || current.ownerId !== null) {
      prepared(db, 'UPDATE lead_speed SET assign_at = NULL WHERE lead_id = ?').run(leadId);
      return false;
    }
    own(db, leadId, userId, 'round_robin', at);
    return true;
  })();
}

/** The clicker owns the lead (taking it from whoever had it). Returns the previous owner, or null. */
export function claimLead(
  db: Database,
  leadId: string,
  userId: string,
  at: number,
): { previousOwner: string | null } | null {
  return db.transaction(() => {
    const current = getLeadSpeed(db, leadId);
    if (!current) return null;
    if (current.ownerId !== userId) own(db, leadId, userId, 'claim', at);
    return { previousOwner: current.ownerId };
  })();
}

/** A round-robin assignment found nobody: it is not tried again (Claim still works). */
export function dropAssignment(db: Database, leadId: string): void {
  prepared(db, 'UPDATE lead_speed SET assign_at = NULL WHERE lead_id = ?').run(leadId);
}

/**
 * The first Contacted, Qualified or Signed case: the clock stops, pending timers are
 * dropped. False when the lead had its first contact already (or has no clock).
 */
export function recordFirstContact(
  db: Database,
  leadId: string,
  at: number,
  userId: string,
  outcome: ContactOutcome,
): boolean {
  return (
    prepared(
      db,
      `UPDATE lead_speed SET first_contact_at = @at, first_contact_by = @userId, first_contact_outcome = @outcome,
           reminder_state = CASE reminder_state WHEN 'pending' THEN 'skipped' ELSE reminder_state END,
           escalation_state = CASE escalation_state WHEN 'pending' THEN 'skipped' ELSE escalation_state END
         WHERE lead_id = @leadId AND first_contact_at IS NULL`,
    ).run({ leadId, at, userId, outcome }).changes === 1
  );
}

/** Junk before any contact: the clock stops, pending timers are dropped. False when already stopped or contacted. */
export function stopLeadClock(db: Database, leadId: string, at: number): boolean {
  return (
    prepared(
      db,
      `UPDATE lead_speed SET stopped_at = @at, assign_at = NULL,
           reminder_state = CASE reminder_state WHEN 'pending' THEN 'skipped' ELSE reminder_state END,
           escalation_state = CASE escalation_state WHEN 'pending' THEN 'skipped' ELSE escalation_state END
         WHERE lead_id = @leadId AND first_contact_at IS NULL AND stopped_at IS NULL`,
    ).run({ leadId, at }).changes === 1
  );
}

/** Leads whose round-robin assignment is due (opening time reached), oldest first. */
export function dueAssignments(db: Database, now: number, limit = 200): LeadSpeed[] {
  return (
    prepared(
      db,
      `SELECT ${COLUMNS} FROM lead_speed WHERE assign_at IS NOT NULL AND assign_at <= ? ORDER BY assign_at LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(fromRow);
}

/** A lead's timed steps; each has `<step>_state`, `_due_at`, `_sent_at` and `_late` columns. */
type TimedStep = 'reminder' | 'escalation' | 'dm';

/** Rows whose `step` (reminder, escalation, the assignee's DM) is pending and due, oldest first. */
function duePending(db: Database, step: TimedStep, now: number, limit: number): LeadSpeed[] {
  return (
    prepared(
      db,
      `SELECT ${COLUMNS} FROM lead_speed WHERE ${step}_state = 'pending' AND ${step}_due_at <= ?
         ORDER BY ${step}_due_at LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(fromRow);
}

/** Reminders due and not yet sent nor dropped, oldest first (whether there is an owner is the caller's question). */
export function dueReminders(db: Database, now: number, limit = 200): LeadSpeed[] {
  return duePending(db, 'reminder', now, limit);
}

/** Escalations due and not yet sent nor dropped, oldest first. */
export function dueEscalations(db: Database, now: number, limit = 200): LeadSpeed[] {
  return duePending(db, 'escalation', now, limit);
}

/** Assignees' DMs owed and not yet sent (Slack was down when they were assigned), oldest first. */
export function dueAssignmentDms(db: Database, now: number, limit = 200): LeadSpeed[] {
  return duePending(db, 'dm', now, limit);
}

/** `step` went out (once): `late` when well after its due time (Slack was down); false when it was not owed any more. */
function markSent(db: Database, step: TimedStep, leadId: string, at: number, late: boolean): boolean {
  return (
    prepared(
      db,
      `UPDATE lead_speed SET ${step}_state = 'sent', ${step}_sent_at = ?, ${step}_late = ?
         WHERE lead_id = ? AND ${step}_state = 'pending'`,
    ).run(at, late ? 1 : 0, leadId).changes === 1
  );
}

/** `step` is not needed any more: it never fires. */
function skipStep(db: Database, step: TimedStep, leadId: string): void {
  prepared(
    db,
    `UPDATE lead_speed SET ${step}_state = 'skipped' WHERE lead_id = ? AND ${step}_state = 'pending'`,
  ).run(leadId);
}

/** The assignee's DM went out (once); false when it was not owed any more. */
export function markAssignmentDmSent(db: Database, leadId: string, at: number, late: boolean): boolean {
  return markSent(db, 'dm', leadId, at, late);
}

/** The assignee's DM is not needed any more (claimed by someone else, contacted, junk): never sent. */
export function skipAssignmentDm(db: Database, leadId: string): void {
  skipStep(db, 'dm', leadId);
}

/** The earliest pending timer (assignment, its DM, reminder or escalation), for the tick and the bench; null when none. */
export function nextTimerAt(db: Database): number | null {
  const row = prepared(
    db,
    `SELECT min(t) AS at FROM (
       SELECT min(assign_at) AS t FROM lead_speed WHERE assign_at IS NOT NULL
       UNION ALL SELECT min(dm_due_at) FROM lead_speed WHERE dm_state = 'pending'
       UNION ALL SELECT min(reminder_due_at) FROM lead_speed WHERE reminder_state = 'pending'
       UNION ALL SELECT min(escalation_due_at) FROM lead_speed WHERE escalation_state = 'pending')`,
  ).get() as { at: number | null };
  return row.at;
}

/** The reminder went out (once): `late` when it went out well after its due time (Slack was down). */
export function markReminded(db: Database, leadId: string, at: number, late: boolean): boolean {
  return markSent(db, 'reminder', leadId, at, late);
}

/** The reminder is not needed (nobody owns the lead, it was contacted): it never fires. */
export function skipReminder(db: Database, leadId: string): void {
  skipStep(db, 'reminder', leadId);
}

export function markEscalated(db: Database, leadId: string, at: number, late: boolean): boolean {
  return markSent(db, 'escalation', leadId, at, late);
}

export function skipEscalation(db: Database, leadId: string): void {
  skipStep(db, 'escalation', leadId);
}

/** The channel alert's stored MessageRef. */
export function setAlertRef(db: Database, leadId: string, ref: string): void {
  prepared(db, 'UPDATE lead_speed SET alert_ref = ? WHERE lead_id = ?').run(ref, leadId);
}

/** The assignee's DM's stored MessageRef (the latest DM when the lead changed hands). */
export function setDmRef(db: Database, leadId: string, ref: string | null): void {
  prepared(db, 'UPDATE lead_speed SET dm_ref = ? WHERE lead_id = ?').run(ref, leadId);
}

/** A rep's leads not yet contacted nor junk, oldest clock first (the Home tab). */
export function openLeadsOf(db: Database, userId: string, limit = 50): LeadSpeed[] {
  return (
    prepared(
      db,
      `SELECT ${COLUMNS} FROM lead_speed WHERE owner_id = ? AND first_contact_at IS NULL AND stopped_at IS NULL
         ORDER BY clock_start_at LIMIT ?`,
    ).all(userId, limit) as Row[]
  ).map(fromRow);
}

/** Leads nobody owns, not contacted nor junk, oldest clock first; of one account or (null) of all. */
export function unownedOpenLeads(db: Database, accountId: string | null, limit = 50): LeadSpeed[] {
  return (
    prepared(
      db,
      `SELECT ${COLUMNS} FROM lead_speed WHERE owner_id IS NULL AND first_contact_at IS NULL AND stopped_at IS NULL
         AND (@accountId IS NULL OR account_id = @accountId)
         ORDER BY clock_start_at LIMIT @limit`,
    ).all({ accountId, limit }) as Row[]
  ).map(fromRow);
}

/** Clocks of leads created in [from, to), of one account or (null) of all: `/leads speed`, the daily line. */
export function leadSpeedsCreatedBetween(
  db: Database,
  from: number,
  to: number,
  accountId: string | null = null,
): LeadSpeed[] {
  const sql =
    accountId === null
      ? `SELECT ${COLUMNS} FROM lead_speed WHERE lead_created_at >= @from AND lead_created_at < @to`
      : `SELECT ${COLUMNS} FROM lead_speed WHERE account_id = @accountId AND lead_created_at >= @from AND lead_created_at < @to`;
  return (prepared(db, sql).all({ from, to, ...(accountId === null ? {} : { accountId }) }) as Row[]).map(
    fromRow,
  );
}

/** Round-robin waits for this time (the account was closed when the assignment fell due). */
export function rescheduleAssignment(db: Database, leadId: string, at: number): void {
  prepared(db, 'UPDATE lead_speed SET assign_at = ? WHERE lead_id = ? AND assign_at IS NOT NULL').run(
    at,
    leadId,
  );
}
