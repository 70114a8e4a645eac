import type { Migration } from './migration.js';

/**
 * `outbox.posting_since`: when a job first handed its message to Slack without learning the
 * answer (a crash, a timeout). Set, the next attempt first looks for the message in the
 * channel's history (by its metadata) from then on, instead of posting it again.
 */
export const outboxPosting: Migration = {
  version: 19,
  name: 'outbox posting_since',
  up: (db) => db.exec('ALTER TABLE outbox ADD COLUMN posting_since INTEGER'),
};
