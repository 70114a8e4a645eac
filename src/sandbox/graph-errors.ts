// Graph API errors as Meta words them. Handlers throw GraphError; the server turns it
// into `{"error": {...}}` with an fbtrace_id.

export interface GraphErrorDetails {
  message: string;
  type: 'OAuthException' | 'GraphMethodException';
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly details: GraphErrorDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(details.message);
    this.name = 'GraphError';
  }
}

export function invalidParameter(message: string): GraphError {
  return new GraphError(400, { message: `(#100) ${message}`, type: 'OAuthException', code: 100 });
}

/** A validation error with the user-facing title and text Meta adds for Ads Manager. */
export function invalidParameterForUser(subcode: number, title: string, userMessage: string): GraphError {
  return new GraphError(400, {
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_subcode: subcode,
    is_transient: false,
    error_user_title: title,
    error_user_msg: userMessage,
  });
}

export function unsupportedRequest(method: string, objectId: string): GraphError {
  return new GraphError(400, {
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, ` +
      'cannot be loaded due to missing permissions, or does not support this operation. ' +
      'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });
}

export function unknownPath(path: string): GraphError {
  return new GraphError(400, {
    message: `Unknown path components: ${path}`,
    type: 'OAuthException',
    code: 2500,
  });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return invalidParameter(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
}

export function missingAccessToken(): GraphError {
  return new GraphError(400, {
    message: 'An access token is required to request this resource.',
    type: 'OAuthException',
    code: 104,
  });
}

export function invalidAccessToken(): GraphError {
  return new GraphError(
    400,
    { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 },
    { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"' },
  );
}

/** Meta states both instants in Pacific time, e.g. "Sunday, 29-Nov-26 08:00:00 PST". */
export function expiredAccessToken(nowMs: number): GraphError {
  const expiredAt = Math.floor(nowMs / 3_600_000) * 3_600_000 - 3_600_000;
  const message =
    `Error validating access token: Session has expired on ${pacificTime(expiredAt)}. ` +
    `The current time is ${pacificTime(nowMs)}.`;
  return new GraphError(
    400,
    { message, type: 'OAuthException', code: 190, error_subcode: 463 },
    { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` },
  );
}

function pacificTime(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'long',
      day: '2-digit',
      month: 'short',
      year: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday}, ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

export function missingAppSecretProof(): GraphError {
  return new GraphError(400, {
    message: 'API calls from the server require an appsecret_proof argument',
    type: 'GraphMethodException',
    code: 100,
  });
}

export function invalidAppSecretProof(): GraphError {
  return new GraphError(400, {
    message: 'Invalid appsecret_proof provided in the API argument',
    type: 'GraphMethodException',
    code: 100,
  });
}

export function unknownError(): GraphError {
  return new GraphError(500, {
    message: 'An unknown error has occurred.',
    type: 'OAuthException',
    code: 1,
    is_transient: true,
  });
}

export function permissionDenied(code: 10 | 200): GraphError {
  const message =
    code === 200
      ? '(#200) Ad account owner has NOT grant ads_management or ads_read permission'
      : '(#10) Application does not have permission for this action';
  return new GraphError(400, { message, type: 'OAuthException', code });
}

/**
 * What Meta answers for an ad account (or its campaigns, ad sets, ads and insights) once the
 * token has lost access to it — the system user was removed from the account in Business
 * Settings, or the account left the business: code 200, as a 403.
 */
export function adAccountAccessLost(): GraphError {
  return new GraphError(403, {
    message: '(#200) Ad account owner has NOT grant ads_management or ads_read permission',
    type: 'OAuthException',
    code: 200,
  });
}
