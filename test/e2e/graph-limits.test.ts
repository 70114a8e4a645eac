import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock } from '../support/manual-clock.js';
import { NOW, startTestBot, type TestBot } from '../support/test-bot.js';

const MINUTE = 60_000;

interface HealthAccount {
  id: string;
  usage: { percent: number; regainAt: string | null; at: string } | null;
}

describe('Meta throttles the ad account: words within 3 s, the answer after the regain', () => {
  const clock = manualClock(NOW);
  let bot: TestBot;
  const responses = (label: string) => bot.slack.responses.filter((r) => r.label === label);
  const nth = (label: string, n: number) => bot.slack.waitFor(() => responses(label)[n]?.body);
  const healthOf = async (id: string) => {
    const body = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as { accounts: HealthAccount[] };
    return body.accounts.find((account) => account.id === id);
  };

  before(async () => {
    bot = await startTestBot({ clock });
  });
  after(() => bot.stop());

  test('/cpl: an ephemeral note at once saying about 1 minute, then the answer through response_url', async () => {
    const id = bot.graph.account.id;
    bot.graph.throttle(id, { minutes: 1 });
    const sentAt = Date.now();
    const ack = await bot.command('/cpl', 'last_7d');
    assert.equal(ack.status, 200);

    const note = await nth(ack.label, 0);
    assert.ok(Date.now() - sentAt < 3000, 'words within 3 seconds');
    assert.equal(note.response_type, 'ephemeral');
    assert.equal(
      note.text,
      `Meta is throttling this ad account (${id}) — about 1 minute; the answer will follow here.`,
    );
    // Meta said when: nothing is asked of it for that account until then.
    const refused = bot.graph.calls.filter((c) => c.path === `/${id}/insights`).length;
    assert.equal(bot.graph.callsBeforeRegain(id), 0);

    const health = await healthOf(id);
    assert.equal(health?.usage?.percent, 100);
    assert.ok(health?.usage?.regainAt, '/healthz shows when access comes back');
    assert.equal(responses(ack.label).length, 1, 'no answer while throttled');

    clock.advance(MINUTE + 1000);
    const answer = await nth(ack.label, 1);
    assert.equal(answer.response_type, 'in_channel');
    assert.match(String(answer.text), /^Last 7 days/);
    assert.equal(bot.graph.callsBeforeRegain(id), 0, 'no call before the regain time');
    assert.equal(
      bot.graph.calls.filter((c) => c.path === `/${id}/insights`).length,
      refused + 1,
      'one call after the regain',
    );
    assert.equal((await healthOf(id))?.usage?.regainAt, null);
  });

  test('throttled for longer than the answer can wait: said at once, in words, and Meta is left alone', async () => {
    const id = bot.graph.account.id;
    bot.graph.throttle(id, { minutes: 40, code: 80004 });
    const sentAt = Date.now();
    const ack = await bot.command('/cpl', 'last_14d');
    const answer = await nth(ack.label, 0);
    assert.ok(Date.now() - sentAt < 3000);
    assert.equal(answer.response_type, 'ephemeral');
    assert.equal(
      answer.text,
      'Meta is throttling this ad account for about 40 more minutes. Try again then.',
    );
    const again = await bot.command('/cpl', 'last_28d');
    assert.match(String((await nth(again.label, 0)).text), /about 40 more minutes/);
    assert.equal(bot.graph.callsBeforeRegain(id), 0, 'the second question did not call Meta');
    assert.ok(!JSON.stringify(responses(ack.label)).includes('Error:'), 'no stack trace');
    clock.advance(41 * MINUTE);
  });

  test('Meta slow to answer: “Meta is slow to answer” within 3 s, then the answer', async () => {
    bot.graph.setLatency(2600);
    try {
      const sentAt = Date.now();
      const ack = await bot.command('/cpl', 'last_3d');
      const note = await nth(ack.label, 0);
      assert.ok(Date.now() - sentAt < 3000);
      assert.equal(note.text, 'Meta is slow to answer; the answer will follow here.');
      const answer = await nth(ack.label, 1);
      assert.match(String(answer.text), /^Last 3 days/);
    } finally {
      bot.graph.setLatency(0);
    }
  });
});
