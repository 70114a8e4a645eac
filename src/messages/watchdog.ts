import { formatLocalTime } from '../dates/calendar.js';
import type { CurrencyCode } from '../money.js';
import { MONEY_DEFAULTS_CURRENCY } from '../settings/values.js';
import { formatDuration } from '../watchdog/format.js';
import type { Announcement, CheckName } from '../watchdog/types.js';
import type { WatchdogView } from '../watchdog/view.js';
import type { ChannelMessage } from './messenger.js';
import type { Block, Reply } from './reply.js';
import { context, escapeMrkdwn, header, section } from './text.js';

export interface AlertContext {
  check: CheckName;
  /** The check's name for people: `Lead drought`. */
  checkTitle: string;
  /** The check's summary now: shown under a "resolved". */
  summary: string;
  approvers: readonly string[];
  timezone: string;
  now: number;
  /** Names the account when LeadOps serves several (`Acme (act_1)`); null with one, and for the token. */
  account: string | null;
}

function mentions(approvers: readonly string[]): string {
  return approvers.map((id) => `<@${id}>`).join(' ');
}

/**
 * One message for what started (or changed level) in one check during one run: each
 * condition with its figures, what to do, and the approvers mentioned.
 */
export function buildWatchdogAlert(
  announcements: readonly Announcement[],
  info: AlertContext,
): ChannelMessage {
  const records = announcements.map((a) => a.record);
  const [first] = records;
  const more = records.length > 1 ? ` (+${records.length - 1} more)` : '';
  const blocks: Block[] = records.map((record) =>
    section(`:rotating_light: *${escapeMrkdwn(record.title)}*\n${escapeMrkdwn(record.detail)}`),
  );
  const fixes = [...new Set(records.map((record) => record.fix))];
  for (const fix of fixes) blocks.push(section(`*What to do:* ${escapeMrkdwn(fix)}`));
  const since = Math.min(...records.map((record) => record.startedAt));
  const who = mentions(info.approvers);
  const account = info.account === null ? '' : `${escapeMrkdwn(info.account)} · `;
  blocks.push(
    context(
      `${who ? `${who} · ` : ''}${account}${escapeMrkdwn(info.checkTitle)} · since ${formatLocalTime(since, info.timezone)} · ` +
        `\`/watchdog mute ${info.check} <hours>\` silences this check`,
    ),
  );
  return {
    text: `:rotating_light: Watchdog${info.account === null ? '' : ` · ${info.account}`} — ${first?.title ?? info.checkTitle}${more}`,
    blocks: blocks.slice(0, 50),
  };
}

/** One message for what ended in one check during one run: how long it lasted, and how things stand now. */
export function buildWatchdogResolved(
  announcements: readonly Announcement[],
  info: AlertContext,
): ChannelMessage {
  const records = announcements.map((a) => a.record);
  const [first] = records;
  const more = records.length > 1 ? ` (+${records.length - 1} more)` : '';
  const blocks: Block[] = records.map((record) => {
    const end = record.endedAt ?? info.now;
    return section(
      `:white_check_mark: *Resolved:* ${escapeMrkdwn(record.title)}\n` +
        `From ${formatLocalTime(record.startedAt, info.timezone)} to ${formatLocalTime(end, info.timezone)} (${formatDuration(end - record.startedAt)}).`,
    );
  });
  const account = info.account === null ? '' : `${escapeMrkdwn(info.account)} · `;
  blocks.push(context(`${account}${escapeMrkdwn(info.checkTitle)} now: ${escapeMrkdwn(info.summary)}`));
  return {
    text: `:white_check_mark: Resolved${info.account === null ? '' : ` · ${info.account}`} — ${first?.title ?? info.checkTitle}${more}`,
    blocks: blocks.slice(0, 50),
  };
}

/** Icons the terminal demo can show too. */
const STATE_ICON: Record<string, string> = {
  ok: ':white_check_mark: ',
  alert: ':rotating_light: ',
  error: ':warning: ',
};

/** How /watchdog says where typed amounts are: `dollars in dollars` as ever for USD, else the currency. */
function amountsIn(currency: CurrencyCode | null): string {
  return currency === null || currency === MONEY_DEFAULTS_CURRENCY
    ? 'dollars in dollars'
    : `amounts in ${currency}`;
}

/** `/watchdog`: every check, how it stands, what is wrong now, and its thresholds. */
export function buildWatchdogStatusReply(view: WatchdogView): Reply {
  const blocks: Block[] = [
    header(view.account === null ? 'Watchdog — what LeadOps watches' : `Watchdog — ${view.account}`),
  ];
  for (const check of view.checks) {
    const state = check.enabled ? (check.status?.state ?? 'not run') : 'off';
    const muted =
      check.mutedUntil === null ? '' : ` · muted until ${formatLocalTime(check.mutedUntil, view.timezone)}`;
    const seen = check.status
      ? `${escapeMrkdwn(check.status.summary)}${check.status.error ? `\n:warning: ${escapeMrkdwn(check.status.error)}` : ''}`
      : 'Not run yet.';
    const lines = [
      `${STATE_ICON[state] ?? ''}*${escapeMrkdwn(check.title)}* (\`${check.check}\`) — ${state}${muted}`,
      seen,
    ];
    for (const condition of check.conditions) {
      const when = `since ${formatLocalTime(condition.startedAt, view.timezone)}`;
      const told = condition.announcedLevel === null ? ', not announced yet' : '';
      const gone = condition.active ? '' : ' — over, “resolved” not posted yet';
      lines.push(`• ${escapeMrkdwn(condition.title)} (${when}${told})${gone}`);
    }
    if (check.settings.length > 0)
      lines.push(check.settings.map((setting) => `\`${setting.key}\` ${setting.value}`).join(' · '));
    for (const key of check.unset)
      lines.push(
        `:warning: \`${key}\` has no default in ${view.currency ?? 'this currency'}: what needs it is off until \`/watchdog set ${check.check} ${key} <amount>\` sets it.`,
      );
    blocks.push(section(lines.join('\n')));
  }
  const approvers =
    view.approvers.length > 0
      ? view.approvers.map((id) => `<@${id}>`).join(' ')
      : 'nobody (APPROVERS is empty)';
  blocks.push(
    context(
      `Last run: ${view.lastRunAt === null ? 'never' : formatLocalTime(view.lastRunAt, view.timezone)} · schedule \`${view.cron}\` (WATCHDOG_CRON) · alerts go to ${escapeMrkdwn(view.channel)}, mentioning ${approvers}`,
    ),
    // Its own block: Slack runs a context's elements together on one line.
    context(
      `Change: \`/watchdog set <check> <key> <value>\` (${amountsIn(view.currency)}) · \`/watchdog mute <check> <hours>\` (0 lifts it) — approvers only · \`/watchdog run\` checks now`,
    ),
  );
  const text = `Watchdog: ${view.checks
    .map((check) => `${check.check} ${check.enabled ? (check.status?.state ?? 'not run') : 'off'}`)
    .join(', ')}`;
  return { visibility: 'ephemeral', text, blocks };
}
