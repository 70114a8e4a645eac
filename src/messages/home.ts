import { formatMinutes, formatSla } from './lead-speed.js';
import type { Block } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** Slack's limit for a Home tab view. */
export const MAX_HOME_BLOCKS = 100;
/** Lines per list: enough for a glance; the rest are counted. */
export const MAX_HOME_LINES = 15;

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export interface HomeLead {
  /** The short number the alerts and the terminal show. */
  number: number;
  name: string;
  campaignName: string | null;
  /** Named when several accounts are served. */
  accountName: string | null;
  clockStartAt: number;
  /** Whose it is (unowned list: null). */
  ownerId: string | null;
}

export interface HomeProposal {
  id: number;
  /** `Pause “RT – Houston”`, as the proposal says it. */
  summary: string;
  accountName: string | null;
  expiresAt: number;
}

export interface HomeAccount {
  name: string;
  id: string;
  /** Read from Meta (false: why in `problem`). */
  ok: boolean;
  problem: string | null;
  /** Active watchdog findings' titles. */
  findings: string[];
  /** Leads of the account not contacted yet (and not junk). */
  openLeads: number;
}

export interface HomeInput {
  viewer: string;
  now: number;
  slaMinutes: number;
  /** The viewer's open leads, oldest clock first (`total` counts all of them). */
  mine: { leads: HomeLead[]; total: number };
  unowned: { leads: HomeLead[]; total: number };
  /** Null: the viewer is not an approver (the section is not shown). */
  proposals: { proposals: HomeProposal[]; total: number } | null;
  accounts: HomeAccount[];
}

/** `7 min on the clock`, with a warning past the SLA; `clock starts at opening time` before it runs. */
function clockText(lead: HomeLead, now: number, slaMinutes: number): string {
  if (lead.clockStartAt > now) return 'clock starts at opening time';
  const minutes = (now - lead.clockStartAt) / 60_000;
  const late = minutes > slaMinutes ? ` · :warning: past the ${formatSla(slaMinutes)} SLA` : '';
  return `${formatMinutes(minutes)} on the clock${late}`;
}

function leadLine(lead: HomeLead, now: number, slaMinutes: number): string {
  const where = [lead.campaignName, lead.accountName].filter((x): x is string => x !== null);
  const from = where.length > 0 ? ` · ${escapeMrkdwn(where.join(' · '))}` : '';
  return `*#${lead.number} ${escapeMrkdwn(lead.name)}*${from} · ${clockText(lead, now, slaMinutes)}`;
}

function more(shown: number, total: number): string[] {
  return total > shown ? [`…and ${total - shown} more`] : [];
}

function list(title: string, lines: string[], empty: string): Block[] {
  return sectionsOf([title, ...(lines.length > 0 ? lines : [empty])]);
}

function accountLine(account: HomeAccount): string {
  const name = `*${escapeMrkdwn(account.name)}* (${account.id})`;
  if (!account.ok)
    return `:x: ${name} · not readable from Meta${account.problem ? `: ${escapeMrkdwn(account.problem)}` : ''}`;
  const open = account.openLeads === 1 ? '1 lead not contacted' : `${account.openLeads} leads not contacted`;
  if (account.findings.length === 0) return `:white_check_mark: ${name} · all checks fine · ${open}`;
  const shown = account.findings.slice(0, 3).map(escapeMrkdwn).join('; ');
  const rest = account.findings.length > 3 ? ` (+${account.findings.length - 3})` : '';
  return `:warning: ${name} · ${shown}${rest} · ${open}`;
}

/**
 * The Home tab for whoever opened it: their open leads with their clocks, leads waiting for
 * an owner, proposals waiting for a decision (approvers only), each account's health in one
 * line. Each list shows at most MAX_HOME_LINES lines and counts the rest, so the view stays
 * far inside Slack's 100 blocks; a last guard cuts it at 100 whatever happens.
 */
export function buildHomeView(input: HomeInput): HomeView {
  const { now, slaMinutes } = input;
  const mine = input.mine.leads.slice(0, MAX_HOME_LINES);
  const unowned = input.unowned.leads.slice(0, MAX_HOME_LINES);
  const blocks: Block[] = [
    header('LeadOps'),
    context(`For <@${input.viewer}> · SLA ${formatSla(slaMinutes)} to first contact`),
    ...list(
      `*My open leads* (${input.mine.total})`,
      [...mine.map((lead) => leadLine(lead, now, slaMinutes)), ...more(mine.length, input.mine.total)],
      'None: every lead you own has been contacted.',
    ),
    divider,
    ...list(
      `*Waiting for an owner* (${input.unowned.total})`,
      [
        ...unowned.map((lead) => leadLine(lead, now, slaMinutes)),
        ...more(unowned.length, input.unowned.total),
      ],
      'None.',
    ),
  ];
  if (input.proposals) {
    const shown = input.proposals.proposals.slice(0, MAX_HOME_LINES);
    blocks.push(
      divider,
      ...list(
        `*Proposals waiting for a decision* (${input.proposals.total})`,
        [
          ...shown.map(
            (p) =>
              `*#${p.id}* ${escapeMrkdwn(p.summary)}${p.accountName ? ` · ${escapeMrkdwn(p.accountName)}` : ''} · expires in ${formatMinutes((p.expiresAt - now) / 60_000)}`,
          ),
          ...more(shown.length, input.proposals.total),
        ],
        'None.',
      ),
    );
  }
  const accounts = input.accounts.slice(0, MAX_HOME_LINES);
  blocks.push(
    divider,
    ...list(
      '*Accounts*',
      [...accounts.map(accountLine), ...more(accounts.length, input.accounts.length)],
      'No ad account served yet.',
    ),
  );
  if (blocks.length > MAX_HOME_BLOCKS)
    return {
      type: 'home',
      blocks: [
        ...blocks.slice(0, MAX_HOME_BLOCKS - 1),
        section(`…and ${blocks.length - MAX_HOME_BLOCKS + 1} more blocks`),
      ],
    };
  return { type: 'home', blocks };
}
