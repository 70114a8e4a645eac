import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgencySandbox } from '../src/sandbox/account.js';
import { type SandboxLead, startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, metaSignature } from '../src/sandbox/meta-webhooks.js';
import { freePort, startBotProcess } from '../test/support/bot-process.js';
import { startSlackEmulator } from '../test/support/slack-emulator.js';
import { postRaw } from './post.js';
import { inPool, ms, percentile } from './stats.js';

const APP_SECRET = 'bench-app-secret';
const BURST = 5;
/** Leads for a second channel, one every PROBE_EVERY_MS while the first channel's backlog drains. */
const PROBES = 10;

/**
 * N leads for one channel at once (Meta redelivering a backlog), one webhook each, against a
 * Slack emulator that enforces `perSecond` per channel (burst 5); the bot paces at the same rate.
 */
async function run(leadCount: number, perSecond: number): Promise<void> {
  const graph = await startGraphEmulator({
    appSecret: APP_SECRET,
    leadHistoryDays: 0,
    accounts: createAgencySandbox(),
  });
  const slack = await startSlackEmulator({ rateLimit: { burst: BURST, perSecond } });
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-pace-'));
  const [busy, quiet] = graph.accounts;
  if (!busy || !quiet) throw new Error('the agency sandbox has several accounts');
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: slack.apiUrl,
      SLACK_POSTS_PER_SECOND: String(perSecond),
      META_ACCESS_TOKEN: graph.accessToken,
      META_AD_ACCOUNT_ID: graph.accounts.map((a) => a.id).join(','),
      ACCOUNT_CHANNELS: `${busy.id}=#busy,${quiet.id}=#quiet`,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: graph.url,
      DATABASE_PATH: join(dir, 'bench.sqlite'),
      REPORT_CHANNEL: '#leadops',
      LOG_LEVEL: 'error',
    },
    await freePort(),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  const request = (lead: SandboxLead) => {
    const pageId = graph.accounts.flatMap((a) => a.forms).find((f) => f.id === lead.formId)?.pageId ?? '';
    const raw = metaSerialise(
      leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], graph.now()),
    );
    return { lead, raw, signature: metaSignature(raw, APP_SECRET) };
  };
  const acks: number[] = [];
  const probeAcks: number[] = [];
  const sentAt = new Map<string, number>();
  const send = async (r: ReturnType<typeof request>, into: number[]) => {
    const t0 = performance.now();
    sentAt.set(r.lead.id, Date.now());
    const status = await postRaw(agent, `${bot.url}/webhooks/meta`, r.raw, {
      'content-type': 'application/json',
      'x-hub-signature-256': r.signature,
    });
    into.push(performance.now() - t0);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  };
  try {
    const leads = Array.from({ length: leadCount }, () => request(graph.addLead({ accountId: busy.id })));
    const probes = Array.from({ length: PROBES }, () => request(graph.addLead({ accountId: quiet.id })));
    const floorMs = ((leadCount + 1 - BURST) / perSecond) * 1000; // the notice is one post too
    const started = Date.now();
    // In arrival order, a few at a time (order is what Meta sent: one after the other).
    await inPool(leads.length, 1, (i) => send(leads[i] as ReturnType<typeof request>, acks));
    // The second channel's leads, spread over the drain, acks timed while it drains.
    const probeEvery = Math.max(100, floorMs / (PROBES + 2));
    for (const probe of probes) {
      await new Promise((resolve) => setTimeout(resolve, probeEvery));
      await send(probe, probeAcks);
    }
    const leadIdOf = (blocks: unknown) => /lead (\d+)/.exec(JSON.stringify(blocks))?.[1];
    const postedIds = () =>
      slack.calls
        .filter((c) => c.method === 'chat.postMessage' && c.status === 200)
        .map((c) => leadIdOf(c.args.blocks));
    await slack.waitFor(
      () => {
        const ids = new Set(postedIds());
        return [...leads, ...probes].every((r) => ids.has(r.lead.id));
      },
      floorMs * 3 + 60_000,
    );
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    const ok = posts.filter((c) => c.status === 200);
    const busyPosts = ok.filter((c) => c.args.channel === '#busy');
    const drainMs = (busyPosts.at(-1)?.at ?? started) - started;
    const perLead = new Map<string, number>();
    for (const id of postedIds()) if (id) perLead.set(id, (perLead.get(id) ?? 0) + 1);
    const all = [...leads, ...probes];
    const lost = all.filter((r) => !perLead.has(r.lead.id)).length;
    const doubled = [...perLead.values()].filter((n) => n > 1).length;
    const busyOrder = busyPosts.map((c) => leadIdOf(c.args.blocks)).filter((id) => id !== undefined);
    const inOrder = busyOrder.every((id, i) => id === leads[i]?.lead.id);
    const probeLatency = probes.map((r) => {
      const at = ok.find((c) => leadIdOf(c.args.blocks) === r.lead.id)?.at ?? Number.NaN;
      return at - (sentAt.get(r.lead.id) ?? Number.NaN);
    });
    const notices = busyPosts.length - busyOrder.length;
    const scaled =
      perSecond === 1
        ? ''
        : ` (Slack's 1/s scaled ×${perSecond} so it runs in ${Math.round(floorMs / 1000)} s)`;
    console.log(
      `\nSlack's pace — ${leadCount} leads for one channel at once, Slack limited to ${perSecond}/s per channel, burst ${BURST}${scaled}`,
    );
    console.log(
      `  webhook ack during the drain   p50 ${ms(percentile([...acks, ...probeAcks], 50))}  p99 ${ms(percentile([...acks, ...probeAcks], 99))}   (goal p99 < 50 ms; ${acks.length + probeAcks.length} webhooks)`,
    );
    console.log(
      `  leads lost ${lost}, alerts duplicated ${doubled}, in arrival order: ${inOrder ? 'yes' : 'NO'}   (goal 0 / 0)`,
    );
    console.log(
      `  drain ${ms(drainMs)} vs floor ${ms(floorMs)} = ${((drainMs / floorMs - 1) * 100).toFixed(1)} % over   (goal within 10 %)`,
    );
    console.log(
      `  429s ${slack.rateLimited()} of ${posts.length} posts = ${((slack.rateLimited() / posts.length) * 100).toFixed(1)} %   (goal < 5 %); backlog notices ${notices}`,
    );
    console.log(
      `  second channel's alert during the backlog   p50 ${ms(percentile(probeLatency, 50))}  max ${ms(Math.max(...probeLatency))}   (${PROBES} leads)`,
    );
  } finally {
    agent.destroy();
    await bot.stop();
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSlackPace(): Promise<void> {
  await run(40, 1);
  await run(1000, 20);
}
