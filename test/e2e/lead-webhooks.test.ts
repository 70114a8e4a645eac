import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { countLeadsCreatedBetween, getLead } from '../../src/db/leads.js';
import { leadgenBody, metaSerialise, metaSignature, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { APP_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

function alertsFor(bot: TestBot, leadId: string) {
  return bot.slack.messages().filter((m) => JSON.stringify(m.blocks).includes(`lead ${leadId}`));
}

/** Resolves once every lead has its alert in Slack. */
function allAlerted(bot: TestBot, leadIds: string[], timeoutMs = 10_000) {
  return bot.slack.waitFor(() => leadIds.every((id) => alertsFor(bot, id).length > 0), timeoutMs);
}

/** Resolves when the outbox has nothing left, so "no duplicate" is checked after the dust settles. */
async function outboxDrained(bot: TestBot) {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as {
      outbox: { pending: number };
    };
    if (health.outbox.pending === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('outbox never drained');
}

describe('lead webhooks, end to end', () => {
  let bot: TestBot;
  let pageId: string;
  before(async () => {
    bot = await startTestBot();
    pageId = bot.graph.account.pages[0]?.id ?? '';
  });
  after(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.slack.reset();
  });

  const send = (body: unknown, options: { signature?: string | null } = {}) =>
    postWebhook(bot.leadops.url, metaSerialise(body), APP_SECRET, options);

  test('the verification handshake answers the challenge, and only with the right token', async () => {
    const ok = await fetch(
      `${bot.leadops.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444`,
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await ok.text(), '1158201444');
    const wrong = await fetch(
      `${bot.leadops.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    assert.equal(wrong.status, 403);
  });

  test('one signed webhook → 200 at once, then one alert with the lead’s details', async () => {
    const lead = bot.graph.addLead({
      fields: { full_name: 'Dana Whitfield', phone_number: '+17135550142', email: 'dana@example.com' },
    });
    const ack = await send(
      leadgenBody(
        [{ pageId, changes: [{ leadId: lead.id, formId: lead.formId, adId: lead.adId ?? undefined }] }],
        bot.graph.now(),
      ),
    );
    assert.equal(ack.status, 200);
    await allAlerted(bot, [lead.id]);
    const [alert] = alertsFor(bot, lead.id);
    const text = JSON.stringify(alert?.blocks);
    assert.equal(alert?.channel, bot.slack.messages()[0]?.channel);
    assert.match(text, /New lead: Dana Whitfield/);
    assert.match(text, /<tel:\+17135550142\|\+17135550142>/);
    assert.match(text, /dana@example.com/);
    const ad = bot.graph.account.ads.find((a) => a.id === lead.adId);
    const campaign = bot.graph.account.campaigns.find((c) => c.id === ad?.campaignId);
    assert.ok(ad && campaign);
    assert.ok(text.includes(campaign.name.replaceAll('&', '&amp;')), 'campaign name');
    assert.ok(text.includes(ad.name.replaceAll('&', '&amp;')), 'ad name');
    const form = bot.graph.account.forms.find((f) => f.id === lead.formId);
    assert.ok(form && text.includes(form.name.replaceAll('&', '&amp;')), 'form name');
    const custom = form.questions.find((q) => !['full_name', 'phone_number', 'email'].includes(q.key));
    assert.ok(
      custom && text.includes(custom.label.replaceAll('&', '&amp;')),
      'a custom question with its label',
    );
  });

  test('a batch of entries and changes: every lead once; other fields ignored', async () => {
    const leads = Array.from({ length: 4 }, () => bot.graph.addLead());
    const body = leadgenBody(
      [
        {
          pageId,
          changes: leads.slice(0, 2).map((l) => ({ leadId: l.id, formId: l.formId })),
          extraChanges: [{ field: 'feed', value: { item: 'post' } }],
        },
        { pageId, changes: leads.slice(2).map((l) => ({ leadId: l.id, formId: l.formId })) },
      ],
      bot.graph.now(),
    );
    assert.equal((await send(body)).status, 200);
    await allAlerted(
      bot,
      leads.map((l) => l.id),
    );
    await outboxDrained(bot);
    assert.equal(bot.slack.messages().length, 4);
  });

  test('Meta retrying, and two webhooks for one lead: announced once', async () => {
    const lead = bot.graph.addLead();
    const body = leadgenBody(
      [{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }],
      bot.graph.now(),
    );
    const acks = await Promise.all([send(body), send(body), send(body)]);
    assert.deepEqual(
      acks.map((a) => a.status),
      [200, 200, 200],
    );
    await allAlerted(bot, [lead.id]);
    assert.equal((await send(body)).status, 200);
    await outboxDrained(bot);
    assert.equal(alertsFor(bot, lead.id).length, 1);
  });

  test('forged or missing signature → 401, nothing stored, nothing fetched', async () => {
    const lead = bot.graph.addLead();
    const body = leadgenBody([{ pageId, changes: [{ leadId: lead.id }] }], bot.graph.now());
    bot.graph.resetCalls();
    assert.equal((await send(body, { signature: metaSignature('{"entry":[]}', APP_SECRET) })).status, 401);
    assert.equal((await send(body, { signature: null })).status, 401);
    assert.equal(
      (await send(body, { signature: metaSignature(metaSerialise(body), 'not-the-secret') })).status,
      401,
    );
    assert.equal(getLead(bot.leadops.services.db, lead.id), null);
    assert.equal(bot.graph.calls.length, 0);
  });

  test('malformed JSON (correctly signed) → 400; a body that is no webhook → 400', async () => {
    assert.equal((await postWebhook(bot.leadops.url, '{"entry": [', APP_SECRET)).status, 400);
    assert.equal((await postWebhook(bot.leadops.url, '"hello"', APP_SECRET)).status, 400);
  });

  test('“José Müller”: the signature is over Meta’s escaped bytes, and the name arrives intact', async () => {
    const lead = bot.graph.addLead({ fields: { full_name: 'José Müller' } });
    const body = leadgenBody(
      [{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }],
      bot.graph.now(),
    );
    (body.entry as { id: string; name?: string }[])[0] = {
      ...(body.entry as object[])[0],
      name: 'Bufete de Abogados José',
    } as never;
    const escaped = metaSerialise(body);
    assert.match(escaped, /Jos\\u00e9/);
    // A signature over re-serialised (unescaped) JSON is not what Meta sends; the raw bytes are.
    assert.notEqual(
      metaSignature(JSON.stringify(JSON.parse(escaped)), APP_SECRET),
      metaSignature(escaped, APP_SECRET),
    );
    assert.equal((await postWebhook(bot.leadops.url, escaped, APP_SECRET)).status, 200);
    await allAlerted(bot, [lead.id]);
    assert.match(JSON.stringify(alertsFor(bot, lead.id)[0]?.blocks), /New lead: José Müller/);
  });

  test('a lead Meta will not show us is announced with what is known and why', async () => {
    const body = leadgenBody(
      [{ pageId, changes: [{ leadId: '999000111222333', formId: bot.graph.account.forms[0]?.id }] }],
      bot.graph.now(),
    );
    assert.equal((await send(body)).status, 200);
    await allAlerted(bot, ['999000111222333']);
    const text = JSON.stringify(alertsFor(bot, '999000111222333')[0]?.blocks);
    assert.match(text, /could not read this lead’s details from Meta/);
    assert.equal(getLead(bot.leadops.services.db, '999000111222333')?.state, 'unreadable');
  });

  test('the lead fetch rate-limited or failing is retried; the alert still comes once', async () => {
    const lead = bot.graph.addLead();
    bot.graph.injectFaults(
      { kind: 'rate_limit', code: 17, match: lead.id },
      { kind: 'server_error', match: lead.id },
      { kind: 'rate_limit', code: 4, match: lead.id },
      { kind: 'server_error', match: lead.id },
      { kind: 'server_error', match: lead.id },
    );
    assert.equal(
      (
        await send(
          leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], bot.graph.now()),
        )
      ).status,
      200,
    );
    await allAlerted(bot, [lead.id]);
    await outboxDrained(bot);
    assert.equal(alertsFor(bot, lead.id).length, 1);
    assert.match(JSON.stringify(alertsFor(bot, lead.id)[0]?.blocks), /New lead: /);
  });

  test('Slack failing for a while, then recovering: every alert arrives once', async () => {
    bot.slack.failUntil(Date.now() + 800, { status: 500, methods: ['chat.postMessage'] });
    const leads = Array.from({ length: 5 }, () => bot.graph.addLead());
    for (const lead of leads) {
      assert.equal(
        (
          await send(
            leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], bot.graph.now()),
          )
        ).status,
        200,
      );
    }
    bot.slack.failNext(2, {
      status: 429,
      error: 'ratelimited',
      retryAfterSeconds: 0,
      methods: ['chat.postMessage'],
    });
    await allAlerted(
      bot,
      leads.map((l) => l.id),
    );
    await outboxDrained(bot);
    for (const lead of leads) assert.equal(alertsFor(bot, lead.id).length, 1, lead.id);
    assert.ok(bot.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status !== 200).length >= 5);
  });

  test('polling finds a lead no webhook announced, and does not re-announce one that was', async () => {
    const announced = bot.graph.addLead();
    await send(
      leadgenBody(
        [{ pageId, changes: [{ leadId: announced.id, formId: announced.formId }] }],
        bot.graph.now(),
      ),
    );
    await allAlerted(bot, [announced.id]);
    const missed = bot.graph.addLead({ fields: { full_name: 'Polly Only' } });
    const result = (await bot.leadops.runJob('leads-poll')) as { added: number };
    assert.ok(result.added >= 1, 'at least the missed lead (earlier tests left un-webhooked leads too)');
    await allAlerted(bot, [missed.id]);
    await outboxDrained(bot);
    assert.equal(alertsFor(bot, announced.id).length, 1);
    assert.equal(alertsFor(bot, missed.id).length, 1);
    assert.match(JSON.stringify(alertsFor(bot, missed.id)[0]?.blocks), /Polly Only/);
    assert.equal(getLead(bot.leadops.services.db, missed.id)?.receivedVia, 'poll');
    // A second poll finds nothing new.
    assert.equal(((await bot.leadops.runJob('leads-poll')) as { added: number }).added, 0);
    assert.ok(countLeadsCreatedBetween(bot.leadops.services.db, 0, Number.MAX_SAFE_INTEGER) >= 2);
  });

  test('/leads lists from the store; /leads <text> searches name, phone and email', async () => {
    const lead = bot.graph.addLead({
      fields: { full_name: 'Searchable Sam', phone_number: '(832) 555-0199', email: 'sam@firm.test' },
    });
    await send(
      leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], bot.graph.now()),
    );
    await allAlerted(bot, [lead.id]);
    for (const query of ['searchable', '8325550199', 'sam@firm']) {
      const answer = await bot.responseTo((await bot.command('/leads', query)).label);
      assert.equal(answer.response_type, 'ephemeral');
      assert.match(JSON.stringify(answer.blocks), /Searchable Sam/, query);
    }
    const recent = await bot.responseTo((await bot.command('/leads', '3')).label);
    assert.match(String(recent.text), /Latest 3 leads: 3/);
    const bad = await bot.responseTo((await bot.command('/leads', '500')).label);
    assert.match(String(bad.text), /Usage: \/leads/);
  });
});
