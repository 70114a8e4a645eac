import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportRunsPerAccount } from '../../../src/db/migrations/011-report-runs-per-account.js';
import { MIGRATIONS, schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { claimReportRun, lastPostedReportDate } from '../../../src/db/report-runs.js';
import { readSetting } from '../../../src/db/settings.js';
import { accountStartedAt } from '../../../src/db/started-at.js';
import { LeadOpsError } from '../../../src/errors.js';
import { databaseAt } from './support.js';

const VERSION = reportRunsPerAccount.version;
/** The step before this one (numbers may be renumbered when branches merge). */
const BEFORE = Math.max(...MIGRATIONS.filter((m) => m.version < VERSION).map((m) => m.version));
const T0 = Date.parse('2026-11-01T15:00:00Z');

function singleAccountDatabase() {
  const db = databaseAt(BEFORE);
  const run = db.prepare(
    `INSERT INTO report_runs (report_date, state, owner, trigger, attempts, channel, ts, last_error, claimed_at, posted_at, done_at)
     VALUES (?, ?, ?, 'schedule', ?, ?, ?, ?, ?, ?, ?)`,
  );
  run.run('2026-11-27', 'done', 'run-a', 1, 'C0REPORTS', '1.1', null, 100, 101, 102);
  run.run('2026-11-28', 'claimed', null, 2, null, null, 'Slack refused: internal_error', 200, null, null);
  const setting = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  setting.run('report.scheduledSince', JSON.stringify(T0 + 60_000), T0);
  setting.run('leadops.started_at', JSON.stringify(T0), T0);
  return db;
}

test('011: a single-account database’s report runs and schedule become its account’s', () => {
  const db = singleAccountDatabase();
  migrate(db, VERSION, { accountId: 'act_42' });
  assert.equal(schemaVersion(db), VERSION);
  assert.deepEqual(
    db
      .prepare(
        'SELECT account_id, report_date, state, attempts, last_error, summary FROM report_runs ORDER BY 2',
      )
      .all(),
    [
      {
        account_id: 'act_42',
        report_date: '2026-11-27',
        state: 'done',
        attempts: 1,
        last_error: null,
        summary: null,
      },
      {
        account_id: 'act_42',
        report_date: '2026-11-28',
        state: 'claimed',
        attempts: 2,
        last_error: 'Slack refused: internal_error',
        summary: null,
      },
    ],
  );
  assert.equal(lastPostedReportDate(db, 'act_42'), '2026-11-27');
  assert.equal(
    db
      .prepare(`SELECT channel FROM report_runs WHERE account_id = 'act_42' AND report_date = '2026-11-27'`)
      .pluck()
      .get(),
    'C0REPORTS',
  );
  assert.equal(readSetting(db, 'report.scheduledSince'), null);
  assert.equal(readSetting(db, 'report.scheduledSince@act_42'), T0 + 60_000);
  // Its leads are compared with Meta's from LeadOps' start, as before; an account added later from when it came.
  const later = T0 + 30 * 86_400_000;
  assert.equal(accountStartedAt(db, 'act_42', later), T0);
  assert.equal(accountStartedAt(db, 'act_77', later), later);
  assert.equal(accountStartedAt(db, 'act_77', later + 1000), later, 'recorded once');
  db.close();
});

test('011: one row per account and date — another account claims the same date apart', () => {
  const db = singleAccountDatabase();
  migrate(db, VERSION, { accountId: 'act_42' });
  assert.equal(claimReportRun(db, 'act_42', '2026-11-27', 'run-b', 'catch-up', 300, 5).claimed, false);
  assert.equal(claimReportRun(db, 'act_77', '2026-11-27', 'run-b', 'catch-up', 300, 5).claimed, true);
  assert.throws(() =>
    db
      .prepare(
        "INSERT INTO report_runs (account_id, report_date, state, trigger, claimed_at) VALUES ('act_77', '2026-11-27', 'claimed', 'x', 1)",
      )
      .run(),
  );
  db.close();
});

test('011 refuses to guess whose report runs they are: without the account, the database stays where it was', () => {
  const db = singleAccountDatabase();
  assert.throws(() => migrate(db, VERSION, { accountId: null }), LeadOpsError);
  assert.equal(schemaVersion(db), BEFORE);
  db.close();
});

test('011: a new database needs no account', () => {
  const db = databaseAt(BEFORE);
  migrate(db, VERSION, { accountId: null });
  assert.equal(schemaVersion(db), VERSION);
  assert.equal(db.prepare('SELECT count(*) FROM report_runs').pluck().get(), 0);
  db.close();
});
