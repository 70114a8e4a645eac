// What Meta sends to a leadgen webhook: the body, its escaped serialisation, its signature.
// Used by the demo's lead feed, the tests and the benchmark.
import { createHmac } from 'node:crypto';

export interface LeadgenChange {
  leadId: string;
  formId?: string;
  pageId?: string;
  adId?: string;
  adsetId?: string;
  createdTime?: number;
}

/**
 * A Page webhook body as Meta builds it: entries per Page, one change per lead, stamped
 * with the sender's "now" (the sandbox's clock, never the wall clock).
 */
export function leadgenBody(
  entries: { pageId: string; changes: LeadgenChange[]; extraChanges?: unknown[] }[],
  sentAtMilliseconds: number,
): Record<string, unknown> {
  const sentAt = Math.floor(sentAtMilliseconds / 1000);
  return {
    object: 'page',
    entry: entries.map((entry) => ({
      id: entry.pageId,
      time: sentAt,
      changes: [
        ...entry.changes.map((c) => ({
          field: 'leadgen',
          value: {
            leadgen_id: c.leadId,
            form_id: c.formId,
            page_id: c.pageId ?? entry.pageId,
            ad_id: c.adId,
            adgroup_id: c.adsetId,
            created_time: c.createdTime ?? sentAt,
          },
        })),
        ...(entry.extraChanges ?? []),
      ],
    })),
  };
}

/** Meta serialises with every non-ASCII character escaped (`é` → `\u00e9`) and signs those bytes. */
export function metaSerialise(body: unknown): string {
  return JSON.stringify(body).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function metaSignature(raw: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** POSTs a raw body to the bot's webhook with a signature (correct unless told otherwise). */
export async function postWebhook(
  botUrl: string,
  raw: string,
  appSecret: string,
  options: { signature?: string | null } = {},
): Promise<{ status: number; text: string }> {
  const signature = options.signature === undefined ? metaSignature(raw, appSecret) : options.signature;
  const response = await fetch(`${botUrl}/webhooks/meta`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}
