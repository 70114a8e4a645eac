import type { Migration } from './migration.js';

export const settings: Migration = {
  version: 1,
  name: 'settings',
  up: (db) =>
    db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
  ) STRICT;
  `),
};
