import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../../src/db/open.js';
import { databaseAt } from './support.js';

test('020: each clock knows whether its lead is qualified (latest outcome), now and from then on; the assignee’s DM is a timer', () => {
  const db = databaseAt(19);
  const lead = db.prepare(
    "INSERT INTO leads (id, campaign_id, created_time, received_at, received_via, state) VALUES (?, 'c1', 1000, 1000, 'webhook', 'complete')",
  );
  const clock = db.prepare(
    'INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at) VALUES (?, ?, 1000, 1000)',
  );
  const outcome = db.prepare(
    "INSERT INTO lead_outcomes (lead_id, outcome, user_id, recorded_at) VALUES (?, ?, 'U1', 2000)",
  );
  for (const id of ['L-qualified', 'L-signed', 'L-junked', 'L-contacted', 'L-none']) {
    lead.run(id);
    clock.run(id, 'act_1');
  }
  outcome.run('L-qualified', 'contacted');
  outcome.run('L-qualified', 'qualified');
  outcome.run('L-signed', 'signed');
  outcome.run('L-junked', 'qualified');
  outcome.run('L-junked', 'junk');
  outcome.run('L-contacted', 'contacted');
  migrate(db, 20);

  const qualified = (id: string) =>
    db.prepare('SELECT qualified FROM lead_speed WHERE lead_id = ?').pluck().get(id);
  assert.deepEqual(
    ['L-qualified', 'L-signed', 'L-junked', 'L-contacted', 'L-none'].map(qualified),
    [1, 1, 0, 0, 0],
  );
  // A new outcome sets it (the newest is the latest)…
  outcome.run('L-contacted', 'qualified');
  assert.equal(qualified('L-contacted'), 1);
  outcome.run('L-qualified', 'junk');
  assert.equal(qualified('L-qualified'), 0);
  // …and a clock started after its lead's outcomes (a Claim on an older lead) reads them once.
  lead.run('L-late-clock');
  outcome.run('L-late-clock', 'signed');
  clock.run('L-late-clock', 'act_1');
  assert.equal(qualified('L-late-clock'), 1);

  // Clocks from before owe no DM.
  assert.deepEqual(
    db.prepare("SELECT dm_state, dm_due_at, dm_late FROM lead_speed WHERE lead_id = 'L-none'").get(),
    { dm_state: 'none', dm_due_at: null, dm_late: 0 },
  );

  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  const read =
    'campaign_id, owner_id, first_contact_by, clock_start_at, first_contact_at, stopped_at, qualified FROM lead_speed';
  assert.match(
    plan(`SELECT ${read} WHERE account_id = 'a' AND lead_created_at >= 0 AND lead_created_at < 1`),
    /COVERING INDEX lead_speed_stats /,
  );
  assert.match(
    plan(`SELECT ${read} WHERE lead_created_at >= 0 AND lead_created_at < 1`),
    /COVERING INDEX lead_speed_stats_created/,
  );
  assert.match(
    plan("SELECT lead_id FROM lead_speed WHERE dm_state = 'pending' AND dm_due_at <= 5 ORDER BY dm_due_at"),
    /lead_speed_dm_due/,
  );
});
