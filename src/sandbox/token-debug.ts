// `GET /debug_token?input_token=…`: what Meta says about a token — its app, type, expiry and
// scopes — and the token state the emulator enforces on every call (expired, invalidated).
import type { SandboxAccount } from './account.js';
import { expiredAccessToken, GraphError, invalidAccessToken, invalidParameter } from './graph-errors.js';

export interface GranularScope {
  scope: string;
  /** Absent: the permission covers every asset the token can reach. */
  target_ids?: string[];
}

/** What the emulator's current token is, as debug_token reports it. */
export interface SandboxTokenInfo {
  appId: string;
  application: string;
  type: 'SYSTEM_USER' | 'USER' | 'PAGE';
  userId: string;
  /** Unix seconds; 0 = never (a system-user token). */
  expiresAt: number;
  /** Unix seconds; 0 = never. */
  dataAccessExpiresAt: number;
  /** Unix seconds. */
  issuedAt: number;
  /** false: revoked (password changed, app removed); every call is then refused with code 190. */
  isValid: boolean;
  scopes: string[];
  granularScopes: GranularScope[];
}

/** The permissions LeadOps asks for in its setup guide, granted on the sandbox accounts and their Pages. */
export function defaultTokenInfo(accounts: readonly SandboxAccount[], nowMs: number): SandboxTokenInfo {
  const pages = accounts.flatMap((account) => account.pages.map((page) => page.id));
  const adAccounts = accounts.map((account) => account.accountId);
  return {
    appId: '1000000000000001',
    application: 'LeadOps',
    type: 'SYSTEM_USER',
    userId: '1000000000000002',
    expiresAt: 0,
    dataAccessExpiresAt: 0,
    issuedAt: Math.floor(nowMs / 1000) - 30 * 86_400,
    isValid: true,
    scopes: [
      'ads_read',
      'ads_management',
      'leads_retrieval',
      'pages_manage_ads',
      'pages_read_engagement',
      'pages_show_list',
      'business_management',
      'public_profile',
    ],
    granularScopes: [
      { scope: 'ads_read', target_ids: adAccounts },
      { scope: 'ads_management', target_ids: [...adAccounts] },
      { scope: 'leads_retrieval', target_ids: pages },
      { scope: 'pages_manage_ads', target_ids: pages },
      { scope: 'pages_read_engagement', target_ids: pages },
      { scope: 'pages_show_list', target_ids: pages },
      { scope: 'business_management' },
    ],
  };
}

/**
 * The refusal every call with the current token gets once it has expired or been revoked
 * (Meta answers 190, with subcode 463 for an expired session); undefined while it is good.
 */
export function tokenRefusal(info: SandboxTokenInfo, nowMs: number): GraphError | undefined {
  if (info.expiresAt !== 0 && info.expiresAt * 1000 <= nowMs) return expiredAccessToken(nowMs);
  if (!info.isValid) return invalidAccessToken();
  return undefined;
}

/** How the input token relates to the emulator: its current token, one it replaced, or unknown. */
export type InputTokenKind = 'current' | 'retired' | 'unknown';

/** Meta's answer to debug_token. A bad input token is described in `data`, not refused. */
export function debugTokenAnswer(
  info: SandboxTokenInfo,
  inputToken: string | undefined,
  kind: InputTokenKind,
  nowMs: number,
): { data: Record<string, unknown> } {
  if (!inputToken) throw invalidParameter('The parameter input_token is required');
  if (kind === 'unknown') {
    return {
      data: {
        error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' },
        is_valid: false,
        scopes: [],
      },
    };
  }
  const common = {
    app_id: info.appId,
    type: info.type,
    application: info.application,
    data_access_expires_at: info.dataAccessExpiresAt,
    expires_at: info.expiresAt,
    issued_at: info.issuedAt,
    scopes: info.scopes,
    granular_scopes: info.granularScopes,
    user_id: info.userId,
  };
  const refusal = kind === 'retired' ? expiredAccessToken(nowMs) : tokenRefusal(info, nowMs);
  if (refusal instanceof GraphError) {
    return {
      data: {
        ...common,
        error: {
          code: refusal.details.code,
          message: refusal.details.message,
          ...(refusal.details.error_subcode === undefined ? {} : { subcode: refusal.details.error_subcode }),
        },
        is_valid: false,
      },
    };
  }
  return { data: { ...common, is_valid: true } };
}
