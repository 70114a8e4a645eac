import { slackMessageRef } from '../../slack/message-ref.js';
import type { Migration } from './migration.js';

/** A done lead alert's outbox result before this step: where Slack put it. */
interface SlackPosted {
  channel?: unknown;
  ts?: unknown;
}

/**
 * A posted message is kept as one opaque `message_ref` (src/messages/messenger.ts) instead of
 * Slack's channel and ts in two columns: `proposals.channel/message_ts` and
 * `report_runs.channel/ts` fold into `message_ref`, and done lead alerts' outbox results
 * `{channel, ts}` become `{messageRef}`. Rows before this step were all posted through Slack,
 * so they take Slack's form (src/slack/message-ref.ts); half a pair becomes NULL.
 */
export const messageRefs: Migration = {
  version: 13,
  name: 'posted messages as one message_ref',
  up: (db) => {
    for (const { table, ts } of [
      { table: 'proposals', ts: 'message_ts' },
      { table: 'report_runs', ts: 'ts' },
    ]) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN message_ref TEXT`);
      const rows = db
        .prepare(
          `SELECT rowid AS id, channel, ${ts} AS ts FROM ${table} WHERE channel IS NOT NULL AND ${ts} IS NOT NULL`,
        )
        .all() as { id: number; channel: string; ts: string }[];
      const set = db.prepare(`UPDATE ${table} SET message_ref = ? WHERE rowid = ?`);
      for (const row of rows) set.run(slackMessageRef(row.channel, row.ts), row.id);
      db.exec(`ALTER TABLE ${table} DROP COLUMN channel; ALTER TABLE ${table} DROP COLUMN ${ts};`);
    }
    const results = db
      .prepare(
        `SELECT id, result FROM outbox WHERE kind = 'lead_alert' AND state = 'done' AND result IS NOT NULL`,
      )
      .all() as { id: number; result: string }[];
    const rewrite = db.prepare('UPDATE outbox SET result = ? WHERE id = ?');
    for (const { id, result } of results) {
      const posted = JSON.parse(result) as SlackPosted | null;
      if (typeof posted?.channel !== 'string' || typeof posted.ts !== 'string') continue;
      rewrite.run(JSON.stringify({ messageRef: slackMessageRef(posted.channel, posted.ts) }), id);
    }
  },
};
