import type { MessageRef } from '../src/messages/messenger.js';
import { createSandboxAccount } from '../src/sandbox/account.js';
import { parseSlackMessageRef } from '../src/slack/message-ref.js';
import { blockActionBody, buttonClickPayload, postToSlackEndpoint } from '../test/support/slack-signing.js';
import { SIGNING_SECRET, testClock } from '../test/support/test-bot.js';
import { startBenchBot, startBenchGraph, timedRulesRun } from './bench-bot.js';
import { ms, percentile } from './stats.js';

const LATENCY_MS = 300;
const CLICKS = 20;

/**
 * The rules on a large sandbox account (50 campaigns × 10 ad sets) with 300 ms of Graph latency:
 * Graph calls and time per evaluation, and the time from an Approve click to the Graph write.
 */
export async function benchRules(): Promise<void> {
  const clock = testClock();
  const bench = await startBenchBot(
    clock,
    await startBenchGraph(clock, { account: createSandboxAccount({ campaigns: 50, adsetsPerCampaign: 10 }) }),
  );
  const { bot, graph, slack } = bench;
  try {
    const { services, account, summary, evaluationMs, reads } = await timedRulesRun(bench, LATENCY_MS);

    // A second run: everything is pending, so nothing new is posted.
    graph.resetCalls();
    const again = performance.now();
    await services.rules.run(account, 'bench');
    const secondMs = performance.now() - again;
    const secondCalls = graph.calls.length;

    const toWrite: number[] = [];
    const acks: number[] = [];
    const proposals = summary.proposed.filter((p) => p.messageRef).slice(0, CLICKS);
    for (const proposal of proposals) {
      // Clicked as Slack would: on the message, by its channel and ts.
      const message = parseSlackMessageRef(proposal.messageRef as MessageRef);
      const sentAt = clock.nowMilliseconds();
      const sent = performance.now();
      const ack = await postToSlackEndpoint(
        `${bot.leadops.url}/slack/events`,
        SIGNING_SECRET,
        blockActionBody(
          buttonClickPayload({
            actionId: 'proposal_approve',
            value: String(proposal.id),
            userId: 'U0BENCH',
            channelId: message.channel,
            messageTs: message.ts,
            responseUrl: slack.responseUrl(`bench-${proposal.id}`),
          }),
        ),
      );
      acks.push(performance.now() - sent);
      if (ack.status !== 200) throw new Error(`click ack ${ack.status}`);
      const write = await slack.waitFor(
        () =>
          slack.calls.some(
            (c) =>
              c.method === 'chat.update' &&
              String(c.args.text).startsWith(`Proposal #${proposal.id}:`) &&
              !/— approved$/.test(String(c.args.text)),
          ) && graph.calls.find((c) => c.method === 'POST' && c.path === `/${proposal.target.id}`),
        30_000,
      );
      toWrite.push(write.at - sentAt);
    }

    console.log(
      `\nRules — sandbox account of 50 campaigns / ${graph.account.adsets.length} ad sets, ${LATENCY_MS} ms Graph latency`,
    );
    console.log(
      `  Graph calls per evaluation   ${reads.length} (${reads.map((c) => c.path.split('/').pop()).join(', ')})   (goal ≤ 6: 4 for the ad sets, 2 for the ads)`,
    );
    console.log(
      `  evaluation time              ${ms(evaluationMs)} (${summary.evaluated} active ad sets, ${summary.proposed.length} proposals posted, ${summary.skipped.length} explained)`,
    );
    console.log(
      `  again within the cache TTL   ${ms(secondMs)}, ${secondCalls} Graph calls, nothing re-posted`,
    );
    console.log(
      `  click ack                    p50 ${ms(percentile(acks, 50))}  max ${ms(Math.max(...acks))}   (goal < 3 s)`,
    );
    console.log(
      `  Approve click → Graph write  p50 ${ms(percentile(toWrite, 50))}  max ${ms(Math.max(...toWrite))}   (${toWrite.length} approvals; includes the fresh read before the write)`,
    );
  } finally {
    await bench.stop();
  }
}
