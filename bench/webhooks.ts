import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, metaSignature } from '../src/sandbox/meta-webhooks.js';
import { freePort, startBotProcess } from '../test/support/bot-process.js';
import { startSlackEmulator } from '../test/support/slack-emulator.js';
import { postRaw } from './post.js';
import { inPool, ms, percentile } from './stats.js';

const APP_SECRET = 'bench-app-secret';
const LEADS = 1000;
const CONCURRENCY = 50;
const WARM_UP = 50;
/** Slack's per-channel pace lifted (posts a second): 1,000 alerts to one channel would take 17 minutes at 1/s. */
const SLACK_PACE_LIFTED = 1000;

/** 1,000 signed lead webhooks, 50 at a time, 100 ms Graph latency: ack, time to alert, lost, doubled. */
async function run(slackDownMs: number): Promise<void> {
  const graph = await startGraphEmulator({ appSecret: APP_SECRET, leadHistoryDays: 0 });
  graph.setLatency(100);
  const slack = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-'));
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: slack.apiUrl,
      META_ACCESS_TOKEN: graph.accessToken,
      META_AD_ACCOUNT_ID: graph.account.id,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: graph.url,
      DATABASE_PATH: join(dir, 'bench.sqlite'),
      REPORT_CHANNEL: '#leads',
      LOG_LEVEL: 'error',
      // This section measures intake; `slack-pace` measures a backlog drained at Slack's own pace.
      SLACK_POSTS_PER_SECOND: String(SLACK_PACE_LIFTED),
    },
    await freePort(),
  );
  try {
    const pageId = graph.account.pages[0]?.id ?? '';
    const leads = Array.from({ length: LEADS }, () => graph.addLead());
    const sentAt = new Map<string, number>();
    const acks: number[] = [];
    if (slackDownMs > 0)
      slack.failUntil(Date.now() + slackDownMs, { status: 503, methods: ['chat.postMessage'] });
    // Bodies and signatures are made before the clock starts, and sent over kept-alive
    // node:http sockets: on 2 shared cores the load generator must not be what is measured.
    const requests = leads.map((lead) => {
      const raw = metaSerialise(
        leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], graph.now()),
      );
      return { leadId: lead.id, raw, signature: metaSignature(raw, APP_SECRET) };
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    // A freshly started process compiles its request path on the first burst; warm it (and the
    // sockets) with a few leads of their own, announced like the rest but not timed.
    const warmUp = Array.from({ length: WARM_UP }, () => graph.addLead());
    await inPool(WARM_UP, WARM_UP, async (i) => {
      const lead = warmUp[i];
      if (!lead) return;
      const raw = metaSerialise(
        leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], graph.now()),
      );
      await postRaw(agent, `${bot.url}/webhooks/meta`, raw, {
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(raw, APP_SECRET),
      });
    });
    const started = performance.now();
    await inPool(LEADS, CONCURRENCY, async (i) => {
      const request = requests[i];
      if (!request) return;
      const t0 = performance.now();
      sentAt.set(request.leadId, t0);
      const status = await postRaw(agent, `${bot.url}/webhooks/meta`, request.raw, {
        'content-type': 'application/json',
        'x-hub-signature-256': request.signature,
      });
      acks.push(performance.now() - t0);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    });
    agent.destroy();
    const alertedAt = new Map<string, number>();
    const leadIdOf = (blocks: unknown) => /lead (\d+)/.exec(JSON.stringify(blocks))?.[1];
    await slack.waitFor(() => {
      for (const call of slack.calls) {
        if (call.method !== 'chat.postMessage' || call.status !== 200) continue;
        const id = leadIdOf(call.args.blocks);
        if (id && !alertedAt.has(id)) alertedAt.set(id, call.at);
      }
      return leads.every((lead) => alertedAt.has(lead.id));
    }, 180_000);
    const totalMs = performance.now() - started;
    // Let anything still in flight land before counting duplicates.
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { outbox: { pending: number } };
    const posted = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
    const perLead = new Map<string, number>();
    for (const call of posted) {
      const id = leadIdOf(call.args.blocks);
      if (id) perLead.set(id, (perLead.get(id) ?? 0) + 1);
    }
    const lost = leads.filter((l) => !perLead.has(l.id)).length;
    const doubled = [...perLead.values()].filter((n) => n > 1).length;
    const toAlert = leads.map(
      (l) => (alertedAt.get(l.id) ?? Number.NaN) - (performance.timeOrigin + (sentAt.get(l.id) ?? 0)),
    );
    const label = slackDownMs > 0 ? `Slack failing for the first ${slackDownMs / 1000} s` : 'Slack healthy';
    console.log(
      `\nLead webhooks — ${LEADS} signed POSTs, ${CONCURRENCY} at a time (after ${WARM_UP} to warm up), 100 ms Graph latency, ${label}, Slack's pace lifted to ${SLACK_PACE_LIFTED}/s (see slack-pace)`,
    );
    console.log(
      `  webhook ack                  p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}   (goal p99 < 50 ms)`,
    );
    console.log(
      `  webhook → alert posted       p50 ${ms(percentile(toAlert, 50))}  p99 ${ms(percentile(toAlert, 99))}`,
    );
    console.log(
      `  all ${LEADS} alerts posted after  ${ms(totalMs)}   (outbox pending at the end: ${health.outbox.pending})`,
    );
    console.log(`  leads lost ${lost}, alerts duplicated ${doubled}   (goal 0 / 0)`);
    console.log(
      `  Graph calls                  ${graph.calls.length} (${(graph.calls.length / LEADS).toFixed(2)} per lead)`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWebhooks(): Promise<void> {
  await run(0);
  await run(5000);
}
