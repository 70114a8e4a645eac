import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createAgencySandbox } from '../../src/sandbox/account.js';
import type { SandboxLead } from '../../src/sandbox/graph-emulator.js';
import { type SlackEmulator, startSlackEmulator } from '../support/slack-emulator.js';
import { startTestBot, type TestBot, testClock } from '../support/test-bot.js';

const leadIdOf = (blocks: unknown) => /lead (\d+)/.exec(JSON.stringify(blocks))?.[1];

/**
 * Slack's per-channel pace against an emulator that enforces it, at 10 messages a second
 * (burst 5) — Slack's 1 a second, ten times faster so the test is quick; the bot paces at the same rate.
 */
describe('Slack’s pace: a backlog for one channel', () => {
  let bot: TestBot;
  let slack: SlackEmulator;
  const clock = testClock();
  let us = '';
  let tokyo = '';

  async function deliver(leads: readonly SandboxLead[]) {
    assert.equal(await bot.deliverLeads(leads), 200);
  }
  const alerts = (channel: string) =>
    slack
      .messages(channel)
      .filter((m) => !m.threadTs && leadIdOf(m.blocks))
      .sort((a, b) => Number(a.ts) - Number(b.ts));

  before(async () => {
    slack = await startSlackEmulator({ now: () => clock.nowMilliseconds() });
    bot = await startTestBot({
      clock,
      slack,
      accounts: createAgencySandbox(),
      env: ({ accounts: [first, , third] }) => {
        us = first?.id ?? '';
        tokyo = third?.id ?? '';
        return {
          ACCOUNT_CHANNELS: `${us}=#client-us,${tokyo}=#client-tokyo`,
          LEADS_CHANNEL: '#new-leads',
          SLACK_POSTS_PER_SECOND: '10',
        };
      },
    });
  });
  after(async () => {
    await bot.stop();
    await slack.close();
  });
  beforeEach(() => {
    slack.reset();
    slack.setRateLimit({ burst: 5, perSecond: 10 });
  });

  test('40 leads at once: each posted once, in order, at the pace, one notice; another channel not held', {
    timeout: 30_000,
  }, async () => {
    const leads = Array.from({ length: 40 }, () => bot.graph.addLead({ accountId: us }));
    await deliver(leads);
    // While the backlog drains, a lead for another channel.
    await slack.waitFor(() => alerts('#client-us').length >= 3, 10_000);
    const other = bot.graph.addLead({ accountId: tokyo });
    await deliver([other]);
    await slack.waitFor(() => alerts('#client-tokyo').length === 1, 10_000);
    const usWhenTokyo = alerts('#client-us').length;
    assert.ok(usWhenTokyo < 30, `Tokyo's alert came while the backlog drained (${usWhenTokyo} of 40 posted)`);

    await slack.waitFor(() => alerts('#client-us').length === 40, 20_000);
    const posted = alerts('#client-us').map((m) => leadIdOf(m.blocks));
    assert.deepEqual(
      posted,
      leads.map((lead) => lead.id),
      'once each, in the order they came',
    );
    const notices = slack.messages('#client-us').filter((m) => m.text.includes('on their way'));
    assert.deepEqual(
      notices.map((m) => m.text),
      ["40 leads from Meta's redelivery are on their way"],
    );
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    assert.ok(slack.rateLimited() <= 2, `${slack.rateLimited()} answers of 429 in ${posts.length} posts`);
    // At the pace: 41 posts in #client-us at 10/s after a burst take at least ~3.6 s.
    const usPosts = posts.filter((c) => c.status === 200 && String(c.args.channel) === '#client-us');
    const spanMs = (usPosts.at(-1)?.at ?? 0) - (usPosts[0]?.at ?? 0);
    assert.ok(spanMs >= 3400, `drained over ${spanMs} ms`);
    const health = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as {
      outbox: { pending: number };
    };
    assert.equal(health.outbox.pending, 0);
  });

  test('a 429 with Retry-After holds that channel that long; the other channel posts meanwhile', {
    timeout: 20_000,
  }, async () => {
    slack.setRateLimit(null);
    slack.failNext(1, { error: 'ratelimited', retryAfterSeconds: 1, methods: ['chat.postMessage'] });
    const held = bot.graph.addLead({ accountId: us });
    await deliver([held]);
    const refused = await slack.waitFor(() => slack.calls.find((c) => c.status === 429));
    const other = bot.graph.addLead({ accountId: tokyo });
    await deliver([other]);
    await slack.waitFor(() => alerts('#client-tokyo').length === 1);
    assert.equal(alerts('#client-us').length, 0, 'still waiting out Retry-After');
    await slack.waitFor(() => alerts('#client-us').length === 1);
    const retried = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.status === 200 && c.args.channel === '#client-us',
    );
    assert.equal(retried.length, 1);
    assert.ok((retried[0]?.at ?? 0) - refused.at >= 1000, 'not before Retry-After');
    assert.equal(leadIdOf(alerts('#client-us')[0]?.blocks), held.id);
  });
});
