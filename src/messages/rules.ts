import { formatLocalTime } from '../dates/calendar.js';
import type { AuditEntry } from '../db/audit-log.js';
import type { Proposal } from '../db/proposals.js';
import {
  formatSettingValue,
  LIMIT_DEFINITIONS,
  LIMITS_GROUP,
  RULE_DEFINITIONS,
  RULE_NAMES,
} from '../rules/definitions.js';
import type { RunSummary } from '../rules/engine.js';
import type { StoredSettings } from '../rules/settings.js';
import { describeChange } from './proposal.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** `kill max_cpl` → its value in force: stored, else the default. */
function valueIn(stored: StoredSettings, group: string, key: string, fallback: number | string) {
  const value = stored.get(`${group}.${key}`);
  return typeof value === 'number' || typeof value === 'string' ? value : fallback;
}

/** `/rules`: every rule, on or off, its window, keys and current values; then the limits. */
export function buildRulesListReply(
  stored: StoredSettings,
  info: { approvers: readonly string[]; protected: readonly string[]; maxDailyBudget: string | null },
): Reply {
  const blocks = [header('Rules — what LeadOps proposes')];
  for (const rule of RULE_NAMES) {
    const definition = RULE_DEFINITIONS[rule];
    const enabled = stored.get(`${rule}.enabled`);
    const on = typeof enabled === 'boolean' ? enabled : definition.enabled;
    const keys = Object.entries(definition.keys).map(
      ([key, def]) => `\`${key}\` ${formatSettingValue(def, valueIn(stored, rule, key, def.default))}`,
    );
    blocks.push(
      section(`*${rule}* — ${on ? 'on' : 'off'}\n${escapeMrkdwn(definition.summary)}\n${keys.join(' · ')}`),
    );
  }
  const limits = Object.entries(LIMIT_DEFINITIONS).map(
    ([key, def]) =>
      `\`${key}\` ${formatSettingValue(def, valueIn(stored, LIMITS_GROUP, key, def.default))} — ${escapeMrkdwn(def.help)}`,
  );
  blocks.push(section(`*${LIMITS_GROUP}*\n${limits.join('\n')}`));
  const approvers =
    info.approvers.length > 0
      ? info.approvers.map((id) => `<@${id}>`).join(' ')
      : 'nobody (APPROVERS is empty)';
  blocks.push(
    context(
      `Approvers: ${approvers} · ceiling MAX_DAILY_BUDGET: ${info.maxDailyBudget ?? 'none'} · protected: ${
        info.protected.length > 0 ? escapeMrkdwn(info.protected.join(', ')) : 'none'
      }`,
    ),
    // Its own block: Slack runs a context's elements together on one line.
    context(
      'Change: `/rules set <rule> <key> <value>` (dollars in dollars) · `/rules enable|disable <rule>` — approvers only',
    ),
  );
  return {
    visibility: 'ephemeral',
    text: `Rules: ${RULE_NAMES.map((rule) => {
      const enabled = stored.get(`${rule}.enabled`);
      return `${rule} ${(typeof enabled === 'boolean' ? enabled : RULE_DEFINITIONS[rule].enabled) ? 'on' : 'off'}`;
    }).join(', ')}`,
    blocks,
  };
}

/** A channel as Slack links it: ids become links, names stay names. */
export function channelRef(channel: string): string {
  return /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : channel;
}

/** The answer to `/rules run`: what was proposed where, what was held back and why. */
export function buildRunSummaryReply(summary: RunSummary, channel: string): Reply {
  const lines: string[] = [];
  const windows = summary.windows.length > 0 ? ` (${summary.windows.join(', ')})` : '';
  lines.push(
    `*Rules evaluated* over ${summary.evaluated} active ad ${summary.evaluated === 1 ? 'set' : 'sets'}${windows}.`,
  );
  if (summary.proposed.length > 0) {
    lines.push(
      `*${summary.proposed.length} new ${summary.proposed.length === 1 ? 'proposal' : 'proposals'}* in ${channelRef(channel)}:`,
    );
    for (const p of summary.proposed)
      lines.push(`• #${p.id} ${describeChange(p)} — “${escapeMrkdwn(p.adsetName)}” (${p.rule})`);
  } else {
    lines.push('No new proposals.');
  }
  if (summary.held.length > 0) {
    lines.push('*Not proposed again:*');
    for (const h of summary.held)
      lines.push(`• “${escapeMrkdwn(h.draft.adsetName)}” (${h.draft.rule}) — ${escapeMrkdwn(h.why)}`);
  }
  if (summary.skipped.length > 0) {
    lines.push('*Not proposed:*');
    for (const s of summary.skipped)
      lines.push(`• “${escapeMrkdwn(s.adsetName)}” (${s.rule}) — ${escapeMrkdwn(s.why)}`);
  }
  const text = `Rules evaluated: ${summary.proposed.length} new proposals, ${summary.held.length} held, ${summary.skipped.length} not proposed.`;
  return { visibility: 'ephemeral', text, blocks: sectionsOf(lines).slice(0, 49) };
}

function actor(id: string): string {
  return /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : id === 'rules' ? 'the rules' : id;
}

function subject(proposal: Proposal | null, id: number | null): string {
  if (!proposal) return `#${id ?? '?'}`;
  return `#${proposal.id} (${describeChange(proposal)}, “${escapeMrkdwn(proposal.adsetName)}”)`;
}

/** One audit entry in words. */
export function auditLine(entry: AuditEntry, proposal: Proposal | null, timezone: string): string {
  const when = formatLocalTime(entry.at, timezone);
  const who = actor(entry.actor);
  const what = subject(proposal, entry.proposalId);
  const detail = entry.detail ? `: ${escapeMrkdwn(entry.detail)}` : '';
  const event = entry.event.replace(/^proposal\./, '');
  let text: string;
  switch (entry.event) {
    case 'proposal.created':
      text = `${what} proposed by the ${proposal?.rule ?? ''} rule`;
      break;
    case 'proposal.approved':
    case 'proposal.rejected':
      text = `${who} ${event} ${what}`;
      break;
    case 'proposal.refused':
      text = `${who} was refused on ${what}${detail}`;
      break;
    case 'proposal.limited':
      text = `${who}’s approval of ${what} was held${detail}`;
      break;
    case 'proposal.undo_requested':
      text = `${who} asked to undo: ${what}`;
      break;
    case 'rules.run':
      text = `rules evaluated (${who})${detail}`;
      break;
    case 'setting.changed':
      text = `${who} changed ${escapeMrkdwn(entry.detail)}`;
      break;
    case 'setting.refused':
      text = `${who} was refused a setting change${detail}`;
      break;
    default:
      text = `${what} ${event}${detail}`;
  }
  return `${when} · ${text}`;
}

/** `/rules history`: recent proposals and decisions, newest first, from the audit log. */
export function buildHistoryReply(
  entries: readonly { entry: AuditEntry; proposal: Proposal | null }[],
  timezone: string,
): Reply {
  if (entries.length === 0) {
    return {
      visibility: 'ephemeral',
      text: 'No proposals or decisions yet.',
      blocks: [section('No proposals or decisions yet. `/rules run` evaluates the rules now.')],
    };
  }
  const lines = entries.map(({ entry, proposal }) => auditLine(entry, proposal, timezone));
  return {
    visibility: 'ephemeral',
    text: `Rules history: the last ${entries.length} events`,
    blocks: [header('Rules history — newest first'), ...sectionsOf(lines).slice(0, 48)],
  };
}
