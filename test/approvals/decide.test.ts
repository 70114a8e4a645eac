import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, requestUndo } from '../../src/approvals/decide.js';
import { auditFor } from '../../src/db/audit-log.js';
import { getProposal, transition } from '../../src/db/proposals.js';
import { budgetDraft, HOUR, memoryDb, pauseDraft, pending, T0 } from './support.js';

const approvers = ['U0BOSS', 'U0DEPUTY'];
const base = { now: T0 + HOUR, approvers, maxChangesPerDay: 2 };

describe('decide: exactly once, approvers only', () => {
  test('a stranger is refused and audited; the proposal stays pending', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    assert.deepEqual(decide(db, { ...base, proposalId: p.id, userId: 'U0STRANGER', decision: 'approve' }), {
      kind: 'refused',
    });
    assert.equal(getProposal(db, p.id)?.status, 'pending');
    const [entry] = auditFor(db, p.id);
    assert.equal(entry?.event, 'proposal.refused');
    assert.equal(entry?.actor, 'U0STRANGER');
  });

  test('APPROVERS empty: nobody may decide', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    const result = decide(db, {
      ...base,
      approvers: [],
      proposalId: p.id,
      userId: 'U0BOSS',
      decision: 'approve',
    });
    assert.equal(result.kind, 'refused');
  });

  test('the first approval claims it; every later click finds it decided', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    const first = decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' });
    assert.equal(first.kind, 'approved');
    assert.ok(first.kind === 'approved');
    assert.equal(first.proposal.decidedBy, 'U0BOSS');
    assert.equal(first.proposal.decidedAt, T0 + HOUR);
    for (const [userId, decision] of [
      ['U0BOSS', 'approve'],
      ['U0DEPUTY', 'approve'],
      ['U0DEPUTY', 'reject'],
    ] as const) {
      const again = decide(db, { ...base, proposalId: p.id, userId, decision });
      assert.equal(again.kind, 'already', `${userId} ${decision}`);
    }
    assert.equal(
      auditFor(db, p.id).filter((e) => e.event === 'proposal.approved').length,
      1,
      'one approval recorded',
    );
  });

  test('reject: rejected, and approving afterwards changes nothing', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    assert.equal(
      decide(db, { ...base, proposalId: p.id, userId: 'U0DEPUTY', decision: 'reject' }).kind,
      'rejected',
    );
    assert.equal(
      decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' }).kind,
      'already',
    );
    assert.equal(getProposal(db, p.id)?.status, 'rejected');
  });

  test('past its time: expired by the click, never approved', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    const late = decide(db, {
      ...base,
      now: T0 + 24 * HOUR,
      proposalId: p.id,
      userId: 'U0BOSS',
      decision: 'approve',
    });
    assert.equal(late.kind, 'expired');
    assert.equal(getProposal(db, p.id)?.status, 'expired');
  });

  test('a failed one may be approved again (a new approval), a stale or applied one may not', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' });
    transition(db, p.id, ['approved'], 'failed', { note: 'Meta said no' });
    assert.equal(
      decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'reject' }).kind,
      'already',
    );
    const retry = decide(db, { ...base, proposalId: p.id, userId: 'U0DEPUTY', decision: 'approve' });
    assert.equal(retry.kind, 'approved');
    assert.equal(getProposal(db, p.id)?.note, null);
    transition(db, p.id, ['approved'], 'stale');
    assert.equal(
      decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' }).kind,
      'already',
    );
  });

  test('at most N applied changes per ad set in 24 hours: the approval is held, the proposal stays pending', () => {
    const db = memoryDb();
    for (const hoursAgo of [20, 2]) {
      const done = pending(db, pauseDraft(), T0 - hoursAgo * HOUR);
      transition(db, done.id, ['pending'], 'applied', { finishedAt: base.now - hoursAgo * HOUR });
    }
    const p = pending(db, pauseDraft());
    const held = decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' });
    assert.equal(held.kind, 'limited');
    assert.equal(getProposal(db, p.id)?.status, 'pending');
    const tomorrow = decide(db, {
      ...base,
      now: T0 + 21 * HOUR,
      proposalId: p.id,
      userId: 'U0BOSS',
      decision: 'approve',
    });
    assert.equal(tomorrow.kind, 'approved', 'one of the two fell out of the 24 hours');
  });

  test('unknown ids', () => {
    const db = memoryDb();
    assert.equal(
      decide(db, { ...base, proposalId: 99, userId: 'U0BOSS', decision: 'approve' }).kind,
      'unknown',
    );
  });
});

describe('guardrails checked again at approval', () => {
  test('now PROTECTED, or above a new MAX_DAILY_BUDGET: stale, never approved', () => {
    const db = memoryDb();
    const paused = pending(db, pauseDraft());
    const guarded = decide(db, {
      ...base,
      protected: ['MVA – Houston'],
      proposalId: paused.id,
      userId: 'U0BOSS',
      decision: 'approve',
    });
    assert.equal(guarded.kind, 'guarded');
    assert.equal(getProposal(db, paused.id)?.status, 'stale');
    assert.equal(
      getProposal(db, paused.id)?.note,
      'The ad set or its campaign is now PROTECTED. Nothing was changed.',
    );
    const raise = pending(db, budgetDraft());
    const capped = decide(db, {
      ...base,
      maxDailyBudget: 4500,
      currency: 'USD',
      proposalId: raise.id,
      userId: 'U0BOSS',
      decision: 'approve',
    });
    assert.equal(capped.kind, 'guarded');
    assert.match(String(getProposal(db, raise.id)?.note), /above MAX_DAILY_BUDGET \(\$45\.00\/day\)/);
    const fine = pending(db, budgetDraft());
    assert.equal(
      decide(db, {
        ...base,
        maxDailyBudget: 4800,
        proposalId: fine.id,
        userId: 'U0BOSS',
        decision: 'approve',
      }).kind,
      'approved',
    );
  });
});

describe('requestUndo', () => {
  test('only an applied change, only once; the undo reverses before and after', () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    assert.equal(
      requestUndo(db, { proposalId: p.id, userId: 'U0BOSS', now: T0, approvers }).kind,
      'not_undoable',
    );
    decide(db, { ...base, proposalId: p.id, userId: 'U0BOSS', decision: 'approve' });
    transition(db, p.id, ['approved'], 'applied', { finishedAt: T0 + HOUR });
    assert.equal(
      requestUndo(db, { proposalId: p.id, userId: 'U0STRANGER', now: T0, approvers }).kind,
      'refused',
    );
    const undo = requestUndo(db, { proposalId: p.id, userId: 'U0DEPUTY', now: T0 + 2 * HOUR, approvers });
    assert.ok(undo.kind === 'approved');
    assert.equal(undo.undo.kind, 'undo');
    assert.equal(undo.undo.status, 'approved');
    assert.equal(undo.undo.action, 'resume');
    assert.deepEqual(undo.undo.before, { status: 'PAUSED', dailyBudgetCents: 4000 });
    assert.deepEqual(undo.undo.after, { status: 'ACTIVE', dailyBudgetCents: 4000 });
    assert.equal(undo.original.undoneBy, undo.undo.id);
    assert.equal(
      requestUndo(db, { proposalId: p.id, userId: 'U0BOSS', now: T0, approvers }).kind,
      'not_undoable',
    );
    // A failed undo may be asked for again.
    transition(db, undo.undo.id, ['approved'], 'failed');
    assert.equal(
      requestUndo(db, { proposalId: p.id, userId: 'U0BOSS', now: T0, approvers }).kind,
      'approved',
    );
  });
});
