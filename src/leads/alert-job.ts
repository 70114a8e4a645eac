import type { Clock } from '../clock.js';
import { leadAlertView } from '../conversions/alert.js';
import { getLeadForm, saveLeadForm } from '../db/lead-forms.js';
import { getLead, markUnreadable, type StoredLead, saveFetchedLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { clearPosting, markPosting } from '../db/outbox.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import { buildLeadAlert } from '../messages/lead-alert.js';
import { buildLeadBacklogNotice } from '../messages/lead-backlog.js';
import { type Messenger, MessengerError } from '../messages/messenger.js';
import { leadAlertMetadata } from '../messages/metadata.js';
import { toMetaError } from '../meta/errors.js';
import type { LeadRetrieval, MetaLeadForm } from '../meta/lead-retrieval.js';
import type { JobHandler } from '../outbox/worker.js';
import type { SpeedToLead } from '../speed/desk.js';
import type { LeadAccounts } from './lead-account.js';
import { leadDetails } from './lead-details.js';

export interface LeadAlertDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  retrieval: LeadRetrieval;
  messenger: Messenger;
  /** Each lead's account: its alert's channel and time zone. */
  accounts: Pick<LeadAccounts, 'assign' | 'settle' | 'placeOf'>;
  /** Speed to lead: the lead's clock starts before its alert is posted; round-robin after. */
  speed?: Pick<SpeedToLead, 'leadAlerted' | 'alertPosted'>;
}

/** A form's name and questions: from the store, else fetched once; never blocks an alert. */
async function formFor(deps: LeadAlertDeps, formId: string | null): Promise<MetaLeadForm | null> {
  if (!formId) return null;
  const stored = getLeadForm(deps.db, formId);
  if (stored) return stored;
  try {
    const form = await deps.retrieval.form(formId);
    saveLeadForm(deps.db, form, deps.clock.nowMilliseconds());
    return form;
  } catch {
    return null;
  }
}

/**
 * How far back, before an attempt that may have posted, the channel's history is read: Slack's
 * clock and ours may differ a little.
 */
const HISTORY_MARGIN_MS = 60_000;

/**
 * The outbox job behind every lead alert: read the lead from Meta if only its id is known,
 * then post it. Meta or Slack failing → retried later; a lead Meta will not show us →
 * announced with what is known and why.
 */
export function leadAlertJob(deps: LeadAlertDeps): JobHandler {
  const job: JobHandler = async (item, context) => {
    const { id, subject: leadId, postingSince } = item;
    const stored = getLead(deps.db, leadId);
    if (!stored) return { done: { skipped: 'lead not in store' } };
    if (stored.state === 'notified') {
      try {
        await fetchAndStore(deps, stored.id, stored.pageId, stored.formId, stored.receivedAt);
      } catch (thrown) {
        const error = toMetaError(thrown);
        if (error.retryable || error.code === ErrorCode.MetaTokenInvalid)
          return { retry: `lead fetch: ${error.message}` };
        markUnreadable(deps.db, leadId, error.details.graphMessage || error.message);
      }
    }
    const read = getLead(deps.db, leadId);
    if (!read) return { done: { skipped: 'lead not in store' } };
    // Posted in the wrong channel it could not be moved: Meta is asked again for the ad's account, for a while.
    const waiting = await deps.accounts.settle(read);
    if (waiting) return { retry: waiting };
    const lead = getLead(deps.db, leadId) ?? read;
    const place = deps.accounts.placeOf(lead);
    const form = await formFor(deps, lead.formId);
    deps.speed?.leadAlerted(lead, place);
    const view = leadAlertView(deps.db, lead.id, place);
    // Run before its channel was known (Meta had not shown the lead yet): it takes its turn in the
    // channel's lane, in arrival order, rather than overtaking the alerts waiting there.
    if (context && context.lane !== place.channel && job.laneOf?.(item) === place.channel)
      return { defer: `waits its turn in ${place.channel}`, afterMs: 0 };
    const message = buildLeadAlert(lead, form?.name ?? null, place.timezone, view);
    const metadata = leadAlertMetadata(lead.id, lead.accountId);
    try {
      // An attempt before this one may have been posted (a crash, a timeout): look before posting again.
      if (postingSince !== null) {
        const found = await deps.messenger.findPosted(
          place.channel,
          metadata,
          postingSince - HISTORY_MARGIN_MS,
        );
        if (found) {
          deps.logger.info({ lead: lead.id }, 'lead alert was already posted: recorded, not posted again');
          deps.speed?.alertPosted(lead.id, found);
          return { done: { messageRef: found } };
        }
      }
      markPosting(deps.db, id, deps.clock.nowMilliseconds());
      const messageRef = await deps.messenger.post(place.channel, message, { metadata });
      deps.speed?.alertPosted(lead.id, messageRef);
      return { done: { messageRef } };
    } catch (error) {
      if (!(error instanceof MessengerError)) throw error;
      if (error.retryAfterMs === null) return { retry: error.message };
      // Slack's 429: certainly not posted, and no failure — the channel's pace.
      if (postingSince === null) clearPosting(deps.db, id);
      return { defer: error.message, afterMs: error.retryAfterMs };
    }
  };
  // A lead's lane is its alert's channel: one at a time, in arrival order, at Slack's pace.
  job.laneOf = ({ subject }) => {
    const lead = getLead(deps.db, subject);
    // Not known yet: Meta has not shown the lead, or its ad's account is still being asked.
    if (!lead || lead.state === 'notified' || (lead.adId !== null && lead.accountId === null)) return null;
    return deps.accounts.placeOf(lead).channel;
  };
  job.onBacklog = async (channel, waiting) => {
    await deps.messenger.post(channel, buildLeadBacklogNotice(waiting));
  };
  // Leads due together are read from Meta together (one call per 50), and so are their ads'
  // accounts; failures are left to each job.
  job.prepare = async (items) => {
    const due = items
      .map((item) => getLead(deps.db, item.subject))
      .filter((lead): lead is StoredLead => lead !== null);
    const waiting = due.filter((lead) => lead.state === 'notified');
    const fetched = await Promise.allSettled(waiting.map((lead) => deps.retrieval.lead(lead.id)));
    const forms = new Map<string, MetaLeadForm | null>();
    for (const result of fetched) {
      const formId = result.status === 'fulfilled' ? result.value.formId : null;
      if (formId && !forms.has(formId)) forms.set(formId, await formFor(deps, formId));
    }
    // One transaction for the whole batch: a commit per lead would hold the event loop (and webhooks' 200s).
    deps.db.transaction(() => {
      fetched.forEach((result, index) => {
        const stored = waiting[index];
        if (result.status !== 'fulfilled' || !stored) return;
        const lead = result.value;
        const form = (lead.formId && forms.get(lead.formId)) || null;
        const details = leadDetails(lead.fieldData, form?.questions);
        saveFetchedLead(deps.db, lead, details, stored.pageId, 'webhook', stored.receivedAt);
      });
    })();
    const read = due.flatMap((lead) => getLead(deps.db, lead.id) ?? []);
    await deps.accounts.assign(read).catch(() => undefined);
  };
  return job;
}

/** Reads a lead Meta notified us about and completes its stored row. */
async function fetchAndStore(
  deps: LeadAlertDeps,
  leadId: string,
  pageId: string | null,
  formId: string | null,
  receivedAt: number,
): Promise<void> {
  const lead = await deps.retrieval.lead(leadId);
  const form = await formFor(deps, lead.formId ?? formId);
  saveFetchedLead(deps.db, lead, leadDetails(lead.fieldData, form?.questions), pageId, 'webhook', receivedAt);
}
