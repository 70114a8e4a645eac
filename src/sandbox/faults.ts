// Failures the tests can inject: each fault answers the next request whose path contains
// its `match` (any request when absent), then is gone.
import { expiredAccessToken, GraphError, permissionDenied, unknownError } from './graph-errors.js';

export type Fault =
  | { kind: 'rate_limit'; code?: number; match?: string }
  | { kind: 'token_expired'; match?: string }
  | { kind: 'server_error'; match?: string }
  | { kind: 'permission'; code?: 10 | 200; match?: string }
  | { kind: 'timeout'; match?: string; ms: number };

const RATE_LIMIT_MESSAGES: Record<number, string> = {
  4: 'Application request limit reached',
  17: 'User request limit reached',
  32: 'Page request limit reached',
  613: 'Calls to this api have exceeded the rate limit.',
};

/** The business use case each ad-account throttling code belongs to. */
const THROTTLED_USE_CASES: Record<number, string> = {
  80000: 'ads_insights',
  80001: 'pages',
  80002: 'instagram',
  80003: 'custom_audience',
  80004: 'ads_management',
  80005: 'leadgen',
  80006: 'messenger',
  80008: 'whatsapp_business_management',
  80009: 'catalog_management',
  80014: 'catalog_batch',
};

export function isKnownRateLimitCode(code: number): boolean {
  return code in RATE_LIMIT_MESSAGES || (Number.isInteger(code) && code >= 80000 && code <= 80014);
}

/** Removes and returns the first fault that applies to `path`. */
export function takeFault(queue: Fault[], path: string): Fault | undefined {
  const index = queue.findIndex((fault) => fault.match === undefined || path.includes(fault.match));
  if (index === -1) return undefined;
  return queue.splice(index, 1)[0];
}

/** The use case a throttling code is counted against, or undefined for app/user-level codes. */
export function throttledUseCase(code: number): string | undefined {
  if (code < 80000) return undefined;
  return THROTTLED_USE_CASES[code] ?? 'ads_management';
}

/** Meta's answer to a throttled call: the code's own words, with the usage headers given. */
export function rateLimitError(code: number, headers: Record<string, string>): GraphError {
  const appLevel = RATE_LIMIT_MESSAGES[code];
  if (appLevel) {
    return new GraphError(
      400,
      { message: `(#${code}) ${appLevel}`, type: 'OAuthException', code, is_transient: true },
      headers,
    );
  }
  // Meta words the ads-management one "to this ad-account", the others "from".
  const preposition = code === 80004 ? 'to' : 'from';
  return new GraphError(
    400,
    {
      message:
        `(#${code}) There have been too many calls ${preposition} this ad-account. Wait a bit and try again. ` +
        'For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
      type: 'OAuthException',
      code,
      error_subcode: 2446079,
      is_transient: true,
    },
    headers,
  );
}

/** The error a fault answers with; timeouts only delay and have none. */
export function faultError(fault: Fault, nowMs: number, rateLimitHeaders: Record<string, string>) {
  switch (fault.kind) {
    case 'rate_limit':
      return rateLimitError(fault.code ?? 17, rateLimitHeaders);
    case 'token_expired':
      return expiredAccessToken(nowMs);
    case 'server_error':
      return unknownError();
    case 'permission':
      return permissionDenied(fault.code ?? 200);
    case 'timeout':
      return undefined;
  }
}
