import { formatLocalTime } from '../../dates/calendar.js';
import { ErrorCode, userMessageOf } from '../../errors.js';
import { MetaError } from '../../meta/errors.js';
import type { TokenInfo } from '../../meta/token-debug.js';
import type { WatchdogCheck } from '../check.js';
import { DAY_MS, formatDuration } from '../format.js';
import type { RunContext } from '../run-context.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult, Condition } from '../types.js';

/** The permissions LeadOps cannot work without. */
export const REQUIRED_SCOPES = ['ads_read', 'ads_management', 'leads_retrieval'] as const;

export interface TokenFigures {
  now: number;
  timezone: string;
  /** The last debug_token answer (kept between its daily reads), or null before the first. */
  info: TokenInfo | null;
  checkedAt: number | null;
  /** Meta refused the token outright — on debug_token or on any other call since (code 190). */
  refused: string | null;
  /** The served ad accounts' digits (no `act_`) and the polled Pages: permissions granted only on other assets do not count. */
  accountIds: readonly string[];
  pageIds: readonly string[];
}

const RENEW =
  'Generate a new system-user token (Business Settings → Users → System users → Generate new token, with ' +
  'ads_read, ads_management and leads_retrieval; a system-user token does not expire), set META_ACCESS_TOKEN and restart LeadOps.';

/** Required scopes the token lacks, or has only for other ad accounts / Pages. */
export function missingScopes(
  info: TokenInfo,
  accountIds: readonly string[],
  pageIds: readonly string[],
): string[] {
  return REQUIRED_SCOPES.filter((scope) => {
    if (!info.scopes.includes(scope)) return true;
    const granted = info.granularScopes.find((entry) => entry.scope === scope);
    if (!granted || granted.targetIds === null) return false;
    const needed = scope === 'leads_retrieval' ? pageIds : accountIds;
    return !needed.every((id) => granted.targetIds?.includes(id));
  });
}

/**
 * The token's health: refused (or debug_token says invalid) at once; expiring within
 * `warn_days` and again within `urgent_days`; a required scope missing. Expiry is re-judged
 * every run from the last debug_token answer, so the 1-day warning is on time without a call.
 */
export function evaluateToken(figures: TokenFigures, settings: SettingsOf<'token'>): CheckResult {
  const { info, now, timezone } = figures;
  const conditions: Condition[] = [];
  const expiresAt = info?.expiresAt ?? null;
  const refused =
    figures.refused ?? (info && !info.isValid ? (info.error ?? 'debug_token says is_valid: false') : null);
  if (refused !== null || (expiresAt !== null && expiresAt <= now)) {
    conditions.push({
      key: 'token',
      level: 'invalid',
      title: 'Meta refuses LeadOps’ token: no figures, no polled leads, no changes until it is replaced',
      detail: `Meta said: ${refused ?? `the token expired ${formatLocalTime(expiresAt ?? now, timezone)}`}`,
      fix: RENEW,
    });
  } else if (expiresAt !== null && expiresAt - now <= settings.warn_days * DAY_MS) {
    const urgent = expiresAt - now <= settings.urgent_days * DAY_MS;
    conditions.push({
      key: 'token',
      level: urgent ? 'urgent' : 'soon',
      title: `The Meta token expires in ${formatDuration(expiresAt - now)} (${formatLocalTime(expiresAt, timezone)})`,
      detail: `A ${info?.type?.toLowerCase().replaceAll('_', '-') ?? 'Meta'} token for ${info?.application ?? 'the app'}; when it expires LeadOps can neither read figures nor poll leads.`,
      fix: `Renew it before then. ${RENEW}`,
    });
  }
  if (info?.isValid) {
    const missing = missingScopes(info, figures.accountIds, figures.pageIds);
    if (missing.length > 0) {
      conditions.push({
        key: 'scopes',
        level: missing.join(','),
        title: `The Meta token lacks ${missing.join(', ')}`,
        detail: `Granted: ${info.scopes.join(', ') || 'nothing'}. ${
          missing.includes('leads_retrieval') ? 'Without leads_retrieval no lead can be read. ' : ''
        }${missing.includes('ads_management') ? 'Without ads_management no approved change can be applied. ' : ''}`.trim(),
        fix: `Give the system user the missing permissions and assign it the ad account and the Page as assets. ${RENEW}`,
      });
    }
  }
  if (info === null && figures.refused === null)
    return {
      check: 'token',
      state: 'unknown',
      summary: 'Not checked yet (debug_token runs daily).',
      conditions,
    };
  const checked =
    figures.checkedAt === null ? '' : ` · checked ${formatLocalTime(figures.checkedAt, timezone)}`;
  const expiry = expiresAt === null ? 'never expires' : `expires ${formatLocalTime(expiresAt, timezone)}`;
  const summary =
    conditions.length === 0
      ? `Valid, ${expiry}, has ${REQUIRED_SCOPES.join(', ')}${checked}.`
      : `${conditions.map((c) => c.title).join('; ')}${checked}.`;
  return { check: 'token', state: conditions.length > 0 ? 'alert' : 'ok', summary, conditions };
}

/** debug_token is read once a day (give or take a run), and at once for a new token or a known problem. */
const TOKEN_RECHECK_MS = DAY_MS - 10 * 60_000;

/** What the token check keeps between runs (a type, not an interface: it is stored as a plain record). */
type TokenMemo = {
  info: TokenInfo | null;
  checkedAt: number | null;
  refused: string | null;
  fingerprint: string | null;
};

const accountIdsOf = (context: RunContext) => context.accountIds.map((id) => id.replace(/^act_/, ''));

/**
 * The token as Meta last described it. debug_token is called daily, for a new token, and
 * every run while something is wrong (so a fix shows within a run); in between, expiry is
 * judged from the last answer. A 190 on any call this run counts as a refusal at once.
 */
async function readToken(context: RunContext): Promise<{ memo: TokenMemo; error: string | null }> {
  const { now, tokenFingerprint } = context;
  const previous = context.previousMemo('token') as Partial<TokenMemo>;
  const memo: TokenMemo = {
    info: previous.info ?? null,
    checkedAt: previous.checkedAt ?? null,
    refused: previous.refused ?? null,
    fingerprint: previous.fingerprint ?? null,
  };
  const troubled =
    memo.refused !== null ||
    context.graphStatus().token === 'invalid' ||
    (memo.info !== null &&
      (!memo.info.isValid || missingScopes(memo.info, accountIdsOf(context), context.pageIds).length > 0));
  const due =
    memo.checkedAt === null ||
    now - memo.checkedAt >= TOKEN_RECHECK_MS ||
    memo.fingerprint !== tokenFingerprint ||
    troubled;
  let error: string | null = null;
  if (due) {
    try {
      memo.info = await context.tokenDebug.inspect();
      memo.refused = null;
      memo.checkedAt = now;
      memo.fingerprint = tokenFingerprint;
    } catch (thrown) {
      if (thrown instanceof MetaError && thrown.code === ErrorCode.MetaTokenInvalid) {
        memo.refused = thrown.details.graphMessage;
        memo.checkedAt = now;
        memo.fingerprint = tokenFingerprint;
      } else error = userMessageOf(thrown);
    }
  }
  const after = context.graphStatus();
  if (memo.refused === null && after.token === 'invalid')
    memo.refused = after.lastError ?? 'Meta refused the token (code 190).';
  return { memo, error };
}

export const tokenCheck: WatchdogCheck = {
  name: 'token',
  definition: CHECK_DEFINITIONS.token,
  // Last, so that the Graph's view of the token includes every other call of the run.
  runsLast: true,
  async evaluate(context) {
    const { memo, error } = await readToken(context);
    const figures: TokenFigures = {
      now: context.now,
      timezone: context.timezone,
      info: memo.info,
      checkedAt: memo.checkedAt,
      refused: memo.refused,
      accountIds: accountIdsOf(context),
      pageIds: context.pageIds,
    };
    return { result: evaluateToken(figures, context.settings('token')), error, memo };
  },
};
