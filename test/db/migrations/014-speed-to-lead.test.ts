import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { databaseAt } from './support.js';

test('014: stored leads get their clock with the first contact they had, junk stops it, and no timers', () => {
  const db = databaseAt(12);
  const insert = db.prepare(
    "INSERT INTO leads (id, account_id, created_time, received_at, received_via, state) VALUES (?, ?, ?, ?, 'webhook', 'complete')",
  );
  insert.run('L-called', 'act_42', 1_000, 1_500);
  insert.run('L-junk', 'act_42', null, 2_000);
  insert.run('L-waiting', null, 3_000, 3_100);
  const outcome = db.prepare(
    'INSERT INTO lead_outcomes (lead_id, outcome, user_id, recorded_at) VALUES (?, ?, ?, ?)',
  );
  outcome.run('L-called', 'qualified', 'U1', 61_000);
  outcome.run('L-called', 'contacted', 'U2', 90_000);
  outcome.run('L-junk', 'junk', 'U3', 9_000);
  migrate(db, 14);
  assert.equal(schemaVersion(db), 14);
  assert.deepEqual(
    db
      .prepare(
        `SELECT lead_id, account_id, lead_created_at, clock_start_at, first_contact_at, first_contact_by,
           first_contact_outcome, stopped_at, reminder_state, escalation_state, owner_id FROM lead_speed ORDER BY lead_id`,
      )
      .all(),
    [
      {
        lead_id: 'L-called',
        account_id: 'act_42',
        lead_created_at: 1_000,
        clock_start_at: 1_000,
        first_contact_at: 61_000,
        first_contact_by: 'U1',
        first_contact_outcome: 'qualified',
        stopped_at: null,
        reminder_state: 'skipped',
        escalation_state: 'skipped',
        owner_id: null,
      },
      {
        lead_id: 'L-junk',
        account_id: 'act_42',
        lead_created_at: 2_000,
        clock_start_at: 2_000,
        first_contact_at: null,
        first_contact_by: null,
        first_contact_outcome: null,
        stopped_at: 9_000,
        reminder_state: 'skipped',
        escalation_state: 'skipped',
        owner_id: null,
      },
      {
        lead_id: 'L-waiting',
        account_id: null,
        lead_created_at: 3_000,
        clock_start_at: 3_000,
        first_contact_at: null,
        first_contact_by: null,
        first_contact_outcome: null,
        stopped_at: null,
        reminder_state: 'skipped',
        escalation_state: 'skipped',
        owner_id: null,
      },
    ],
  );
  db.close();
});
