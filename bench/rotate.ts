import { createSandboxAccount, type SandboxAccount } from '../src/sandbox/account.js';
import { testClock } from '../test/support/test-bot.js';
import { startBenchBot, startBenchGraph, timedRulesRun } from './bench-bot.js';
import { ms } from './stats.js';

const LATENCY_MS = 300;
const ADS_PER_AD_SET = 4;

/** 500 ad sets with 4 ads each (2,000 ads); every 5th ad set has an ad wearing out, every 7th one seen too often. */
function accountWithAds(): SandboxAccount {
  const account = createSandboxAccount({ campaigns: 50, adsetsPerCampaign: 10 });
  const template = account.ads[0];
  if (!template) throw new Error('no ads');
  account.ads = account.adsets.flatMap((adset, a) =>
    Array.from({ length: ADS_PER_AD_SET }, (_, i) => ({
      ...template,
      id: `1209${String(a).padStart(6, '0')}${String(i).padStart(8, '0')}`,
      adsetId: adset.id,
      campaignId: adset.campaignId,
      name: `Creative ${i + 1}`,
      deliveryWeight: i === 0 ? 0.4 : 0.2,
      ...(i === 1 && a % 5 === 0 ? { fatigue: { ctrDrop: 0.9 } } : {}),
      ...(i === 2 && a % 7 === 0 ? { fatigue: { frequency: 4 } } : {}),
    })),
  );
  return account;
}

/** `rotate` over 500 ad sets / 2,000 ads with 300 ms of Graph latency: ad-level calls and time per evaluation. */
export async function benchRotate(): Promise<void> {
  const clock = testClock();
  const bench = await startBenchBot(clock, await startBenchGraph(clock, { account: accountWithAds() }));
  const { graph } = bench;
  try {
    const { summary, evaluationMs, reads } = await timedRulesRun(bench, LATENCY_MS);
    const adLevel = reads.filter((c) => c.query.level === 'ad');
    const rotations = summary.proposed.filter((p) => p.rule === 'rotate');
    console.log(
      `\nRotate — ${graph.account.adsets.length} ad sets / ${graph.account.ads.length} ads, ${LATENCY_MS} ms Graph latency`,
    );
    console.log(`  ad-level Graph calls per evaluation  ${adLevel.length} (pages included)   (goal ≤ 2)`);
    console.log(
      `  all Graph calls of the evaluation    ${reads.length} (${reads.map((c) => `${c.path.split('/').pop()}${c.query.level ? `:${c.query.level}` : ''}`).join(', ')})`,
    );
    console.log(
      `  evaluation time (all rules)          ${ms(evaluationMs)} (${rotations.length} ads proposed for rotation, ${summary.proposed.length} proposals in all)`,
    );
  } finally {
    await bench.stop();
  }
}
