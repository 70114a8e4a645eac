import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTIONS, actionOf } from '../../src/approvals/actions/index.js';
import type { ActionPort } from '../../src/approvals/actions/types.js';
import type { Proposal } from '../../src/db/proposals.js';
import type { AdObjectChange, AdObjectRef, AdObjectState } from '../../src/meta/ad-account.js';
import type { PlayResult } from '../../src/rules/plan.js';
import { budgetDraft, graphError, pauseDraft } from './support.js';

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  ...budgetDraft(),
  id: 9,
  accountId: 'act_1001',
  currency: 'USD',
  kind: 'change',
  undoOf: null,
  status: 'approved',
  createdAt: 0,
  expiresAt: 1,
  decidedBy: 'U0BOSS',
  decidedAt: 0,
  finishedAt: null,
  note: null,
  messageRef: null,
  undoneBy: null,
  ...over,
});

const duplicate = (over: Partial<Proposal> = {}) =>
  proposal({
    rule: '/adsets',
    action: 'duplicate',
    before: { status: 'ACTIVE', dailyBudgetCents: 4000 },
    after: { status: 'ACTIVE', dailyBudgetCents: 6000 },
    ...over,
  });

/** A Meta with ad set 2001 (ads 3001 on, 3002 off) that copies to 9001 (ads 9101, 9102). */
function meta() {
  const objects = new Map<string, AdObjectState>([
    [
      '2001',
      {
        id: '2001',
        name: 'Houston',
        status: 'ACTIVE',
        effectiveStatus: 'ACTIVE',
        dailyBudgetCents: 4000,
        lifetimeBudgetCents: null,
      },
    ],
  ]);
  const log: string[] = [];
  const refuse = new Map<string, unknown>();
  const port: ActionPort = {
    async readAdObject(ref: AdObjectRef) {
      log.push(`read ${ref.id}`);
      const found = objects.get(ref.id);
      if (!found) throw graphError(400, { message: 'Unsupported get request', code: 100 });
      return { ...found };
    },
    async updateAdObject(ref: AdObjectRef, change: AdObjectChange) {
      log.push(`write ${ref.id} ${JSON.stringify(change)}`);
      const error = refuse.get(ref.id);
      if (error) throw error;
      const found = objects.get(ref.id) ?? {
        id: ref.id,
        name: ref.id,
        status: 'PAUSED',
        effectiveStatus: 'PAUSED',
        dailyBudgetCents: null,
        lifetimeBudgetCents: null,
      };
      objects.set(ref.id, {
        ...found,
        ...(change.status ? { status: change.status } : {}),
        ...(change.dailyBudgetCents ? { dailyBudgetCents: change.dailyBudgetCents } : {}),
      });
    },
    async adsOf(adsetId) {
      log.push(`ads of ${adsetId}`);
      return [
        {
          id: '3001',
          name: 'A',
          status: 'ACTIVE',
          effectiveStatus: 'ACTIVE',
          dailyBudgetCents: null,
          lifetimeBudgetCents: null,
        },
        {
          id: '3002',
          name: 'B',
          status: 'PAUSED',
          effectiveStatus: 'PAUSED',
          dailyBudgetCents: null,
          lifetimeBudgetCents: null,
        },
      ];
    },
    async copyAdSet(adsetId, options) {
      log.push(`copy ${adsetId} ${JSON.stringify(options)}`);
      const error = refuse.get(`${adsetId}/copies`);
      if (error) throw error;
      objects.set('9001', {
        id: '9001',
        name: 'Houston - Copy',
        status: 'PAUSED',
        effectiveStatus: 'PAUSED',
        dailyBudgetCents: 4000,
        lifetimeBudgetCents: null,
      });
      return {
        adsetId: '9001',
        ads: [
          { sourceId: '3001', copyId: '9101' },
          { sourceId: '3002', copyId: '9102' },
        ],
      };
    },
    async createLookalike() {
      throw new Error('not here');
    },
  };
  return { port, log, refuse, objects };
}

const context = (port: ActionPort, kept: PlayResult[]) => ({
  port,
  currency: 'USD',
  keep: (result: PlayResult) => kept.push(result),
});

describe('the actions registry', () => {
  test('every action has its file: apply, undo and words', () => {
    assert.deepEqual(Object.keys(ACTIONS), [
      'pause',
      'resume',
      'raise_budget',
      'lower_budget',
      'duplicate',
      'create_lookalike',
    ]);
    for (const [name, kind] of Object.entries(ACTIONS)) assert.equal(kind.action, name);
  });

  test('undo: pause ↔ resume, raise ↔ lower; a copy is paused; a lookalike has none', () => {
    assert.equal(actionOf('pause').undo(proposal({ ...pauseDraft() }))?.action, 'resume');
    assert.equal(actionOf('raise_budget').undo(proposal())?.action, 'lower_budget');
    const undo = actionOf('duplicate').undo(duplicate({ result: { copyId: '9001' } }));
    assert.deepEqual(
      [undo?.action, undo?.target.id, undo?.before.status, undo?.after.status],
      ['pause', '9001', 'ACTIVE', 'PAUSED'],
    );
    assert.equal(actionOf('duplicate').undo(duplicate()), null, 'no copy, nothing to undo');
    assert.equal(actionOf('create_lookalike').undo(proposal()), null);
  });
});

describe('duplicate: read, copy paused, budget, the ads that were on, the copy on, read back', () => {
  test('applied, in that order, the copy kept as soon as it exists', async () => {
    const { port, log } = meta();
    const kept: PlayResult[] = [];
    const outcome = await actionOf('duplicate').apply(duplicate(), context(port, kept));
    assert.deepEqual(outcome, { status: 'applied', note: null });
    assert.deepEqual(log, [
      'read 2001',
      'ads of 2001',
      'copy 2001 {"deepCopy":true,"statusOption":"PAUSED"}',
      'write 9001 {"dailyBudgetCents":6000}',
      'write 9101 {"status":"ACTIVE"}',
      'write 9001 {"status":"ACTIVE"}',
      'read 9001',
    ]);
    assert.deepEqual(kept, [
      {
        copyId: '9001',
        adCopies: [
          { sourceId: '3001', copyId: '9101', active: true },
          { sourceId: '3002', copyId: '9102', active: false },
        ],
      },
    ]);
  });

  test('Meta refusing the copy: failed with its words, nothing else written', async () => {
    const { port, log, refuse } = meta();
    refuse.set(
      '2001/copies',
      graphError(400, {
        message: 'Invalid parameter',
        code: 100,
        error_user_title: "Ad Can't Be Copied",
        error_user_msg: 'An ad was rejected.',
      }),
    );
    const outcome = await actionOf('duplicate').apply(duplicate(), context(port, []));
    assert.deepEqual(outcome, {
      status: 'failed',
      note: "Meta said: Ad Can't Be Copied: An ad was rejected. Nothing was copied.",
    });
    assert.equal(log.filter((l) => l.startsWith('write')).length, 0);
  });

  test('the copy made but its budget refused: failed, and approving again goes on with that copy', async () => {
    const { port, log, refuse } = meta();
    const kept: PlayResult[] = [];
    refuse.set(
      '9001',
      graphError(400, {
        message: 'Invalid parameter',
        code: 100,
        error_user_title: 'Budget Too Low',
        error_user_msg: 'Raise it.',
      }),
    );
    const first = await actionOf('duplicate').apply(duplicate(), context(port, kept));
    assert.equal(first.status, 'failed');
    assert.equal(
      first.note,
      'Meta made the copy 9001 (paused), but its daily budget of $60.00/day was refused. Meta said: Budget Too Low: Raise it. Approving again goes on with that copy; no second copy is made.',
    );
    refuse.clear();
    log.length = 0;
    const again = await actionOf('duplicate').apply(
      duplicate({ result: kept[0] ?? null }),
      context(port, []),
    );
    assert.equal(again.status, 'applied');
    assert.ok(!log.some((l) => l.startsWith('copy')), 'no second copy');
  });

  test('a deleted source: stale, nothing written', async () => {
    const { port, log, objects } = meta();
    objects.set('2001', { ...(objects.get('2001') as AdObjectState), status: 'DELETED' });
    const outcome = await actionOf('duplicate').apply(duplicate(), context(port, []));
    assert.equal(outcome.status, 'stale');
    assert.ok(!log.some((l) => l.startsWith('copy') || l.startsWith('write')));
  });
});
