import { type Agent, request } from 'node:http';

/**
 * A POST over a kept-alive node:http socket, resolving with the status once the answer is
 * read. Lighter than fetch: on 2 shared cores the load generator must not be what is measured.
 */
export function postRaw(
  agent: Agent,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
