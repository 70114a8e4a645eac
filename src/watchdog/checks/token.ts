import { formatLocalTime } from '../../dates/calendar.js';
import type { TokenInfo } from '../../meta/token-debug.js';
import { DAY_MS, formatDuration } from '../format.js';
import type { SettingsOf } from '../settings.js';
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
  /** The ad account's digits (no `act_`) and the polled Pages: permissions granted only on other assets do not count. */
  accountId: string;
  pageIds: readonly string[];
}

const RENEW =
  'Generate a new system-user token (Business Settings → Users → System users → Generate new token, with ' +
  'ads_read, ads_management and leads_retrieval; a system-user token does not expire), set META_ACCESS_TOKEN and restart LeadOps.';

/** Required scopes the token lacks, or has only for other ad accounts / Pages. */
export function missingScopes(info: TokenInfo, accountId: string, pageIds: readonly string[]): string[] {
  return REQUIRED_SCOPES.filter((scope) => {
    if (!info.scopes.includes(scope)) return true;
    const granted = info.granularScopes.find((entry) => entry.scope === scope);
    if (!granted || granted.targetIds === null) return false;
    const needed = scope === 'leads_retrieval' ? pageIds : [accountId];
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
    const missing = missingScopes(info, figures.accountId, figures.pageIds);
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
