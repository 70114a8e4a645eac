import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyApproved } from '../../src/approvals/apply.js';
import { decide } from '../../src/approvals/decide.js';
import { auditFor } from '../../src/db/audit-log.js';
import type { Proposal } from '../../src/db/proposals.js';
import type { ProposalDraft } from '../../src/rules/plan.js';
import { budgetDraft, fakeMeta, graphError, HOUR, memoryDb, pauseDraft, pending, T0 } from './support.js';

function approved(draft: ProposalDraft) {
  const db = memoryDb();
  const p = pending(db, draft);
  const result = decide(db, {
    proposalId: p.id,
    userId: 'U0BOSS',
    decision: 'approve',
    now: T0 + HOUR,
    approvers: ['U0BOSS'],
    maxChangesPerDay: 2,
  });
  assert.ok(result.kind === 'approved');
  return { db, proposal: result.proposal };
}

async function run(draft: ProposalDraft, setup: (meta: ReturnType<typeof fakeMeta>) => void = () => {}) {
  const { db, proposal } = approved(draft);
  const meta = fakeMeta();
  setup(meta);
  const done: Proposal = await applyApproved(
    { db, port: meta.port, currency: 'USD', now: () => T0 + 2 * HOUR },
    proposal,
  );
  return { db, done, meta };
}

describe('applyApproved: check, write once, confirm', () => {
  test('matches → one write → read back → applied', async () => {
    const { done, meta, db } = await run(budgetDraft());
    assert.equal(done.status, 'applied');
    assert.equal(done.finishedAt, T0 + 2 * HOUR);
    assert.deepEqual(meta.log, [
      'read adset 2001',
      'write adset 2001 {"dailyBudgetCents":4800}',
      'read adset 2001',
    ]);
    assert.equal(meta.state.dailyBudgetCents, 4800);
    assert.ok(auditFor(db, done.id).some((e) => e.event === 'proposal.applied'));
  });

  test('a pause writes only the status', async () => {
    const { done, meta } = await run(pauseDraft());
    assert.equal(done.status, 'applied');
    assert.equal(meta.log[1], 'write adset 2001 {"status":"PAUSED"}');
  });

  test('changed in Ads Manager since: stale, nothing written', async () => {
    const budget = await run(budgetDraft(), (meta) => {
      meta.state.dailyBudgetCents = 4100;
    });
    assert.equal(budget.done.status, 'stale');
    assert.equal(
      budget.done.note,
      'The ad set was changed since this was proposed: Meta now shows daily budget $41.00/day (expected $40.00/day). Nothing was written.',
    );
    assert.deepEqual(budget.meta.log, ['read adset 2001']);
    const status = await run(pauseDraft(), (meta) => {
      meta.state.status = 'PAUSED';
    });
    assert.equal(status.done.status, 'stale');
    assert.match(String(status.done.note), /status PAUSED \(expected ACTIVE\)/);
  });

  test('Meta refusing: failed with Meta’s words for people (error_user_msg)', async () => {
    const { done } = await run(budgetDraft(), (meta) => {
      meta.script.writeError = graphError(400, {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: 1885272,
        error_user_title: 'Your Budget Is Too Low',
        error_user_msg: 'The minimum daily budget is $1.00.',
      });
    });
    assert.equal(done.status, 'failed');
    assert.equal(done.note, 'Meta said: Your Budget Is Too Low: The minimum daily budget is $1.00.');
  });

  test('no answer to the write (timeout, connection lost) or a 5xx: unconfirmed, not retried', async () => {
    for (const error of [
      graphError(null, null),
      graphError(500, { message: 'An unknown error occurred', code: 1 }),
    ]) {
      const { done, meta } = await run(pauseDraft(), (m) => {
        m.script.writeError = error;
      });
      assert.equal(done.status, 'unconfirmed');
      assert.match(String(done.note), /may or may not have been applied/);
      assert.equal(meta.log.filter((line) => line.startsWith('write')).length, 1);
    }
  });

  test('success that did not take: unconfirmed, with what Meta shows', async () => {
    const { done } = await run(budgetDraft(), (meta) => {
      meta.script.swallowWrite = true;
    });
    assert.equal(done.status, 'unconfirmed');
    assert.equal(
      done.note,
      'Meta answered success, but the ad set still shows daily budget $40.00/day (expected $48.00/day). Check it in Ads Manager — LeadOps does not retry it.',
    );
  });

  test('the first read failing: failed (retryable), nothing written; the read-back failing: unconfirmed', async () => {
    const first = await run(pauseDraft(), (meta) => {
      meta.script.readErrorOn.set(1, graphError(500, { message: 'down', code: 2 }));
    });
    assert.equal(first.done.status, 'failed');
    assert.equal(first.meta.log.length, 1);
    const readBack = await run(pauseDraft(), (meta) => {
      meta.script.readErrorOn.set(2, graphError(null, null));
    });
    assert.equal(readBack.done.status, 'unconfirmed');
  });

  test('only an approved proposal is applied', async () => {
    const db = memoryDb();
    const p = pending(db, pauseDraft());
    await assert.rejects(
      applyApproved({ db, port: fakeMeta().port, currency: 'USD', now: () => T0 }, p),
      /not approved/,
    );
  });
});
