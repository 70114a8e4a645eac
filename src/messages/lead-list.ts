import { formatLocalTime } from '../dates/calendar.js';
import type { StoredLead } from '../db/leads.js';
import { leadDisplayName, telLink } from './lead-alert.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, sectionsOf } from './text.js';

/** Leads arrive with free text; a bound per field keeps 50 of them within one message. */
function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A list of several accounts' leads: each line names its lead's account, its time in that account's zone. */
export interface LeadListAccounts {
  nameOf(lead: StoredLead): string;
  timezoneOf(lead: StoredLead): string;
}

function line(lead: StoredLead, timezone: string, account: string | null): string {
  const when = lead.createdTime ? formatLocalTime(lead.createdTime, timezone) : '';
  const reach = [
    lead.phone ? telLink(lead.phone) : null,
    lead.email ? escapeMrkdwn(clip(lead.email)) : null,
  ].filter(Boolean);
  const from = lead.campaignName ? ` · ${escapeMrkdwn(clip(lead.campaignName))}` : '';
  const name = lead.purgedAt
    ? '_(personal data removed by retention)_'
    : `*${escapeMrkdwn(clip(leadDisplayName(lead)))}*`;
  const of = account === null ? '' : `${when ? ' · ' : ''}${escapeMrkdwn(clip(account))}`;
  return `${name} ${reach.join(' · ')}\n${when}${of}${from}`;
}

/**
 * `/leads`: the store's answer, private to the asker (it lists personal data). Times in the
 * account's zone, or (several accounts' leads) each lead's account named and its own zone.
 */
export function buildLeadListReply(
  title: string,
  leads: readonly StoredLead[],
  zone: string | LeadListAccounts,
): Reply {
  if (leads.length === 0) {
    return {
      visibility: 'ephemeral',
      text: `${title}: none`,
      blocks: [header(title), context('No leads match.')],
    };
  }
  return {
    visibility: 'ephemeral',
    text: `${title}: ${leads.length}`,
    blocks: [
      header(title),
      ...sectionsOf(
        leads.map((lead) =>
          typeof zone === 'string'
            ? line(lead, zone, null)
            : line(lead, zone.timezoneOf(lead), zone.nameOf(lead)),
        ),
      ),
      context(
        `${leads.length} shown, newest first · ${typeof zone === 'string' ? `times in ${zone}` : 'times in each lead’s ad account’s time zone'}`,
      ),
    ],
  };
}
