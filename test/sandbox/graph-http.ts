// Tiny Graph API client for the sandbox tests: real HTTP with fetch, token added.
import type { GraphEmulator } from '../../src/sandbox/graph-emulator.js';

/** Sunday Nov 29, 2026, noon in Chicago. */
export const NOW = Date.parse('2026-11-29T18:00:00Z');

export interface GraphReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read Meta's loosely typed JSON.
  body: any;
}

type Params = Record<string, string | number | object>;

function encode(params: Params): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return query;
}

async function reply(response: Response): Promise<GraphReply> {
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** GET {url}/v24.0{path} with the emulator's token unless params name another. */
export async function graphGet(graph: GraphEmulator, path: string, params: Params = {}): Promise<GraphReply> {
  const query = encode({ access_token: graph.accessToken, ...params });
  return reply(await fetch(`${graph.url}/v24.0${path}?${query}`));
}

/** Follows `paging.next` verbatim, as the SDK does, and returns every row and every reply. */
export async function graphGetAll(graph: GraphEmulator, path: string, params: Params = {}) {
  const first = await graphGet(graph, path, params);
  const pages = [first];
  const rows = [...first.body.data];
  let next: string | undefined = first.body.paging?.next;
  while (next) {
    const page = await reply(await fetch(next));
    pages.push(page);
    rows.push(...page.body.data);
    next = page.body.paging?.next;
  }
  return { rows, pages };
}

/** POST as the SDK does: token in the query string, parameters as a JSON body. */
export async function graphPost(graph: GraphEmulator, path: string, body: Params): Promise<GraphReply> {
  const query = encode({ access_token: graph.accessToken });
  return reply(
    await fetch(`${graph.url}/v24.0${path}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}
