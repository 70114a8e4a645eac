import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudienceSync } from '../src/audiences/sync.js';
import { saveFetchedLead } from '../src/db/leads.js';
import { openDatabase } from '../src/db/open.js';
import { silentLogger } from '../src/log.js';
import { CustomAudiences } from '../src/meta/custom-audiences.js';
import { GraphClient } from '../src/meta/graph-client.js';
import { SANDBOX_PIXEL_ID } from '../src/sandbox/conversions.js';
import { startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from '../src/sandbox/meta-webhooks.js';
import { freePort, startBotProcess } from '../test/support/bot-process.js';
import { startSlackEmulator } from '../test/support/slack-emulator.js';
import { blockActionBody, buttonClickPayload, postToSlackEndpoint } from '../test/support/slack-signing.js';
import { inPool, ms, percentile } from './stats.js';

const APP_SECRET = 'bench-app-secret';
const SIGNING_SECRET = 'bench';
const LEADS = 200;
const CONCURRENCY = 20;

/** 200 leads, each clicked Qualified (twice), 100 ms Graph latency: ack, click → event at Meta, duplicates. */
async function clicks(): Promise<void> {
  const graph = await startGraphEmulator({ appSecret: APP_SECRET, leadHistoryDays: 0 });
  graph.setLatency(100);
  const slack = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-'));
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      META_ACCESS_TOKEN: graph.accessToken,
      META_AD_ACCOUNT_ID: graph.account.id,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: graph.url,
      META_PIXEL_ID: SANDBOX_PIXEL_ID,
      DATABASE_PATH: join(dir, 'bench.sqlite'),
      REPORT_CHANNEL: '#leads',
      // 200 alerts in one channel before the clicks: Slack's pace lifted (slack-pace measures it).
      SLACK_POSTS_PER_SECOND: '1000',
      LOG_LEVEL: 'error',
    },
    await freePort(),
  );
  try {
    const pageId = graph.account.pages[0]?.id ?? '';
    const leads = Array.from({ length: LEADS }, () => graph.addLead());
    const body = leadgenBody(
      [{ pageId, changes: leads.map((l) => ({ leadId: l.id, formId: l.formId })) }],
      graph.now(),
    );
    await postWebhook(bot.url, metaSerialise(body), APP_SECRET);
    const alertOf = (leadId: string) =>
      slack
        .messages('#leads')
        .find((m) => !m.threadTs && JSON.stringify(m.blocks).includes(`lead ${leadId}`));
    await slack.waitFor(() => leads.every((l) => alertOf(l.id)), 120_000);
    await graph.conversions.waitFor(() => graph.conversions.events.length >= LEADS, 120_000);

    const acks: number[] = [];
    const clickedAt = new Map<string, number>();
    await inPool(LEADS * 2, CONCURRENCY, async (i) => {
      const lead = leads[i % LEADS];
      const alert = lead ? alertOf(lead.id) : undefined;
      if (!lead || !alert) return;
      const payload = buttonClickPayload({
        actionId: 'lead_qualified',
        value: lead.id,
        userId: 'U0BENCH',
        channelId: alert.channel,
        messageTs: alert.ts,
        responseUrl: slack.responseUrl(),
      });
      const t0 = Date.now();
      if (!clickedAt.has(lead.id)) clickedAt.set(lead.id, t0);
      const reply = await postToSlackEndpoint(
        `${bot.url}/slack/events`,
        SIGNING_SECRET,
        blockActionBody(payload),
      );
      acks.push(Date.now() - t0);
      if (reply.status !== 200) throw new Error(`click answered ${reply.status}`);
    });
    const qualified = () => graph.conversions.events.filter((e) => e.event.event_name === 'QualifiedLead');
    await graph.conversions.waitFor(() => qualified().length >= LEADS, 120_000);
    const toMeta = qualified().map(
      (e) =>
        e.receivedAt - (clickedAt.get(String((e.event.user_data as { lead_id?: unknown }).lead_id)) ?? 0),
    );
    const perEvent = new Map<string, number>();
    for (const e of graph.conversions.events)
      perEvent.set(String(e.event.event_id), (perEvent.get(String(e.event.event_id)) ?? 0) + 1);
    const requests = graph.conversions.requests.length;
    console.log(
      `\nLead outcomes — ${LEADS} leads, Qualified clicked twice each, ${CONCURRENCY} at a time, 100 ms Graph latency`,
    );
    console.log(
      `  click ack                    p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}   (Slack's limit 3,000 ms)`,
    );
    console.log(
      `  click → event at Meta        p50 ${ms(percentile(toMeta, 50))}  p99 ${ms(percentile(toMeta, 99))}`,
    );
    console.log(
      `  events ${graph.conversions.events.length} in ${requests} requests for ${LEADS * 3} stages (Lead, Contacted, QualifiedLead); duplicated ${[...perEvent.values()].filter((n) => n > 1).length}   (goal 0)`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 25,000 stored leads to the exclusion audience: normalise, hash, 3 batches in one session. */
async function audience(): Promise<void> {
  const graph = await startGraphEmulator({ leadHistoryDays: 0 });
  const db = openDatabase(':memory:');
  const now = Date.now();
  const total = 25_000;
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      saveFetchedLead(
        db,
        {
          id: String(2_000_000_000_000_000 + i),
          createdTime: now,
          formId: 'f',
          adId: null,
          adName: null,
          adsetId: null,
          adsetName: null,
          campaignId: null,
          campaignName: null,
          isOrganic: false,
          platform: 'fb',
          fieldData: [],
          raw: {},
        },
        {
          fullName: `Person Number${i}`,
          email: `p${i}@example.com`,
          phone: `713555${String(i).padStart(4, '0')}`,
          answers: [],
        },
        null,
        'poll',
        now,
      );
    }
  })();
  const client = new GraphClient({
    graphUrl: graph.url,
    apiVersion: 'v24.0',
    accessToken: graph.accessToken,
    appSecret: null,
    cacheTtlMs: 0,
    timeoutMs: 60_000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    clock: { nowMilliseconds: () => Date.now() },
    logger: silentLogger,
  });
  const sync = new AudienceSync({
    db,
    clock: { nowMilliseconds: () => Date.now() },
    logger: silentLogger,
    apiFor: (accountId) => new CustomAudiences(client, accountId),
    countryCode: '1',
  });
  const target = { accountId: graph.account.id, allLeads: true };
  try {
    const started = performance.now();
    const result = await sync.sync('U0BENCH', target);
    const first = performance.now() - started;
    const again = performance.now();
    await sync.sync('U0BENCH', target);
    console.log(`\n/audience sync — ${total.toLocaleString('en-US')} stored leads`);
    console.log(
      `  first run                    ${ms(first)} (${result.batches} batches, ${graph.calls.length} Graph calls, Meta received ${result.numReceived.toLocaleString('en-US')})`,
    );
    console.log(`  second run (nothing new)     ${ms(performance.now() - again)}`);
  } finally {
    client.close();
    db.close();
    await graph.close();
  }
}

export async function benchCapi(): Promise<void> {
  await clicks();
  await audience();
}
