import { settings } from './001-settings.js';
import { leadsAndOutbox } from './002-leads-outbox.js';
import type { Migration } from './migration.js';

/** In order; `PRAGMA user_version` records how far a database has come. */
export const MIGRATIONS: readonly Migration[] = [settings, leadsAndOutbox];
