import { purgePersonalData } from '../db/leads.js';
import type { Database } from '../db/open.js';

const DAY_MS = 86_400_000;

/** LEAD_RETENTION_DAYS: personal data of older leads is removed; counts and attribution remain. */
export function purgeExpiredLeads(db: Database, retentionDays: number, now: number): number {
  return purgePersonalData(db, now - retentionDays * DAY_MS, now);
}
