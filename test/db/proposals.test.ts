import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAccountSettings, writeAccountSetting } from '../../src/db/account-settings.js';
import { recentAudit, recordAudit } from '../../src/db/audit-log.js';
import {
  appliedChangesSince,
  getProposal,
  insertProposal,
  pendingExpiredBy,
  recentForAdSet,
  transition,
  unpostedPending,
} from '../../src/db/proposals.js';
import {
  ACCOUNT,
  budgetDraft,
  HOUR,
  memoryDb,
  pauseDraft,
  pending,
  T0,
  YEN_ACCOUNT,
} from '../approvals/support.js';

describe('proposals table', () => {
  test('a draft round-trips with its cents, figures and severity', () => {
    const db = memoryDb();
    const draft = budgetDraft({ alsoRules: ['fatigue'], severity: { metric: 'cpl', value: 1610.5 } });
    const stored = insertProposal(db, {
      draft,
      accountId: 'act_3003',
      currency: 'JPY',
      kind: 'change',
      status: 'pending',
      createdAt: T0,
      expiresAt: T0 + HOUR,
    });
    assert.equal(stored.id, 1);
    const {
      id,
      accountId,
      currency,
      kind,
      undoOf,
      status,
      createdAt,
      expiresAt,
      decidedBy,
      decidedAt,
      finishedAt,
      note,
      messageRef,
      undoneBy,
      ...rest
    } = getProposal(db, 1) ?? assert.fail('stored');
    assert.deepEqual(rest, draft);
    assert.deepEqual(
      {
        kind,
        undoOf,
        status,
        createdAt,
        expiresAt,
        decidedBy,
        decidedAt,
        finishedAt,
        note,
        messageRef,
        undoneBy,
      },
      {
        kind: 'change',
        undoOf: null,
        status: 'pending',
        createdAt: T0,
        expiresAt: T0 + HOUR,
        decidedBy: null,
        decidedAt: null,
        finishedAt: null,
        note: null,
        messageRef: null,
        undoneBy: null,
      },
    );
    assert.equal(id, 1);
    assert.deepEqual({ accountId, currency }, { accountId: 'act_3003', currency: 'JPY' });
  });

  test('transition succeeds once: the exactly-once claim', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    assert.equal(transition(db, p.id, ['pending'], 'approved', { decidedBy: 'U1', decidedAt: T0 }), true);
    assert.equal(transition(db, p.id, ['pending'], 'approved', { decidedBy: 'U2', decidedAt: T0 }), false);
    assert.equal(getProposal(db, p.id)?.decidedBy, 'U1');
  });

  test('the status is checked by the database too', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    assert.throws(() => transition(db, p.id, ['pending'], 'done' as 'applied'), /CHECK constraint/);
  });

  test('queries for cooldown, the daily cap, expiry and unposted messages', () => {
    const db = memoryDb();
    const old = pending(db, pauseDraft(), T0 - 30 * HOUR);
    const recent = pending(db, pauseDraft(), T0 - HOUR);
    pending(db, budgetDraft(), T0);
    assert.deepEqual(
      recentForAdSet(db, '2001', 'pause', T0 - 24 * HOUR).map((p) => p.id),
      [recent.id],
    );
    transition(db, recent.id, ['pending'], 'applied', { finishedAt: T0 - HOUR });
    assert.equal(appliedChangesSince(db, '2001', T0 - 24 * HOUR), 1);
    assert.equal(appliedChangesSince(db, '2001', T0), 0);
    assert.deepEqual(
      pendingExpiredBy(db, T0).map((p) => p.id),
      [old.id],
    );
    assert.deepEqual(
      unpostedPending(db, T0, ACCOUNT.id).map((p) => p.id),
      [3],
    );
    pending(db, budgetDraft({ adsetId: '9001' }), T0, YEN_ACCOUNT);
    assert.deepEqual(
      unpostedPending(db, T0, YEN_ACCOUNT.id).map((p) => p.id),
      [4],
      'each account’s own',
    );
  });
});

describe('audit log and rule settings', () => {
  test('audit entries come back newest first, one account’s only', () => {
    const db = memoryDb();
    recordAudit(db, {
      at: T0,
      actor: 'U1',
      event: 'proposal.approved',
      accountId: ACCOUNT.id,
      proposalId: 1,
    });
    recordAudit(db, {
      at: T0 + 1,
      actor: 'U2',
      event: 'setting.changed',
      accountId: ACCOUNT.id,
      detail: 'kill max_cpl: $50.00 → $45.00',
    });
    recordAudit(db, { at: T0 + 2, actor: 'U3', event: 'rules.run', accountId: YEN_ACCOUNT.id });
    assert.deepEqual(
      recentAudit(db, 10, YEN_ACCOUNT.id).map((e) => [e.actor, e.accountId]),
      [['U3', 'act_3003']],
    );
    assert.deepEqual(
      recentAudit(db, 10, ACCOUNT.id).map((e) => [e.actor, e.event, e.proposalId, e.detail]),
      [
        ['U2', 'setting.changed', null, 'kill max_cpl: $50.00 → $45.00'],
        ['U1', 'proposal.approved', 1, ''],
      ],
    );
  });

  test('rule settings are stored per account as typed values and overwritten in place', () => {
    const db = memoryDb();
    writeAccountSetting(db, ACCOUNT.id, 'kill', 'max_cpl', 4500, 'U1', T0);
    writeAccountSetting(db, ACCOUNT.id, 'kill', 'max_cpl', 4000, 'U2', T0 + 1);
    writeAccountSetting(db, ACCOUNT.id, 'rebalance', 'enabled', true, 'U1', T0);
    writeAccountSetting(db, ACCOUNT.id, 'fatigue', 'window', 'last_14d', 'U1', T0);
    writeAccountSetting(db, YEN_ACCOUNT.id, 'kill', 'max_cpl', 3000, 'U1', T0);
    assert.deepEqual([...readAccountSettings(db, ACCOUNT.id).entries()].sort(), [
      ['fatigue.window', 'last_14d'],
      ['kill.max_cpl', 4000],
      ['rebalance.enabled', true],
    ]);
    assert.deepEqual([...readAccountSettings(db, YEN_ACCOUNT.id).entries()], [['kill.max_cpl', 3000]]);
  });
});
