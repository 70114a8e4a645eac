import type { Database } from 'better-sqlite3';
import type { LeadDetails } from '../leads/lead-details.js';
import type { LeadNotice } from '../leads/webhook-payload.js';
import type { MetaLead } from '../meta/lead-retrieval.js';
import { searchKey } from './open.js';
import { prepared } from './prepared.js';

export type LeadState = 'notified' | 'complete' | 'unreadable';

/** A stored lead. Personal fields are null once purged by the retention setting. */
export interface StoredLead {
  id: string;
  pageId: string | null;
  formId: string | null;
  adId: string | null;
  adName: string | null;
  adsetId: string | null;
  adsetName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  /** The ad account whose ad produced it (`act_…`); null for organic and test leads, or while its ad's account is not known. */
  accountId: string | null;
  createdTime: number | null;
  receivedAt: number;
  receivedVia: 'webhook' | 'poll';
  state: LeadState;
  fullName: string | null;
  phone: string | null;
  email: string | null;
  answers: LeadDetails['answers'];
  isOrganic: boolean;
  platform: string | null;
  readError: string | null;
  purgedAt: number | null;
}

interface LeadRow {
  id: string;
  page_id: string | null;
  form_id: string | null;
  ad_id: string | null;
  ad_name: string | null;
  adset_id: string | null;
  adset_name: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  account_id: string | null;
  created_time: number | null;
  received_at: number;
  received_via: 'webhook' | 'poll';
  state: LeadState;
  full_name: string | null;
  phone: string | null;
  email: string | null;
  answers: string | null;
  is_organic: number | null;
  platform: string | null;
  read_error: string | null;
  purged_at: number | null;
}

function fromRow(row: LeadRow): StoredLead {
  return {
    id: row.id,
    pageId: row.page_id,
    formId: row.form_id,
    adId: row.ad_id,
    adName: row.ad_name,
    adsetId: row.adset_id,
    adsetName: row.adset_name,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    accountId: row.account_id,
    createdTime: row.created_time,
    receivedAt: row.received_at,
    receivedVia: row.received_via,
    state: row.state,
    fullName: row.full_name,
    phone: row.phone,
    email: row.email,
    answers: row.answers ? (JSON.parse(row.answers) as LeadDetails['answers']) : [],
    isOrganic: row.is_organic === 1,
    platform: row.platform,
    readError: row.read_error,
    purgedAt: row.purged_at,
  };
}

/** Records a webhook notice; false when the lead was already known (from either door). */
export function insertNotice(db: Database, notice: LeadNotice, receivedAt: number): boolean {
  return (
    prepared(
      db,
      `INSERT INTO leads (id, page_id, form_id, ad_id, adset_id, created_time, received_at, received_via, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'webhook', 'notified')
         ON CONFLICT (id) DO NOTHING`,
    ).run(
      notice.leadId,
      notice.pageId,
      notice.formId,
      notice.adId,
      notice.adsetId,
      notice.createdTime,
      receivedAt,
    ).changes === 1
  );
}

/**
 * Stores a lead read from Meta. A new id is inserted; a webhook notice still waiting for
 * its details is completed; a lead already complete is left alone. Returns true if new.
 */
export function saveFetchedLead(
  db: Database,
  lead: MetaLead,
  details: LeadDetails,
  pageId: string | null,
  via: 'webhook' | 'poll',
  receivedAt: number,
): boolean {
  const values = {
    id: lead.id,
    page_id: pageId,
    form_id: lead.formId,
    ad_id: lead.adId,
    ad_name: lead.adName,
    adset_id: lead.adsetId,
    adset_name: lead.adsetName,
    campaign_id: lead.campaignId,
    campaign_name: lead.campaignName,
    created_time: Number.isFinite(lead.createdTime) ? lead.createdTime : null,
    received_at: receivedAt,
    received_via: via,
    full_name: details.fullName,
    phone: details.phone,
    email: details.email,
    answers: JSON.stringify(details.answers),
    raw: JSON.stringify(lead.raw),
    is_organic: lead.isOrganic ? 1 : 0,
    platform: lead.platform,
  };
  const inserted = prepared(
    db,
    `INSERT INTO leads (id, page_id, form_id, ad_id, ad_name, adset_id, adset_name, campaign_id, campaign_name,
         created_time, received_at, received_via, state, full_name, phone, email, answers, raw, is_organic, platform)
       VALUES (@id, @page_id, @form_id, @ad_id, @ad_name, @adset_id, @adset_name, @campaign_id, @campaign_name,
         @created_time, @received_at, @received_via, 'complete', @full_name, @phone, @email, @answers, @raw, @is_organic, @platform)
       ON CONFLICT (id) DO NOTHING`,
  ).run(values).changes;
  if (inserted === 1) return true;
  prepared(
    db,
    `UPDATE leads SET page_id = coalesce(page_id, @page_id), form_id = @form_id, ad_id = @ad_id, ad_name = @ad_name,
       adset_id = @adset_id, adset_name = @adset_name, campaign_id = @campaign_id, campaign_name = @campaign_name,
       created_time = @created_time, state = 'complete', full_name = @full_name, phone = @phone, email = @email,
       answers = @answers, raw = @raw, is_organic = @is_organic, platform = @platform, read_error = NULL
     WHERE id = @id AND state != 'complete'`,
  ).run(values);
  return false;
}

export function markUnreadable(db: Database, id: string, reason: string): void {
  prepared(
    db,
    `UPDATE leads SET state = 'unreadable', read_error = ? WHERE id = ? AND state = 'notified'`,
  ).run(reason, id);
}

export function getLead(db: Database, id: string): StoredLead | null {
  const row = prepared(db, 'SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
  return row ? fromRow(row) : null;
}

/** Narrows a query to one account's leads; every lead when `accountId` is null. */
function accountFilter(accountId: string | null): string {
  return accountId === null ? '' : 'AND account_id = @accountId';
}

/** The newest leads, of one account (`accountId`) or of all. */
export function recentLeads(db: Database, limit: number, accountId: string | null = null): StoredLead[] {
  const rows = prepared(
    db,
    `SELECT * FROM leads WHERE 1 = 1 ${accountFilter(accountId)}
       ORDER BY coalesce(created_time, received_at) DESC LIMIT @limit`,
  ).all({ limit, ...(accountId === null ? {} : { accountId }) }) as LeadRow[];
  return rows.map(fromRow);
}

export function leadsCreatedBetween(
  db: Database,
  from: number,
  to: number,
  limit: number,
  accountId: string | null = null,
): StoredLead[] {
  const rows = prepared(
    db,
    `SELECT * FROM leads WHERE coalesce(created_time, received_at) >= @from AND coalesce(created_time, received_at) < @to
       ${accountFilter(accountId)}
       ORDER BY coalesce(created_time, received_at) DESC LIMIT @limit`,
  ).all({ from, to, limit, ...(accountId === null ? {} : { accountId }) }) as LeadRow[];
  return rows.map(fromRow);
}

export function countLeadsCreatedBetween(db: Database, from: number, to: number): number {
  const row = prepared(
    db,
    'SELECT count(*) AS n FROM leads WHERE coalesce(created_time, received_at) >= ? AND coalesce(created_time, received_at) < ?',
  ).get(from, to) as { n: number };
  return row.n;
}

/** Name, email or phone contains the text: accents and case ignored, phones compared on digits. */
export function searchLeads(
  db: Database,
  text: string,
  limit: number,
  accountId: string | null = null,
): StoredLead[] {
  const like = `%${searchKey(text).replace(/[%_\\]/g, '\\$&')}%`;
  const digits = text.replace(/\D/g, '');
  const rows = prepared(
    db,
    `SELECT * FROM leads
       WHERE (search_key(full_name) LIKE @like ESCAPE '\\' OR search_key(email) LIKE @like ESCAPE '\\'
          OR (length(@digits) >= 3 AND digits_only(phone) LIKE '%' || @digits || '%'))
         ${accountFilter(accountId)}
       ORDER BY coalesce(created_time, received_at) DESC LIMIT @limit`,
  ).all({ like, digits, limit, ...(accountId === null ? {} : { accountId }) }) as LeadRow[];
  return rows.map(fromRow);
}

/** Retention: drops the personal data of leads created before `cutoff`; ids and attribution stay for counts. */
export function purgePersonalData(db: Database, cutoff: number, now: number): number {
  return prepared(
    db,
    `UPDATE leads SET full_name = NULL, phone = NULL, email = NULL, answers = NULL, raw = NULL, purged_at = ?
       WHERE purged_at IS NULL AND coalesce(created_time, received_at) < ?`,
  ).run(now, cutoff).changes;
}
