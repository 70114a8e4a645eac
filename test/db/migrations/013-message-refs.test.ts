import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertLocation } from '../../../src/conversions/alert.js';
import { messageRefs } from '../../../src/db/migrations/013-message-refs.js';
import { MIGRATIONS, schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { getProposal } from '../../../src/db/proposals.js';
import { getReportRun } from '../../../src/db/report-runs.js';
import { silentLogger } from '../../../src/log.js';
import { slackMessenger } from '../../../src/slack/slack-messenger.js';
import { startSlackEmulator } from '../../support/slack-emulator.js';
import { databaseAt } from './support.js';

const VERSION = messageRefs.version;
/** The step before this one (numbers may be renumbered when branches merge). */
const BEFORE = Math.max(...MIGRATIONS.filter((m) => m.version < VERSION).map((m) => m.version));

/** A database LeadOps left before this step: proposals, report runs and lead alerts posted in Slack, and some not. */
function databaseBefore(posted: { channel: string; ts: string }) {
  const db = databaseAt(BEFORE);
  const proposal = db.prepare(
    `INSERT INTO proposals (account_id, kind, undo_of, rule, adset_id, adset_name, campaign_id, campaign_name, target_type,
       target_id, target_name, action, before_status, before_daily_budget, after_status, after_daily_budget, reason,
       figures, status, created_at, expires_at, channel, message_ts)
     VALUES ('act_42', ?, ?, 'scale', '2001', 'Houston – Broad', '1001', 'MVA – Houston', 'adset', '2001',
       'Houston – Broad', 'raise_budget', 'ACTIVE', 4000, 'ACTIVE', 4800, 'CPL is low', '{}', ?, 20, 30, ?, ?)`,
  );
  proposal.run('change', null, 'applied', posted.channel, posted.ts); // 1: posted
  proposal.run('undo', 1, 'approved', posted.channel, posted.ts); // 2: its undo, shown on the same message
  proposal.run('change', null, 'pending', null, null); // 3: never reached Slack
  proposal.run('change', null, 'pending', 'C0HALF', null); // 4: half a pair
  const run = db.prepare(
    `INSERT INTO report_runs (account_id, report_date, state, owner, trigger, attempts, channel, ts, claimed_at)
     VALUES (?, ?, ?, NULL, 'schedule', 1, ?, ?, 100)`,
  );
  run.run('act_42', '2026-11-27', 'done', 'C0REPORTS', '1764400000.000200');
  run.run('act_42', '2026-11-28', 'claimed', null, null);
  run.run('*', '2026-11-27', 'done', 'C0LEADOPS', '1764400000.000300');
  const outbox = db.prepare(
    `INSERT INTO outbox (kind, subject, state, next_attempt_at, result, created_at, done_at)
     VALUES (?, ?, ?, 0, ?, 1, ?)`,
  );
  outbox.run('lead_alert', 'L1', 'done', JSON.stringify(posted), 2);
  outbox.run('lead_alert', 'L2', 'done', JSON.stringify({ skipped: 'lead not in store' }), 2);
  outbox.run('lead_alert', 'L3', 'pending', null, null);
  outbox.run('capi', 'L1:contacted', 'done', JSON.stringify({ state: 'sent', eventId: 'e1' }), 2);
  return db;
}

const columns = (db: ReturnType<typeof databaseAt>, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

test('013: channel and ts fold into message_ref in Slack’s form; half a pair or none is NULL', () => {
  const db = databaseBefore({ channel: 'C0APPROVALS', ts: '1764400000.000100' });
  migrate(db, VERSION, { accountId: null });
  assert.equal(schemaVersion(db), VERSION);
  assert.deepEqual(db.prepare('SELECT id, message_ref FROM proposals ORDER BY id').all(), [
    { id: 1, message_ref: 'C0APPROVALS/1764400000.000100' },
    { id: 2, message_ref: 'C0APPROVALS/1764400000.000100' },
    { id: 3, message_ref: null },
    { id: 4, message_ref: null },
  ]);
  assert.deepEqual(
    db.prepare('SELECT account_id, report_date, state, message_ref FROM report_runs ORDER BY 1, 2').all(),
    [
      {
        account_id: '*',
        report_date: '2026-11-27',
        state: 'done',
        message_ref: 'C0LEADOPS/1764400000.000300',
      },
      {
        account_id: 'act_42',
        report_date: '2026-11-27',
        state: 'done',
        message_ref: 'C0REPORTS/1764400000.000200',
      },
      { account_id: 'act_42', report_date: '2026-11-28', state: 'claimed', message_ref: null },
    ],
  );
  for (const [table, gone] of [
    ['proposals', ['channel', 'message_ts']],
    ['report_runs', ['channel', 'ts']],
  ] as const)
    for (const column of gone) assert.ok(!columns(db, table).includes(column), `${table}.${column} dropped`);
  assert.equal(getProposal(db, 1)?.messageRef, 'C0APPROVALS/1764400000.000100');
  assert.equal(getReportRun(db, 'act_42', '2026-11-27')?.messageRef, 'C0REPORTS/1764400000.000200');
  db.close();
});

test('013: done lead alerts’ results become {messageRef}; other results and pending jobs stay', () => {
  const db = databaseBefore({ channel: 'C0LEADS', ts: '1764400000.000100' });
  migrate(db, VERSION, { accountId: null });
  assert.deepEqual(db.prepare('SELECT kind, subject, state, result FROM outbox ORDER BY id').all(), [
    {
      kind: 'lead_alert',
      subject: 'L1',
      state: 'done',
      result: JSON.stringify({ messageRef: 'C0LEADS/1764400000.000100' }),
    },
    {
      kind: 'lead_alert',
      subject: 'L2',
      state: 'done',
      result: JSON.stringify({ skipped: 'lead not in store' }),
    },
    { kind: 'lead_alert', subject: 'L3', state: 'pending', result: null },
    {
      kind: 'capi',
      subject: 'L1:contacted',
      state: 'done',
      result: JSON.stringify({ state: 'sent', eventId: 'e1' }),
    },
  ]);
  assert.equal(alertLocation(db, 'L1'), 'C0LEADS/1764400000.000100');
  assert.equal(alertLocation(db, 'L2'), null);
  db.close();
});

test('013: a migrated ref is one the Slack messenger edits, replies under and names the channel of', async () => {
  const slack = await startSlackEmulator();
  try {
    const messenger = slackMessenger('xoxb-test', slack.apiUrl, silentLogger);
    const original = await messenger.post('#leadops', { text: 'Proposal', blocks: [] });
    const { channel, ts } = slack.messages()[0] ?? assert.fail('posted');
    const db = databaseBefore({ channel, ts });
    migrate(db, VERSION, { accountId: null });
    const migrated = getProposal(db, 1)?.messageRef ?? assert.fail('migrated');
    assert.equal(migrated, original, 'the same encoding as the messenger’s own');
    assert.equal(messenger.channelOf(migrated), channel);
    await messenger.update(migrated, { text: 'Applied', blocks: [] });
    await messenger.post(
      messenger.channelOf(migrated),
      { text: 'in its thread', blocks: [] },
      { thread: migrated },
    );
    assert.deepEqual(
      slack.messages(channel).map((m) => [m.text, m.threadTs ?? null, m.updatedCount]),
      [
        ['Applied', null, 1],
        ['in its thread', ts, 0],
      ],
    );
    db.close();
  } finally {
    await slack.close();
  }
});
