import type { Database } from 'better-sqlite3';
import type { Minor } from '../money.js';
import { prepared } from './prepared.js';

/** What the people working the leads mark on an alert. */
export type Outcome = 'contacted' | 'qualified' | 'signed' | 'junk';
/** A Conversions API stage: the initial lead, then the outcomes. */
export type Stage = 'lead' | Outcome;

/** The funnel, in the order its stages must reach Meta. */
export const FUNNEL: readonly Stage[] = ['lead', 'contacted', 'qualified', 'signed'];

/** One click, kept for good: who marked what, when. The latest one is the lead's outcome. */
export interface LeadOutcome {
  id: number;
  leadId: string;
  outcome: Outcome;
  /** A signed case's value, in the lead's account currency's smallest unit (column `value_cents`). */
  valueCents: Minor | null;
  userId: string;
  recordedAt: number;
}

const OUTCOME_COLUMNS = `id, lead_id AS leadId, outcome, value_cents AS valueCents, user_id AS userId,
  recorded_at AS recordedAt`;

export function insertOutcome(db: Database, entry: Omit<LeadOutcome, 'id'>): LeadOutcome {
  const result = prepared(
    db,
    `INSERT INTO lead_outcomes (lead_id, outcome, value_cents, user_id, recorded_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(entry.leadId, entry.outcome, entry.valueCents, entry.userId, entry.recordedAt);
  return { id: Number(result.lastInsertRowid), ...entry };
}

export function latestOutcome(db: Database, leadId: string): LeadOutcome | null {
  const row = prepared(
    db,
    `SELECT ${OUTCOME_COLUMNS} FROM lead_outcomes WHERE lead_id = ? ORDER BY id DESC LIMIT 1`,
  ).get(leadId) as LeadOutcome | undefined;
  return row ?? null;
}

/** Oldest first. */
export function outcomeHistory(db: Database, leadId: string): LeadOutcome[] {
  return prepared(db, `SELECT ${OUTCOME_COLUMNS} FROM lead_outcomes WHERE lead_id = ? ORDER BY id`).all(
    leadId,
  ) as LeadOutcome[];
}

/** The short number the terminal (and the alert) shows for a lead; given on first ask, never changed. */
export function leadNumber(db: Database, leadId: string): number {
  prepared(db, 'INSERT INTO lead_numbers (lead_id) VALUES (?) ON CONFLICT (lead_id) DO NOTHING').run(leadId);
  const row = prepared(db, 'SELECT number FROM lead_numbers WHERE lead_id = ?').get(leadId) as {
    number: number;
  };
  return row.number;
}

export function leadIdByNumber(db: Database, number: number): string | null {
  const row = prepared(db, 'SELECT lead_id AS leadId FROM lead_numbers WHERE number = ?').get(number) as
    | { leadId: string }
    | undefined;
  return row?.leadId ?? null;
}

/** First and last name as the form asked them, when it did (the store keeps only the full name). */
export function formNames(
  db: Database,
  leadId: string,
): { firstName: string | null; lastName: string | null } {
  const row = prepared(db, 'SELECT raw FROM leads WHERE id = ?').get(leadId) as
    | { raw: string | null }
    | undefined;
  return namesFromRaw(row?.raw ?? null);
}

/** `first_name` / `last_name` from Meta's stored `field_data`. */
export function namesFromRaw(raw: string | null): { firstName: string | null; lastName: string | null } {
  const names = { firstName: null as string | null, lastName: null as string | null };
  if (!raw) return names;
  try {
    const parsed = JSON.parse(raw) as { field_data?: { name?: string; values?: string[] }[] };
    for (const field of parsed.field_data ?? []) {
      const value = field.values?.join(' ').trim() || null;
      if (field.name === 'first_name') names.firstName = value;
      if (field.name === 'last_name') names.lastName = value;
    }
  } catch {
    // Meta's JSON as stored; a damaged row just means no separate names.
  }
  return names;
}

/** Leads per campaign (or ad set) created in [from, to), by their current outcome. */
export interface FunnelCounts {
  id: string | null;
  name: string | null;
  leads: number;
  contacted: number;
  qualified: number;
  signed: number;
  junk: number;
}

/**
 * Latest outcome wins: a signed lead counts as contacted and qualified too (the funnel),
 * a lead marked junk after being qualified counts as junk only.
 */
export function funnelCounts(
  db: Database,
  level: 'campaign' | 'adset',
  from: number,
  to: number,
  /** One account's leads; null → every lead. */
  accountId: string | null = null,
): FunnelCounts[] {
  const id = level === 'adset' ? 'l.adset_id' : 'l.campaign_id';
  const name = level === 'adset' ? 'l.adset_name' : 'l.campaign_name';
  return prepared(
    db,
    `WITH current AS (
       SELECT o.lead_id, o.outcome FROM lead_outcomes o
         WHERE o.id = (SELECT max(id) FROM lead_outcomes WHERE lead_id = o.lead_id)
     )
     SELECT ${id} AS id, max(${name}) AS name, count(*) AS leads,
         sum(c.outcome IN ('contacted', 'qualified', 'signed')) AS contacted,
         sum(c.outcome IN ('qualified', 'signed')) AS qualified,
         sum(c.outcome = 'signed') AS signed,
         sum(c.outcome = 'junk') AS junk
       FROM leads l LEFT JOIN current c ON c.lead_id = l.id
       WHERE coalesce(l.created_time, l.received_at) >= @from AND coalesce(l.created_time, l.received_at) < @to
         ${accountId === null ? '' : 'AND l.account_id = @accountId'}
       GROUP BY ${id}
       ORDER BY ${id} IS NULL, count(*) DESC, max(${name})`,
  )
    .all({ from, to, ...(accountId === null ? {} : { accountId }) })
    .map((row) => {
      const r = row as Record<string, number | string | null>;
      return {
        id: (r.id as string | null) ?? null,
        name: (r.name as string | null) ?? null,
        leads: Number(r.leads ?? 0),
        contacted: Number(r.contacted ?? 0),
        qualified: Number(r.qualified ?? 0),
        signed: Number(r.signed ?? 0),
        junk: Number(r.junk ?? 0),
      };
    });
}

/**
 * LeadOps' own leads of one account (or one of its ad sets) created in [from, to) whose latest
 * outcome is qualified or signed: the qualified figure of /cpl, for a follow-up's window.
 */
export function qualifiedLeadCount(
  db: Database,
  accountId: string,
  adsetId: string | null,
  from: number,
  to: number,
): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM leads l
       WHERE l.account_id = @accountId ${adsetId === null ? '' : 'AND l.adset_id = @adsetId'}
         AND coalesce(l.created_time, l.received_at) >= @from AND coalesce(l.created_time, l.received_at) < @to
         AND (SELECT o.outcome FROM lead_outcomes o WHERE o.lead_id = l.id ORDER BY o.id DESC LIMIT 1)
           IN ('qualified', 'signed')`,
  ).get({ accountId, from, to, ...(adsetId === null ? {} : { adsetId }) }) as { n: number };
  return row.n;
}
