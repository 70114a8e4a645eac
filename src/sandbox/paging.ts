// Cursor paging like the Graph API: `{data, paging: {cursors: {before, after}, next}}`, where
// `next` is an absolute URL carrying every original parameter, which the SDK follows verbatim.

import { invalidParameter } from './graph-errors.js';
import type { GraphRequest } from './graph-request.js';

export interface Paging {
  cursors: { before: string; after: string };
  next?: string;
}

export interface Page<T> {
  data: T[];
  paging?: Paging;
}

const MAX_LIMIT = 5000;
const DEFAULT_VERSION = 'v24.0';

/** Meta's cursors are base64 with '=' written as 'ZD' (e.g. 'MAZDZD' for the first row). */
function encodeCursor(index: number): string {
  return Buffer.from(String(index)).toString('base64').replace(/=/g, 'ZD');
}

function decodeCursor(cursor: string): number {
  const index = Number(Buffer.from(cursor.replace(/ZD/g, '='), 'base64').toString('utf8'));
  if (!Number.isInteger(index) || index < 0) throw invalidParameter('The after cursor is not valid.');
  return index;
}

function pageLimit(request: GraphRequest, defaultSize: number): number {
  const raw = request.params.limit;
  if (raw === undefined) return defaultSize;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit <= 0)
    throw invalidParameter('param limit must be a positive integer.');
  return Math.min(limit, MAX_LIMIT);
}

/** One page of `items` for the request's `limit` and `after`; `baseUrl` is the emulator's own URL. */
export function paginate<T>(
  items: readonly T[],
  request: GraphRequest,
  defaultSize: number,
  baseUrl: string,
) {
  const limit = pageLimit(request, defaultSize);
  const after = request.params.after;
  const start = after === undefined ? 0 : decodeCursor(after) + 1;
  const data = items.slice(start, start + limit);
  const page: Page<T> = { data };
  if (data.length === 0) return page;
  const lastIndex = start + data.length - 1;
  page.paging = { cursors: { before: encodeCursor(start), after: encodeCursor(lastIndex) } };
  if (lastIndex < items.length - 1)
    page.paging.next = nextUrl(request, baseUrl, limit, encodeCursor(lastIndex));
  return page;
}

function nextUrl(request: GraphRequest, baseUrl: string, limit: number, after: string): string {
  const query = new URLSearchParams(request.query);
  query.set('limit', String(limit));
  query.set('after', after);
  return `${baseUrl}/${request.version ?? DEFAULT_VERSION}${request.path}?${query}`;
}
