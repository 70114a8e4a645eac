// An incoming Graph API request, decoded: version prefix stripped, query and body merged.

export interface GraphRequest {
  method: string;
  /** 'v24.0', or null when the caller used no version prefix (Meta then uses the app's default). */
  version: string | null;
  /** Without the version, e.g. '/act_1/insights'. */
  path: string;
  segments: string[];
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** Query and body together as strings (body wins), the way Graph reads parameters. */
  params: Record<string, string>;
}

const VERSION_PREFIX = /^\/(v\d+\.\d+)(?=\/|$)/;

export function decodeGraphRequest(method: string, rawUrl: string, rawBody: string, contentType: string) {
  const url = new URL(rawUrl, 'http://sandbox.invalid');
  const match = VERSION_PREFIX.exec(url.pathname);
  const path = (match ? url.pathname.slice(match[0].length) : url.pathname) || '/';
  const query = Object.fromEntries(url.searchParams);
  const body = decodeBody(rawBody, contentType);
  const params: Record<string, string> = { ...query };
  for (const [key, value] of Object.entries(body)) {
    params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const request: GraphRequest = {
    method: method.toUpperCase(),
    version: match?.[1] ?? null,
    path,
    segments: path.split('/').filter((segment) => segment !== ''),
    query,
    body,
    params,
  };
  return request;
}

function decodeBody(rawBody: string, contentType: string): Record<string, unknown> {
  if (rawBody.trim() === '') return {};
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(rawBody));
  }
  // axios sends JSON, and sends `{}` even on GET.
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    return Object.fromEntries(new URLSearchParams(rawBody));
  }
  return {};
}
