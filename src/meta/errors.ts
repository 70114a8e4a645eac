import { ErrorCode, LeadOpsError } from '../errors.js';

/** What Graph said, without the request URL (it carries the access token). */
export interface GraphErrorDetails {
  status: number | null;
  code: number | null;
  subcode: number | null;
  type: string | null;
  graphMessage: string;
  fbtraceId: string | null;
  headers: Record<string, string>;
  /** Meta's own words for people (`error_user_title` / `error_user_msg`), present only when Meta sent them. */
  userTitle?: string;
  userMsg?: string;
}

export class MetaError extends LeadOpsError {
  constructor(
    code: ErrorCode,
    message: string,
    userMessage: string,
    readonly details: GraphErrorDetails,
    readonly retryable: boolean,
  ) {
    super(code, message, userMessage);
  }
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const TOKEN_CODES = new Set([190, 102]);

export function isRateLimitCode(code: number | null): boolean {
  return code !== null && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014));
}

interface SdkErrorShape {
  name?: string;
  status?: number | null;
  response?: {
    message?: string;
    code?: number;
    error_subcode?: number;
    type?: string;
    fbtrace_id?: string;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  } | null;
  headers?: Record<string, unknown> | null;
  message?: string;
}

function stringHeaders(headers: Record<string, unknown> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[key.toLowerCase()] = value;
  }
  return result;
}

/**
 * Turns whatever the SDK threw into a MetaError. Only the fields below are copied: the
 * SDK's error object also holds the full URL with the token, which must never be logged.
 */
export function toMetaError(error: unknown): MetaError {
  if (error instanceof MetaError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const body = sdk.name === 'FacebookRequestError' ? (sdk.response ?? null) : null;
  const details: GraphErrorDetails = {
    status: typeof sdk.status === 'number' ? sdk.status : null,
    code: typeof body?.code === 'number' ? body.code : null,
    subcode: typeof body?.error_subcode === 'number' ? body.error_subcode : null,
    type: body?.type ?? null,
    graphMessage:
      body?.message ?? (sdk.name === 'FacebookRequestError' ? (sdk.message ?? '') : 'no response'),
    fbtraceId: body?.fbtrace_id ?? null,
    headers: stringHeaders(sdk.headers),
    ...(body?.error_user_title ? { userTitle: body.error_user_title } : {}),
    ...(body?.error_user_msg ? { userMsg: body.error_user_msg } : {}),
  };
  // Meta's readable text for people (budget refusals and the like) beats its terse `message`.
  const readable = details.userMsg
    ? `${details.userTitle ? `${details.userTitle}: ` : ''}${details.userMsg}`
    : details.graphMessage;
  const summary = `Graph error ${details.code ?? details.status ?? 'network'}: ${details.graphMessage}`;
  if (TOKEN_CODES.has(details.code ?? -1)) {
    return new MetaError(
      ErrorCode.MetaTokenInvalid,
      summary,
      'The Meta token is invalid or expired — renew it (Business Settings → System users → Generate token) and restart LeadOps.',
      details,
      false,
    );
  }
  if (isRateLimitCode(details.code)) {
    return new MetaError(
      ErrorCode.MetaRateLimited,
      summary,
      'Meta is rate-limiting this ad account right now. Try again in a few minutes.',
      details,
      true,
    );
  }
  if (details.code === 10 || (details.code !== null && details.code >= 200 && details.code < 300)) {
    return new MetaError(
      ErrorCode.MetaPermission,
      summary,
      `Meta refused: ${readable} Check that the token has ads_read, ads_management and leads_retrieval on this account.`,
      details,
      false,
    );
  }
  const transient =
    details.status === null ||
    (details.status ?? 0) >= 500 ||
    body?.is_transient === true ||
    details.code === 1 ||
    details.code === 2;
  if (transient) {
    return new MetaError(
      ErrorCode.MetaUnavailable,
      summary,
      'Meta’s API is not answering right now. Try again in a minute.',
      details,
      true,
    );
  }
  return new MetaError(ErrorCode.MetaRequestFailed, summary, `Meta said: ${readable}`, details, false);
}
