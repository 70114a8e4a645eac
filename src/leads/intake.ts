import { queueLeadStage } from '../conversions/stages.js';
import { insertNotice, saveFetchedLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { enqueue } from '../db/outbox.js';
import type { MetaLead, MetaLeadForm } from '../meta/lead-retrieval.js';
import { leadDetails } from './lead-details.js';
import type { LeadNotice } from './webhook-payload.js';

export const LEAD_ALERT = 'lead_alert';

/**
 * Webhook notices, stored with their pending alerts in one transaction: once this returns,
 * the webhook may be acknowledged and nothing is lost. A lead id seen before is a no-op.
 */
export function recordNotices(db: Database, notices: readonly LeadNotice[], now: number): number {
  return db.transaction(() => {
    let added = 0;
    for (const notice of notices) {
      if (insertNotice(db, notice, now)) added++;
      enqueue(db, LEAD_ALERT, notice.leadId, now);
      // Conversions API on: the initial lead stage goes to Meta first, from the same transaction.
      queueLeadStage(db, notice.leadId, notice.createdTime, now);
    }
    return added;
  })();
}

/** Leads found by polling, stored complete with their pending alerts; known ids are no-ops. */
export function recordPolledLeads(
  db: Database,
  leads: readonly MetaLead[],
  form: MetaLeadForm,
  now: number,
): number {
  return db.transaction(() => {
    let added = 0;
    for (const lead of leads) {
      if (saveFetchedLead(db, lead, leadDetails(lead.fieldData, form.questions), form.pageId, 'poll', now))
        added++;
      enqueue(db, LEAD_ALERT, lead.id, now);
      queueLeadStage(db, lead.id, Number.isFinite(lead.createdTime) ? lead.createdTime : null, now);
    }
    return added;
  })();
}
