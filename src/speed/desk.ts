// Speed to lead: each lead's clock, its owner (round-robin or Claim), the owner's DM, the
// reminder and the escalation. Timers live in SQLite (lead_speed) and a periodic tick sends
// what is due, so each fires once, after a restart too, and never for a contacted lead.
import type { Clock } from '../clock.js';
import type { AlertRefresher } from '../conversions/alert.js';
import { leadAlertView } from '../conversions/alert.js';
import { businessHoursOf } from '../db/business-hours.js';
import { getLeadForm } from '../db/lead-forms.js';
import { leadNumber } from '../db/lead-outcomes.js';
import {
  assignLead,
  claimLead,
  dropAssignment,
  dueAssignmentDms,
  dueAssignments,
  dueEscalations,
  dueReminders,
  getLeadSpeed,
  type LeadSpeed,
  markAssignmentDmSent,
  markEscalated,
  markReminded,
  rescheduleAssignment,
  setAlertRef,
  setDmRef,
  skipAssignmentDm,
  skipEscalation,
  skipReminder,
  startLeadClock,
} from '../db/lead-speed.js';
import { getLead, type StoredLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { markAssigned, rosterOf } from '../db/rosters.js';
import type { LeadAccounts, LeadPlace } from '../leads/lead-account.js';
import type { Logger } from '../log.js';
import { buildLeadAlert, leadDisplayName } from '../messages/lead-alert.js';
import {
  buildAssignmentMention,
  buildEscalation,
  buildReminder,
  buildReminderMention,
  type LeadNudge,
} from '../messages/lead-owner.js';
import {
  type ChannelMessage,
  type MessageRef,
  type Messenger,
  MessengerError,
} from '../messages/messenger.js';
import { isOpen, openingAt } from './hours.js';
import type { People } from './people.js';

/** The escalation comes at this many SLAs. */
export const ESCALATION_FACTOR = 3;
/** A reminder or escalation sent this long after its due time says it is late (Slack was down). */
export const LATE_AFTER_MS = 60_000;
/** How many due rows one query reads; a tick reads again until none are left. */
const BATCH = 200;

export interface SpeedDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  messenger: Messenger;
  people: People;
  accounts: Pick<LeadAccounts, 'placeOf'>;
  refresher: AlertRefresher;
  /** APPROVERS: mentioned by escalations. */
  approvers: readonly string[];
  /** SPEED_SLA_MINUTES. */
  slaMinutes: number;
  /** Several accounts served: nudges name the account. */
  severalAccounts: () => boolean;
}

export type ClaimResult =
  | { kind: 'claimed'; previousOwner: string | null }
  | { kind: 'already_yours' }
  | { kind: 'no_lead' };

export interface TickResult {
  assigned: number;
  /** Assignees' DMs sent by this tick that an earlier one could not send (Slack was down). */
  dmsRetried: number;
  reminded: number;
  escalated: number;
  /** Timers left for the next tick because Slack could not be reached. */
  deferred: number;
}

/** The reps round-robin may give a lead to, in turn order: on the roster and available (not away). */
export function rotation(roster: readonly { userId: string; available: boolean }[]): string[] {
  return roster.filter((member) => member.available).map((member) => member.userId);
}

export class SpeedToLead {
  private chain: Promise<unknown> = Promise.resolve();
  private pendingKick = false;

  constructor(private readonly deps: SpeedDeps) {}

  get slaMs(): number {
    return Math.round(this.deps.slaMinutes * 60_000);
  }

  /**
   * Starts the lead's clock (once) before its alert is first posted: from its creation, or
   * the account's next opening time; round-robin is due then when the account has a roster.
   */
  leadAlerted(lead: StoredLead, place: LeadPlace): void {
    const { db } = this.deps;
    const accountId = place.account?.id ?? lead.accountId;
    const created = lead.createdTime ?? lead.receivedAt;
    const hours = place.account ? businessHoursOf(db, place.account.id) : null;
    const clockStartAt = openingAt(hours, created, place.timezone);
    const roster = place.account ? rosterOf(db, place.account.id) : [];
    startLeadClock(db, {
      leadId: lead.id,
      accountId,
      leadCreatedAt: created,
      clockStartAt,
      reminderDueAt: clockStartAt + this.slaMs,
      escalationDueAt: clockStartAt + ESCALATION_FACTOR * this.slaMs,
      assignAt: roster.length > 0 ? clockStartAt : null,
    });
  }

  /** The alert is in its channel: kept, so a click in the DM updates it too; round-robin may run now. */
  alertPosted(leadId: string, ref: MessageRef): void {
    setAlertRef(this.deps.db, leadId, ref);
    this.kick();
  }

  /** `Claim`: the clicker owns the lead (reassigned if someone had it); both messages show it. */
  async claim(leadId: string, userId: string): Promise<ClaimResult> {
    const { db, clock } = this.deps;
    const lead = getLead(db, leadId);
    if (!lead) return { kind: 'no_lead' };
    if (!getLeadSpeed(db, leadId)) this.leadAlerted(lead, this.deps.accounts.placeOf(lead));
    const result = claimLead(db, leadId, userId, clock.nowMilliseconds());
    if (!result) return { kind: 'no_lead' };
    if (result.previousOwner === userId) return { kind: 'already_yours' };
    this.deps.logger.info({ lead: leadId, user: userId, from: result.previousOwner }, 'lead claimed');
    await this.deps.refresher.refresh(leadId);
    return { kind: 'claimed', previousOwner: result.previousOwner };
  }

  /** Runs a tick soon (after the one running): a new lead's round-robin need not wait for the next period. */
  kick(): void {
    if (this.pendingKick) return;
    this.pendingKick = true;
    this.tick()
      .catch((error: Error) =>
        this.deps.logger.warn({ err: { message: error.message } }, 'speed tick failed'),
      )
      .finally(() => {
        this.pendingKick = false;
      });
  }

  /** Sends what is due now: assignments, reminders, escalations; one tick at a time. */
  tick(): Promise<TickResult> {
    const run = this.chain.then(() => this.runTick(this.deps.clock.nowMilliseconds()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async runTick(now: number): Promise<TickResult> {
    const result: TickResult = { assigned: 0, dmsRetried: 0, reminded: 0, escalated: 0, deferred: 0 };
    const { db } = this.deps;
    try {
      for (let rows = dueAssignments(db, now, BATCH); rows.length > 0; rows = dueAssignments(db, now, BATCH))
        for (const row of rows)
          if (
            await this.once(
              row,
              () => this.assign(row, now),
              () => dropAssignment(db, row.leadId),
            )
          )
            result.assigned++;
      // DMs owed since an assignment Slack did not take (down then): sent now, once.
      for (
        let rows = dueAssignmentDms(db, now, BATCH);
        rows.length > 0;
        rows = dueAssignmentDms(db, now, BATCH)
      )
        for (const row of rows)
          if (
            await this.once(
              row,
              () => this.sendAssignmentDm(row, now),
              () => skipAssignmentDm(db, row.leadId),
            )
          )
            result.dmsRetried++;
      for (let rows = dueReminders(db, now, BATCH); rows.length > 0; rows = dueReminders(db, now, BATCH))
        for (const row of rows)
          if (
            await this.once(
              row,
              () => this.remind(row, now),
              () => skipReminder(db, row.leadId),
            )
          )
            result.reminded++;
      for (let rows = dueEscalations(db, now, BATCH); rows.length > 0; rows = dueEscalations(db, now, BATCH))
        for (const row of rows)
          if (
            await this.once(
              row,
              () => this.escalate(row, now),
              () => skipEscalation(db, row.leadId),
            )
          )
            result.escalated++;
    } catch (error) {
      if (!(error instanceof MessengerError)) throw error;
      // Slack unreachable: what is left stays due, sent (marked late) when it answers again.
      result.deferred = 1;
      this.deps.logger.warn(
        { err: { message: error.message } },
        'speed to lead: Slack unreachable, timers wait',
      );
    }
    return result;
  }

  /**
   * One timer: Slack refusing it (a channel gone, a user not found) drops it with a log line,
   * so it never blocks the others; Slack unreachable stops the tick (thrown).
   */
  private async once(row: LeadSpeed, send: () => Promise<boolean>, drop: () => void): Promise<boolean> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof MessengerError) || !error.message.startsWith('Slack refused')) throw error;
      drop();
      this.deps.logger.warn(
        { lead: row.leadId, err: { message: error.message } },
        'speed to lead: Slack refused',
      );
      return false;
    }
  }

  /** The rep whose turn it is, skipping those who left the workspace; null when nobody can take it. */
  private async pickRep(accountId: string): Promise<string | null> {
    for (const userId of rotation(rosterOf(this.deps.db, accountId))) {
      if (await this.deps.people.isActive(userId)) return userId;
      this.deps.logger.info(
        { user: userId, account: accountId },
        'round-robin skips a rep who left the workspace',
      );
    }
    return null;
  }

  private async assign(row: LeadSpeed, now: number): Promise<boolean> {
    const { db } = this.deps;
    const lead = getLead(db, row.leadId);
    const place = lead ? this.deps.accounts.placeOf(lead) : null;
    const accountId = place?.account?.id ?? null;
    if (
      !lead ||
      !place ||
      !accountId ||
      row.ownerId ||
      row.firstContactAt !== null ||
      row.stoppedAt !== null
    ) {
      dropAssignment(db, row.leadId);
      return false;
    }
    const hours = businessHoursOf(db, accountId);
    if (!isOpen(hours, now, place.timezone)) {
      const opening = openingAt(hours, now, place.timezone);
      if (opening > now) rescheduleAssignment(db, row.leadId, opening);
      else dropAssignment(db, row.leadId);
      return false;
    }
    const rep = await this.pickRep(accountId);
    if (!rep) {
      dropAssignment(db, row.leadId);
      return false;
    }
    const assigned = db.transaction(() => {
      if (!assignLead(db, row.leadId, rep, now)) return false;
      markAssigned(db, accountId, rep);
      return true;
    })();
    if (!assigned) return false;
    this.deps.logger.info({ lead: row.leadId, user: rep }, 'lead assigned (round-robin)');
    // The DM is owed from now on (stored): Slack unreachable here, a later tick sends it.
    const owed = getLeadSpeed(db, row.leadId);
    if (owed) await this.sendAssignmentDm(owed, now);
    return true;
  }

  /**
   * The assignee's DM, owed since the assignment: sent once (marked late when it goes out
   * more than LATE_AFTER_MS after the assignment), then the alert shows the owner. Not sent
   * when the lead changed hands, was contacted or junked meanwhile. Slack unreachable: thrown,
   * the DM stays owed.
   */
  private async sendAssignmentDm(row: LeadSpeed, now: number): Promise<boolean> {
    const { db } = this.deps;
    const lead = getLead(db, row.leadId);
    if (
      !lead ||
      row.dmState !== 'pending' ||
      row.dmDueAt === null ||
      !row.ownerId ||
      row.ownedVia !== 'round_robin' ||
      row.firstContactAt !== null ||
      row.stoppedAt !== null
    ) {
      skipAssignmentDm(db, row.leadId);
      return false;
    }
    const place = this.deps.accounts.placeOf(lead);
    const late = now - row.dmDueAt > LATE_AFTER_MS;
    await this.sendAssignment(lead, place, row.ownerId, late ? row.dmDueAt : null);
    markAssignmentDmSent(db, row.leadId, now, late);
    if (late) this.deps.logger.info({ lead: row.leadId, user: row.ownerId }, 'assignment DM sent late');
    await this.deps.refresher.refresh(lead.id);
    return true;
  }

  /**
   * The assignee's DM: the alert as it stands, with its buttons; a DM that cannot be opened → a
   * mention in the channel. `lateSince`: the assignment's time when the DM goes out late.
   */
  private async sendAssignment(
    lead: StoredLead,
    place: LeadPlace,
    rep: string,
    lateSince: number | null,
  ): Promise<void> {
    const { db, messenger } = this.deps;
    const form = lead.formId ? getLeadForm(db, lead.formId) : null;
    const view = {
      ...leadAlertView(db, lead.id, place),
      direct: true,
      ...(lateSince === null ? {} : { directLateSince: lateSince }),
    };
    const dm = await this.deps.people.openDirectMessage(rep);
    if (dm) {
      try {
        const posted = await messenger.post(
          dm,
          buildLeadAlert(lead, form?.name ?? null, place.timezone, view),
        );
        setDmRef(db, lead.id, posted);
        return;
      } catch (error) {
        if (!(error instanceof MessengerError) || error.message.startsWith('Slack unreachable')) throw error;
        this.deps.logger.warn(
          { user: rep, err: { message: error.message } },
          'DM refused; mentioning in the channel',
        );
      }
    }
    await messenger.post(
      place.channel,
      buildAssignmentMention(
        rep,
        this.nudge(lead, place, getLeadSpeed(db, lead.id), lateSince ?? 0, lateSince !== null),
      ),
    );
  }

  private nudge(
    lead: StoredLead,
    place: LeadPlace,
    row: LeadSpeed | null,
    dueAt: number,
    late: boolean,
  ): LeadNudge {
    return {
      leadId: lead.id,
      number: leadNumber(this.deps.db, lead.id),
      name: leadDisplayName(lead),
      phone: lead.phone,
      accountName: this.deps.severalAccounts() ? (place.account?.name ?? null) : null,
      timezone: place.timezone,
      clockStartAt: row?.clockStartAt ?? lead.createdTime ?? lead.receivedAt,
      dueAt,
      late,
    };
  }

  /** Posts to the user's DM, or mentions them in the channel when no DM can be opened. */
  private async toUser(userId: string, channel: string, message: ChannelMessage): Promise<void> {
    const dm = await this.deps.people.openDirectMessage(userId);
    if (dm) {
      try {
        await this.deps.messenger.post(dm, message);
        return;
      } catch (error) {
        if (!(error instanceof MessengerError) || error.message.startsWith('Slack unreachable')) throw error;
      }
    }
    await this.deps.messenger.post(channel, buildReminderMention(userId, message));
  }

  private async remind(row: LeadSpeed, now: number): Promise<boolean> {
    const { db } = this.deps;
    const lead = getLead(db, row.leadId);
    // Unowned leads are not reminded (nobody to remind): they escalate.
    if (
      !lead ||
      !row.ownerId ||
      row.firstContactAt !== null ||
      row.stoppedAt !== null ||
      row.reminderDueAt === null
    ) {
      skipReminder(db, row.leadId);
      return false;
    }
    const place = this.deps.accounts.placeOf(lead);
    const late = now - row.reminderDueAt > LATE_AFTER_MS;
    const message = buildReminder(
      this.nudge(lead, place, row, row.reminderDueAt, late),
      this.deps.slaMinutes,
    );
    await this.toUser(row.ownerId, place.channel, message);
    markReminded(db, row.leadId, now, late);
    this.deps.logger.info({ lead: row.leadId, user: row.ownerId, late }, 'speed reminder sent');
    return true;
  }

  private async escalate(row: LeadSpeed, now: number): Promise<boolean> {
    const { db } = this.deps;
    const lead = getLead(db, row.leadId);
    if (!lead || row.firstContactAt !== null || row.stoppedAt !== null || row.escalationDueAt === null) {
      skipEscalation(db, row.leadId);
      return false;
    }
    const place = this.deps.accounts.placeOf(lead);
    const late = now - row.escalationDueAt > LATE_AFTER_MS;
    const message = buildEscalation(
      this.nudge(lead, place, row, row.escalationDueAt, late),
      ESCALATION_FACTOR * this.deps.slaMinutes,
      row.ownerId,
      this.deps.approvers,
    );
    await this.deps.messenger.post(place.channel, message);
    markEscalated(db, row.leadId, now, late);
    this.deps.logger.info({ lead: row.leadId, owner: row.ownerId, late }, 'speed escalation sent');
    return true;
  }
}
