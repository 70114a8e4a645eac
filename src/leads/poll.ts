import type { Clock } from '../clock.js';
import { saveLeadForm } from '../db/lead-forms.js';
import type { Database } from '../db/open.js';
import { readSetting, writeSetting } from '../db/settings.js';
import type { Logger } from '../log.js';
import type { LeadRetrieval } from '../meta/lead-retrieval.js';
import { recordPolledLeads } from './intake.js';

/** A new form, or a first run, looks back this far. */
const FIRST_LOOK_BACK_SECONDS = 60 * 60;
/** Meta filters on whole seconds and may publish a lead late: re-read a little overlap (ids dedupe it). */
const OVERLAP_SECONDS = 5 * 60;

export interface PollResult {
  forms: number;
  seen: number;
  added: number;
}

/**
 * The safety net: every lead form of the Pages is read for leads created since its
 * cursor. Leads a webhook already brought are no-ops; new ones get their alert queued.
 */
export async function pollLeads(
  deps: { db: Database; clock: Clock; logger: Logger; retrieval: LeadRetrieval },
  pageIds: readonly string[],
): Promise<PollResult> {
  const result: PollResult = { forms: 0, seen: 0, added: 0 };
  for (const pageId of pageIds) {
    const forms = await deps.retrieval.forms(pageId);
    for (const form of forms) {
      const now = deps.clock.nowMilliseconds();
      saveLeadForm(deps.db, form, now);
      const key = `leads.poll.cursor.${form.id}`;
      const cursor = readSetting<number>(deps.db, key) ?? Math.floor(now / 1000) - FIRST_LOOK_BACK_SECONDS;
      const leads = await deps.retrieval.leadsSince(form.id, cursor - OVERLAP_SECONDS);
      result.forms++;
      result.seen += leads.length;
      result.added += recordPolledLeads(deps.db, leads, form, now);
      const newest = Math.max(
        cursor,
        ...leads.map((lead) => Math.floor(lead.createdTime / 1000)).filter(Number.isFinite),
      );
      writeSetting(deps.db, key, newest, now);
    }
  }
  if (result.added > 0) deps.logger.info(result, 'polling found leads no webhook had brought');
  return result;
}
