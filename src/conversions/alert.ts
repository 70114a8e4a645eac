// The lead alert as it stands now (outcome, Meta's answer), and keeping the posted message
// in step with it through chat.update.
import { getCapiEvent } from '../db/capi-events.js';
import { getLeadForm } from '../db/lead-forms.js';
import { latestOutcome, leadNumber } from '../db/lead-outcomes.js';
import { getLeadSpeed } from '../db/lead-speed.js';
import { getLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { outboxResult } from '../db/outbox.js';
import { prepared } from '../db/prepared.js';
import { LEAD_ALERT } from '../leads/intake.js';
import type { LeadAccounts, LeadPlace } from '../leads/lead-account.js';
import type { Logger } from '../log.js';
import { buildLeadAlert } from '../messages/lead-alert.js';
import type { CapiStatus, LeadAlertView } from '../messages/lead-outcome.js';
import type { MessageRef, Messenger } from '../messages/messenger.js';
import { capiSettings } from './stages.js';

/** A done lead alert job's result: its message. */
export interface LeadAlertPosted {
  messageRef: MessageRef;
}

/** The lead's alert message, once it has been posted. */
export function alertLocation(db: Database, leadId: string): MessageRef | null {
  const posted = outboxResult<Partial<LeadAlertPosted>>(db, LEAD_ALERT, leadId);
  return typeof posted?.messageRef === 'string' ? posted.messageRef : null;
}

/** Whether the lead's alert may still be posted (its job is queued), so a thread reply can wait for it. */
export function alertPending(db: Database, leadId: string): boolean {
  const row = prepared(db, 'SELECT state FROM outbox WHERE kind = ? AND subject = ?').get(
    LEAD_ALERT,
    leadId,
  ) as { state: string } | undefined;
  return row?.state === 'pending';
}

/**
 * The lead's number, its current outcome (its value in the lead's account currency) and
 * what Meta made of that outcome's event.
 */
export function leadAlertView(
  db: Database,
  leadId: string,
  place: Pick<LeadPlace, 'currency' | 'dataset'>,
): LeadAlertView {
  const number = leadNumber(db, leadId);
  const speed = getLeadSpeed(db, leadId);
  // Speed to lead: the owner (or nobody yet, with Claim) on every lead that has a clock.
  const owner =
    speed === null
      ? {}
      : {
          owner:
            speed.ownerId && speed.ownedVia && speed.ownedAt !== null
              ? { userId: speed.ownerId, via: speed.ownedVia, at: speed.ownedAt }
              : null,
        };
  // The assignee's DM went out late (Slack was down): it keeps saying so when it is updated.
  const late = speed?.dmLate && speed.dmDueAt !== null ? { directLateSince: speed.dmDueAt } : {};
  const current = latestOutcome(db, leadId);
  if (!current) return { number, ...owner, ...late };
  const event = getCapiEvent(db, leadId, current.outcome);
  let capi: CapiStatus;
  if (!event) {
    // Recorded while the Conversions API was off (for the lead's account), or a stage that is not sent (junk by default).
    capi = capiSettings(db) && place.dataset !== null ? { kind: 'not_sent' } : { kind: 'off' };
  } else if (event.state === 'sent') {
    capi = { kind: 'sent', eventName: event.eventName };
  } else if (event.state === 'pending') {
    capi = { kind: 'sending', eventName: event.eventName, failures: event.failures };
  } else {
    capi = { kind: event.state, eventName: event.eventName, reason: event.reason ?? 'no reason given' };
  }
  return {
    number,
    outcome: {
      outcome: current.outcome,
      userId: current.userId,
      at: current.recordedAt,
      valueCents: current.valueCents,
      currency: place.currency,
    },
    capi,
    ...owner,
    ...late,
  };
}

export interface AlertRefresherDeps {
  db: Database;
  logger: Logger;
  messenger: Messenger;
  /** Each lead's account: the zone and currency its alert is written in. */
  accounts: Pick<LeadAccounts, 'placeOf'>;
}

/**
 * Re-renders a posted lead alert from the store. Refreshes of one lead run one after
 * another and each reads the store when it runs, so the last edit Slack gets is current.
 */
export class AlertRefresher {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: AlertRefresherDeps) {}

  refresh(leadId: string): Promise<void> {
    const previous = this.queues.get(leadId) ?? Promise.resolve();
    const next = previous.then(() => this.update(leadId));
    this.queues.set(leadId, next);
    return next.finally(() => {
      if (this.queues.get(leadId) === next) this.queues.delete(leadId);
    });
  }

  private async update(leadId: string): Promise<void> {
    const { db, messenger, logger } = this.deps;
    try {
      const speed = getLeadSpeed(db, leadId);
      const posted = alertLocation(db, leadId) ?? (speed?.alertRef as MessageRef | null | undefined) ?? null;
      const lead = getLead(db, leadId);
      if (!lead) return;
      const form = lead.formId ? getLeadForm(db, lead.formId) : null;
      const place = this.deps.accounts.placeOf(lead);
      const view = leadAlertView(db, leadId, place);
      if (posted)
        await messenger.update(posted, buildLeadAlert(lead, form?.name ?? null, place.timezone, view));
      // The assignee's DM carries the same buttons: a click in either place updates both.
      if (speed?.dmRef)
        await messenger.update(
          speed.dmRef as MessageRef,
          buildLeadAlert(lead, form?.name ?? null, place.timezone, { ...view, direct: true }),
        );
    } catch (error) {
      // The alert stays as it was until the next refresh; the outcome itself is stored.
      logger.warn({ lead: leadId, err: { message: (error as Error).message } }, 'lead alert not updated');
    }
  }
}
