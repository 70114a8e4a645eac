import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a `leadgen` change tells us before the lead itself is fetched. */
export interface LeadNotice {
  leadId: string;
  formId: string | null;
  pageId: string | null;
  adId: string | null;
  adsetId: string | null;
  /** Milliseconds since the epoch. */
  createdTime: number | null;
}

/**
 * Checks `X-Hub-Signature-256` against the raw bytes Meta sent. Meta signs its own
 * serialisation (non-ASCII escaped as \u00e9), so re-serialised JSON would not match.
 */
export function isValidSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function id(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * Every `leadgen` change of every entry, in order; other fields are ignored. Returns null
 * when the body is not a Page webhook at all.
 */
export function leadNotices(body: unknown): LeadNotice[] | null {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { entry?: unknown }).entry))
    return null;
  const notices: LeadNotice[] = [];
  for (const entry of (body as { entry: unknown[] }).entry) {
    const changes = (entry as { changes?: unknown })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const { field, value } = (change ?? {}) as { field?: unknown; value?: Record<string, unknown> };
      const leadId = id(value?.leadgen_id);
      if (field !== 'leadgen' || !value || !leadId) continue;
      const created = typeof value.created_time === 'number' ? value.created_time * 1000 : null;
      notices.push({
        leadId,
        formId: id(value.form_id),
        pageId: id(value.page_id) ?? id((entry as { id?: unknown }).id),
        adId: id(value.ad_id),
        adsetId: id(value.adgroup_id),
        createdTime: created,
      });
    }
  }
  return notices;
}
