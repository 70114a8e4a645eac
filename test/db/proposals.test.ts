import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
import { readRuleSetting, readRuleSettings, writeRuleSetting } from '../../src/db/rules-settings.js';
import { budgetDraft, HOUR, memoryDb, pauseDraft, pending, T0 } from '../approvals/support.js';

describe('proposals table', () => {
  test('a draft round-trips with its cents, figures and severity', () => {
    const db = memoryDb();
    const draft = budgetDraft({ alsoRules: ['fatigue'], severity: { metric: 'cpl', value: 1610.5 } });
    const stored = insertProposal(db, {
      draft,
      kind: 'change',
      status: 'pending',
      createdAt: T0,
      expiresAt: T0 + HOUR,
    });
    assert.equal(stored.id, 1);
    const {
      id,
      kind,
      undoOf,
      status,
      createdAt,
      expiresAt,
      decidedBy,
      decidedAt,
      finishedAt,
      note,
      channel,
      messageTs,
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
        channel,
        messageTs,
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
        channel: null,
        messageTs: null,
        undoneBy: null,
      },
    );
    assert.equal(id, 1);
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
      unpostedPending(db, T0).map((p) => p.id),
      [3],
    );
  });
});

describe('audit log and rule settings', () => {
  test('audit entries come back newest first', () => {
    const db = memoryDb();
    recordAudit(db, { at: T0, actor: 'U1', event: 'proposal.approved', proposalId: 1 });
    recordAudit(db, {
      at: T0 + 1,
      actor: 'U2',
      event: 'setting.changed',
      detail: 'kill max_cpl: $50.00 → $45.00',
    });
    assert.deepEqual(
      recentAudit(db, 10).map((e) => [e.actor, e.event, e.proposalId, e.detail]),
      [
        ['U2', 'setting.changed', null, 'kill max_cpl: $50.00 → $45.00'],
        ['U1', 'proposal.approved', 1, ''],
      ],
    );
  });

  test('settings are stored as typed values and overwritten in place', () => {
    const db = memoryDb();
    writeRuleSetting(db, 'kill', 'max_cpl', 4500, 'U1', T0);
    writeRuleSetting(db, 'kill', 'max_cpl', 4000, 'U2', T0 + 1);
    writeRuleSetting(db, 'rebalance', 'enabled', true, 'U1', T0);
    writeRuleSetting(db, 'fatigue', 'window', 'last_14d', 'U1', T0);
    assert.equal(readRuleSetting(db, 'kill', 'max_cpl'), 4000);
    assert.equal(readRuleSetting(db, 'kill', 'min_impressions'), null);
    assert.deepEqual([...readRuleSettings(db).entries()].sort(), [
      ['fatigue.window', 'last_14d'],
      ['kill.max_cpl', 4000],
      ['rebalance.enabled', true],
    ]);
  });
});
