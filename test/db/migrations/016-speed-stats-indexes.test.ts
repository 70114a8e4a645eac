import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../../src/db/open.js';
import { databaseAt } from './support.js';

test('016: each clock gets its lead’s campaign, now and from then on; the statistics read covering indexes', () => {
  const db = databaseAt(15);
  const lead = db.prepare(
    "INSERT INTO leads (id, campaign_id, created_time, received_at, received_via, state) VALUES (?, ?, 1000, 1000, 'webhook', ?)",
  );
  const clock = db.prepare(
    'INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at) VALUES (?, ?, 1000, 1000)',
  );
  lead.run('L-old', 'c1', 'complete');
  clock.run('L-old', 'act_1');
  migrate(db, 16);
  const campaignOf = (id: string) =>
    db.prepare('SELECT campaign_id FROM lead_speed WHERE lead_id = ?').pluck().get(id);
  assert.equal(campaignOf('L-old'), 'c1');
  // A clock started later takes its lead's campaign…
  lead.run('L-new', 'c2', 'complete');
  clock.run('L-new', 'act_1');
  assert.equal(campaignOf('L-new'), 'c2');
  // …and a webhook notice's lead, read from Meta after its clock started, gets it then.
  lead.run('L-notice', null, 'notified');
  clock.run('L-notice', 'act_1');
  assert.equal(campaignOf('L-notice'), null);
  db.prepare("UPDATE leads SET campaign_id = 'c3', state = 'complete' WHERE id = 'L-notice'").run();
  assert.equal(campaignOf('L-notice'), 'c3');

  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(
    plan(
      "SELECT campaign_id, owner_id, first_contact_at FROM lead_speed WHERE account_id = 'a' AND lead_created_at >= 0 AND lead_created_at < 1",
    ),
    /COVERING INDEX lead_speed_stats /,
  );
  assert.match(
    plan(
      'SELECT campaign_id, first_contact_by, lead_id FROM lead_speed WHERE lead_created_at >= 0 AND lead_created_at < 1',
    ),
    /COVERING INDEX lead_speed_stats_created/,
  );
  assert.match(
    plan("SELECT outcome FROM lead_outcomes WHERE lead_id = 'x' ORDER BY id DESC LIMIT 1"),
    /COVERING INDEX lead_outcomes_latest/,
  );
});
