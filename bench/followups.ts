import type { Account } from '../src/accounts/account.js';
import { insertProposal, setMessage, transition } from '../src/db/proposals.js';
import { scheduleFollowUps } from '../src/followups/schedule.js';
import type { SandboxAccount } from '../src/sandbox/account.js';
import { createGeneratedAccounts } from '../src/sandbox/account.js';
import { manualClock } from '../test/support/manual-clock.js';
import { NOW } from '../test/support/test-bot.js';
import { startBenchBot, startBenchGraph } from './bench-bot.js';
import { ms } from './stats.js';

const LATENCY_MS = 300;
const CHANGES = 100;
const HOUR = 3_600_000;

/**
 * 100 applied changes (80 budget raises, 20 ad set pauses), their proposals posted, spread over
 * `accounts`; then the clock moved past the 24 h and the 72 h follow-ups, the job run once each time.
 */
async function scenario(accounts: SandboxAccount[], label: string): Promise<void> {
  const clock = manualClock(NOW);
  let starting = true;
  // Started "as of" a month later, so every day compared keeps its synthetic leads (see test/e2e/follow-ups.test.ts).
  const graph = await startBenchGraph(clock, {
    accounts,
    now: () => (starting ? NOW + 30 * 24 * HOUR : clock.nowMilliseconds()),
  });
  starting = false;
  const bench = await startBenchBot(clock, graph);
  const { bot, slack } = bench;
  try {
    const { services } = bot.leadops;
    const served = services.accounts.served();
    const { db, messenger } = services;
    for (let i = 0; i < CHANGES; i++) {
      const sandbox = accounts[i % accounts.length] as SandboxAccount;
      const account = served.find((a) => a.id === sandbox.id) as Account;
      const adset = sandbox.adsets[Math.floor(i / accounts.length) % sandbox.adsets.length];
      if (!adset) throw new Error('not enough ad sets');
      const pause = i % 5 === 4;
      const proposal = insertProposal(db, {
        draft: {
          rule: pause ? 'kill' : 'scale',
          alsoRules: [],
          adsetId: adset.id,
          adsetName: adset.name,
          campaignId: adset.campaignId,
          campaignName: '',
          target: { type: 'adset', id: adset.id, name: adset.name },
          action: pause ? 'pause' : 'raise_budget',
          before: { status: 'ACTIVE', dailyBudgetCents: 4000 },
          after: { status: pause ? 'PAUSED' : 'ACTIVE', dailyBudgetCents: pause ? 4000 : 4800 },
          reason: 'bench',
          figures: {
            window: 'last_3d',
            since: '2026-11-26',
            until: '2026-11-28',
            spendCents: 0,
            impressions: 0,
            leads: 0,
            frequency: null,
          },
          urgent: false,
          severity: null,
        },
        accountId: account.id,
        currency: account.currency,
        kind: 'change',
        status: 'approved',
        createdAt: NOW,
        expiresAt: NOW + 24 * HOUR,
        decidedBy: 'U0BENCH',
      });
      transition(db, proposal.id, ['approved'], 'applied', { finishedAt: NOW });
      setMessage(
        db,
        proposal.id,
        await messenger.post(services.approvals.channelOf(account), {
          text: `Proposal #${proposal.id}`,
          blocks: [],
        }),
      );
      scheduleFollowUps(db, { ...proposal, status: 'applied', finishedAt: NOW }, account.timezone);
    }
    graph.setLatency(LATENCY_MS);
    console.log(
      `\nFollow-ups — ${CHANGES} applied changes (80 raises, 20 pauses) ${label}, ${LATENCY_MS} ms Graph latency`,
    );
    for (const [horizon, advance] of [
      [24, 48 * HOUR],
      [72, 52 * HOUR],
    ] as const) {
      clock.advance(advance);
      graph.resetCalls();
      const posts = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
      const started = performance.now();
      const result = (await bot.leadops.runJob('follow-ups')) as { posted: number; failed: number };
      const elapsed = performance.now() - started;
      const insights = graph.calls.filter((c) => c.path.endsWith('/insights'));
      const levels = insights.map((c) => c.query.level).sort();
      const replies = slack.calls.filter((c) => c.method === 'chat.postMessage').length - posts;
      console.log(
        `  ${horizon} h: ${result.posted} posted (${replies} thread replies, ${result.failed} failed) · Graph calls ${graph.calls.length}, insights ${insights.length} (${levels.join(', ')}) for ${accounts.length} account(s) · ${ms(elapsed)}`,
      );
    }
  } finally {
    await bench.stop();
  }
}

/** The 24 h / 72 h follow-ups of 100 applied changes: Graph calls (goal: one insights call per window per account) and time. */
export async function benchFollowUps(): Promise<void> {
  await scenario(createGeneratedAccounts(1, { campaigns: 10, adsetsPerCampaign: 10 }), 'in one account');
  await scenario(
    createGeneratedAccounts(3, { campaigns: 10, adsetsPerCampaign: 10, currencies: ['USD', 'EUR', 'JPY'] }),
    'across 3 accounts (USD, EUR, JPY)',
  );
}
