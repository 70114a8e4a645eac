import { formatLocalTime } from '../dates/calendar.js';
import type { StoredLead } from '../db/leads.js';
import { leadDisplayName, telLink } from './lead-alert.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, sectionsOf } from './text.js';

/** Leads arrive with free text; a bound per field keeps 50 of them within one message. */
function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function line(lead: StoredLead, timezone: string): string {
  const when = lead.createdTime ? formatLocalTime(lead.createdTime, timezone) : '';
  const reach = [
    lead.phone ? telLink(lead.phone) : null,
    lead.email ? escapeMrkdwn(clip(lead.email)) : null,
  ].filter(Boolean);
  const from = lead.campaignName ? ` · ${escapeMrkdwn(clip(lead.campaignName))}` : '';
  const name = lead.purgedAt
    ? '_(personal data removed by retention)_'
    : `*${escapeMrkdwn(clip(leadDisplayName(lead)))}*`;
  return `${name} ${reach.join(' · ')}\n${when}${from}`;
}

/** `/leads`: the store's answer, private to the asker (it lists personal data). */
export function buildLeadListReply(title: string, leads: readonly StoredLead[], timezone: string): Reply {
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
      ...sectionsOf(leads.map((lead) => line(lead, timezone))),
      context(`${leads.length} shown, newest first · times in ${timezone}`),
    ],
  };
}
