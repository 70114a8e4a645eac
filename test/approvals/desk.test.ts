import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { ApprovalDesk } from '../../src/approvals/desk.js';
import { auditFor } from '../../src/db/audit-log.js';
import { getProposal } from '../../src/db/proposals.js';
import { silentLogger } from '../../src/log.js';
import type { Messenger } from '../../src/messages/messenger.js';
import { parseSlackMessageRef, slackMessageRef } from '../../src/slack/message-ref.js';
import { ACCOUNT, budgetDraft, fakeMeta, memoryDb, pending, T0, YEN_ACCOUNT } from './support.js';

/** A desk serving `served`, each account its own fake Meta; what it posts and tells, recorded. */
function setup(served: Account[], maxDailyBudget: string | null = null) {
  const db = memoryDb();
  const metas = new Map(served.map((a) => [a.id, fakeMeta()]));
  const posts: { channel: string; text: string }[] = [];
  const updates: string[] = [];
  const ephemerals: string[] = [];
  let ts = 0;
  const messenger: Messenger = {
    async post(channel, message) {
      posts.push({ channel, text: message.text });
      ts += 1;
      return slackMessageRef(channel, `${ts}.000`);
    },
    async update(_posted, message) {
      updates.push(message.text);
    },
    async postEphemeral(_channel, _user, message) {
      ephemerals.push(message.text);
    },
    async uploadFile() {},
    findPosted: async () => null,
    channelOf: (ref) => parseSlackMessageRef(ref).channel,
  };
  const desk = new ApprovalDesk({
    db,
    clock: { nowMilliseconds: () => T0 + 60_000 },
    logger: silentLogger,
    messenger,
    accounts: { get: (id) => served.find((a) => a.id === id) ?? null },
    portOf: (account) => (metas.get(account.id) ?? assert.fail(`no Meta for ${account.id}`)).port,
    approvers: ['U0BOSS'],
    protected: [],
    maxDailyBudget,
    channels: { report: '#leadops', leads: '#leads', approvals: '#approvals' },
  });
  return { db, desk, metas, posts, updates, ephemerals };
}

describe('the approvals desk, per account', () => {
  test('a yen proposal posts in its account’s home channel, applies to that account in whole yen', async () => {
    const { db, desk, metas, posts, updates } = setup([ACCOUNT, YEN_ACCOUNT]);
    const yen = metas.get(YEN_ACCOUNT.id);
    assert.ok(yen);
    yen.state.dailyBudgetCents = 8000;
    const draft = budgetDraft({
      before: { status: 'ACTIVE', dailyBudgetCents: 8000 },
      after: { status: 'ACTIVE', dailyBudgetCents: 9600 },
    });
    const proposal = await desk.post(pending(db, draft, T0, YEN_ACCOUNT), YEN_ACCOUNT);
    assert.deepEqual(posts, [
      {
        channel: '#client-sakura',
        text: 'Proposal #1: daily budget ¥8,000 → ¥9,600 (+20%) for “Houston – Broad” (scale) — pending',
      },
    ]);
    const outcome = await desk.click({ proposalId: proposal.id, userId: 'U0BOSS', action: 'approve' });
    assert.equal(outcome.kind, 'finished');
    assert.deepEqual(yen.log, [
      'read adset 2001',
      'write adset 2001 {"dailyBudgetCents":9600}',
      'read adset 2001',
    ]);
    assert.equal(yen.state.dailyBudgetCents, 9600);
    assert.deepEqual(metas.get(ACCOUNT.id)?.log, [], 'the other account’s Meta is not asked');
    assert.match(updates.at(-1) ?? '', /¥8,000 → ¥9,600 .* — applied$/);
  });

  test('an account without a home channel posts in APPROVALS_CHANNEL', async () => {
    const { db, desk, posts } = setup([ACCOUNT]);
    await desk.post(pending(db, budgetDraft()), ACCOUNT);
    assert.equal(posts[0]?.channel, '#approvals');
    assert.equal(desk.channelOf(YEN_ACCOUNT), '#client-sakura');
  });

  test('MAX_DAILY_BUDGET is checked again at approval, in the proposal’s currency', async () => {
    const { db, desk, metas, ephemerals } = setup([YEN_ACCOUNT], '4500');
    const proposal = pending(db, budgetDraft(), T0, YEN_ACCOUNT);
    const outcome = await desk.click({ proposalId: proposal.id, userId: 'U0BOSS', action: 'approve' });
    assert.equal(outcome.kind, 'guarded');
    assert.equal(
      getProposal(db, proposal.id)?.note,
      'The new budget would now be above MAX_DAILY_BUDGET (¥4,500/day). Nothing was changed.',
    );
    assert.deepEqual(metas.get(YEN_ACCOUNT.id)?.log, []);
    assert.match(ephemerals[0] ?? '', /above MAX_DAILY_BUDGET \(¥4,500\/day\)/);
  });

  test('an account no longer served: its proposal cannot apply, and the approver is told why; Reject still works', async () => {
    const { db, desk, metas, ephemerals } = setup([ACCOUNT]);
    const orphan = pending(db, budgetDraft(), T0, YEN_ACCOUNT);
    const outcome = await desk.click({ proposalId: orphan.id, userId: 'U0BOSS', action: 'approve' });
    assert.equal(outcome.kind, 'unserved');
    assert.equal(
      ephemerals[0],
      ':warning: Proposal #1 is for ad account act_3003, which LeadOps no longer serves, so it cannot be applied. Nothing was changed.',
    );
    assert.equal(getProposal(db, orphan.id)?.status, 'pending');
    assert.deepEqual(metas.get(ACCOUNT.id)?.log, []);
    // Someone not in APPROVERS is refused first, as for any proposal.
    assert.equal(
      (await desk.click({ proposalId: orphan.id, userId: 'U0X', action: 'approve' })).kind,
      'refused',
    );
    const rejected = await desk.click({ proposalId: orphan.id, userId: 'U0BOSS', action: 'reject' });
    assert.equal(rejected.kind, 'rejected');
    assert.deepEqual(
      auditFor(db, orphan.id).map((e) => [e.event, e.accountId]),
      [
        ['proposal.refused', 'act_3003'],
        ['proposal.rejected', 'act_3003'],
      ],
    );
  });
});
