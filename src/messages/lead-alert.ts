import { formatLocalTime } from '../dates/calendar.js';
import type { StoredLead } from '../db/leads.js';
import { type LeadAlertView, outcomeBlocks } from './lead-outcome.js';
import type { Block } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

/** A phone number Slack (and a phone) can dial: digits with a leading +, kept readable in the label. */
export function telLink(phone: string): string {
  const dialable = phone.replace(/[^\d+]/g, '');
  return dialable.replace(/\D/g, '').length >= 7
    ? `<tel:${dialable}|${escapeMrkdwn(phone)}>`
    : escapeMrkdwn(phone);
}

function mailLink(email: string): string {
  return /^[^\s@<>|]+@[^\s@<>|]+$/.test(email)
    ? `<mailto:${email}|${escapeMrkdwn(email)}>`
    : escapeMrkdwn(email);
}

export function leadDisplayName(lead: Pick<StoredLead, 'fullName' | 'id'>): string {
  return lead.fullName ?? `Lead ${lead.id}`;
}

/** Where it came from: campaign › ad set › ad, and the form. */
export function leadSource(lead: StoredLead, formName: string | null): string {
  const path = [lead.campaignName, lead.adsetName, lead.adName]
    .filter(Boolean)
    .map((n) => escapeMrkdwn(String(n)));
  const parts = [path.length > 0 ? path.join(' › ') : 'No ad'];
  if (formName) parts.push(`form “${escapeMrkdwn(formName)}”`);
  return parts.join(' · ');
}

/**
 * The lead alert: who, how to reach them, what they answered, where they came from, when;
 * then the outcome buttons, and the current outcome once someone has marked one.
 */
export function buildLeadAlert(
  lead: StoredLead,
  formName: string | null,
  timezone: string,
  view: LeadAlertView = {},
): { text: string; blocks: Block[] } {
  const name = leadDisplayName(lead);
  const number = view.number ? ` · #${view.number}` : '';
  const contact = [
    lead.phone ? `:telephone_receiver: ${telLink(lead.phone)}` : null,
    lead.email ? `:email: ${mailLink(lead.email)}` : null,
  ].filter(Boolean);
  const blocks: Block[] = [
    section(
      `${view.direct ? ':bust_in_silhouette: *Assigned to you' : ':rotating_light: *New lead'}: ${escapeMrkdwn(name)}*${number}${contact.length ? `\n${contact.join('   ')}` : ''}`,
    ),
  ];
  if (view.direct && view.directLateSince != null)
    blocks.push(
      context(
        `_Late: assigned to you ${formatLocalTime(view.directLateSince, timezone)}; Slack was unreachable until now._`,
      ),
    );
  if (lead.answers.length > 0) {
    blocks.push(
      section(
        lead.answers
          .map((a) => `*${escapeMrkdwn(a.label)}*\n${escapeMrkdwn(a.value || '—')}`)
          .join('\n')
          .slice(0, 2900),
      ),
    );
  }
  if (lead.state === 'unreadable') {
    blocks.push(
      section(
        `:warning: LeadOps could not read this lead’s details from Meta: ${escapeMrkdwn(lead.readError ?? 'unknown reason')}. Open it in Meta’s Leads Center.`,
      ),
    );
  }
  const flags = [
    lead.isOrganic ? 'organic submission' : null,
    // The Lead Ads Testing Tool's leads come from no ad and are not organic.
    !lead.isOrganic && !lead.adId && lead.state === 'complete' ? 'test submission' : null,
  ].filter(Boolean);
  const when = lead.createdTime ? formatLocalTime(lead.createdTime, timezone) : 'time unknown';
  blocks.push(
    context(
      `${leadSource(lead, formName)} · ${when}${flags.length ? ` · ${flags.join(', ')}` : ''} · lead ${lead.id}`,
    ),
  );
  blocks.push(...outcomeBlocks(lead.id, view, timezone));
  const text = `New lead: ${escapeMrkdwn(name)}${lead.phone ? ` · ${escapeMrkdwn(lead.phone)}` : ''}`;
  return { text, blocks };
}
