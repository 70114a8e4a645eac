import type { GraphClient } from './graph-client.js';

/** One granted permission, limited to some assets (ad account or Page ids) when `targetIds` is set. */
export interface GrantedScope {
  scope: string;
  targetIds: string[] | null;
}

/** What Meta's `GET /debug_token` says about the bot's token. Times in epoch milliseconds. */
export interface TokenInfo {
  isValid: boolean;
  /** `SYSTEM_USER`, `USER`, `PAGE`… */
  type: string | null;
  application: string | null;
  /** null = never expires. */
  expiresAt: number | null;
  /** null = never. After it, the token still works but reads no user data. */
  dataAccessExpiresAt: number | null;
  scopes: string[];
  granularScopes: GrantedScope[];
  /** Why the token is not valid, in Meta's words. */
  error: string | null;
}

interface RawTokenData {
  type?: string;
  application?: string;
  expires_at?: number;
  data_access_expires_at?: number;
  is_valid?: boolean;
  scopes?: string[];
  granular_scopes?: { scope?: string; target_ids?: string[] }[];
  error?: { message?: string; code?: number };
}

/** Meta's seconds to milliseconds; 0 (or absent) means never. */
function instant(seconds: number | undefined): number | null {
  return seconds === undefined || seconds === 0 ? null : seconds * 1000;
}

export function toTokenInfo(raw: RawTokenData): TokenInfo {
  return {
    isValid: raw.is_valid === true,
    type: raw.type ?? null,
    application: raw.application ?? null,
    expiresAt: instant(raw.expires_at),
    dataAccessExpiresAt: instant(raw.data_access_expires_at),
    scopes: raw.scopes ?? [],
    granularScopes: (raw.granular_scopes ?? []).flatMap((granted) =>
      granted.scope ? [{ scope: granted.scope, targetIds: granted.target_ids ?? null }] : [],
    ),
    error: raw.error?.message ?? null,
  };
}

/**
 * `GET /debug_token?input_token=<the bot's token>`, authorised by that same token (Meta accepts
 * the token itself or an app token). Never cached. A refused token throws MetaError (code 190).
 */
export class TokenDebug {
  constructor(
    private readonly graph: GraphClient,
    private readonly token: string,
  ) {}

  async inspect(): Promise<TokenInfo> {
    const answer = await this.graph.get<{ data?: RawTokenData }>(
      ['debug_token'],
      { input_token: this.token },
      { token: this.token, fresh: true },
    );
    return toTokenInfo(answer.data ?? {});
  }
}
