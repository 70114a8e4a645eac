import type { Database } from 'better-sqlite3';

/** What a migration may need to know beyond the database itself. */
export interface MigrationContext {
  /**
   * The ad account a single-account LeadOps served (the first of META_AD_ACCOUNT_ID): its
   * rows become that account's when the account dimension arrives. Null for a new database.
   */
  accountId: string | null;
}

/**
 * One schema step, applied in its own transaction that also sets `PRAGMA user_version` to
 * `version`, so a database is always exactly at one step. Released migrations are never
 * edited: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database, context: MigrationContext): void;
}
