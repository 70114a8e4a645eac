import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAccountSettings } from '../../../src/db/account-settings.js';
import { recentAudit } from '../../../src/db/audit-log.js';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { getProposal } from '../../../src/db/proposals.js';
import { LeadOpsError } from '../../../src/errors.js';
import { databaseAt } from './support.js';

/** A single-account LeadOps at version 9: rule settings changed, a proposal made and decided, audited. */
function singleAccountDatabase(options: { profile?: boolean } = {}) {
  const db = databaseAt(9);
  if (options.profile !== false)
    db.prepare(
      `INSERT INTO accounts (id, served, name, currency, timezone, read_at, updated_at)
       VALUES ('act_42', 1, 'Brazos & Reyes', 'USD', 'America/Chicago', 5, 5)`,
    ).run();
  const setting = db.prepare(
    'INSERT INTO rule_settings (rule, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  setting.run('kill', 'max_cpl', '4500', 'U0BOSS', 10);
  setting.run('rebalance', 'enabled', 'true', 'U0BOSS', 11);
  setting.run('limits', 'cooldown_hours', '6', 'U0DEPUTY', 12);
  db.prepare(
    `INSERT INTO proposals (kind, rule, adset_id, adset_name, campaign_id, campaign_name, target_type, target_id,
       target_name, action, before_status, before_daily_budget, after_status, after_daily_budget, reason, figures,
       status, created_at, expires_at, channel, message_ts)
     VALUES ('change', 'scale', '2001', 'Houston – Broad', '1001', 'MVA – Houston', 'adset', '2001', 'Houston – Broad',
       'raise_budget', 'ACTIVE', 4000, 'ACTIVE', 4800, 'CPL $16.10 is below $25.00', ?, 'applied', 20, 30, 'C1', '1.0')`,
  ).run(
    JSON.stringify({
      window: 'last_3d',
      since: '2026-11-26',
      until: '2026-11-28',
      spendCents: 22_540,
      impressions: 9000,
      leads: 14,
      frequency: 1.2,
    }),
  );
  const audit = db.prepare(
    'INSERT INTO audit_log (at, actor, event, proposal_id, detail) VALUES (?, ?, ?, ?, ?)',
  );
  audit.run(20, 'rules', 'proposal.created', 1, 'scale: …');
  audit.run(25, 'U0BOSS', 'proposal.approved', 1, '');
  audit.run(26, 'U0BOSS', 'setting.changed', null, 'kill max_cpl: $50.00 → $45.00');
  return db;
}

test('010: rule settings, proposals and audit entries become the account’s; rule_settings goes', () => {
  const db = singleAccountDatabase();
  migrate(db, 10, { accountId: 'act_42' });
  assert.equal(schemaVersion(db), 10);
  assert.deepEqual([...readAccountSettings(db, 'act_42').entries()].sort(), [
    ['kill.max_cpl', 4500],
    ['limits.cooldown_hours', 6],
    ['rebalance.enabled', true],
  ]);
  assert.deepEqual(
    db
      .prepare("SELECT scope, key, updated_by, updated_at FROM account_settings WHERE key = 'cooldown_hours'")
      .get(),
    { scope: 'limits', key: 'cooldown_hours', updated_by: 'U0DEPUTY', updated_at: 12 },
  );
  assert.deepEqual(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'rule_settings'").get(), {
    n: 0,
  });
  const proposal = getProposal(db, 1);
  assert.equal(proposal?.accountId, 'act_42');
  assert.equal(proposal?.currency, 'USD', 'the currency Meta gave the account');
  assert.deepEqual(proposal?.after, { status: 'ACTIVE', dailyBudgetCents: 4800 }, 'budgets untouched');
  assert.equal(proposal?.status, 'applied');
  assert.deepEqual(
    recentAudit(db, 10, 'act_42').map((e) => [e.event, e.accountId, e.proposalId]),
    [
      ['setting.changed', 'act_42', null],
      ['proposal.approved', 'act_42', 1],
      ['proposal.created', 'act_42', 1],
    ],
  );
  db.close();
});

test('010 without a stored profile: the proposals keep their account, their currency is learnt later', () => {
  const db = singleAccountDatabase({ profile: false });
  migrate(db, 10, { accountId: 'act_42' });
  assert.equal(getProposal(db, 1)?.accountId, 'act_42');
  assert.equal(getProposal(db, 1)?.currency, null);
  db.close();
});

test('010 refuses to guess whose settings they are: without the account, the database stays at 9', () => {
  const db = databaseAt(9);
  db.prepare(
    "INSERT INTO rule_settings (rule, key, value, updated_by, updated_at) VALUES ('kill', 'max_cpl', '4500', 'U1', 1)",
  ).run();
  assert.throws(() => migrate(db, 10, { accountId: null }), LeadOpsError);
  assert.equal(schemaVersion(db), 9);
  db.close();
});

test('010 on a new database: nothing to move', () => {
  const db = databaseAt(9);
  migrate(db, 10, { accountId: null });
  assert.equal(schemaVersion(db), 10);
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM account_settings').get(), { n: 0 });
  db.close();
});
