import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { App, HTTPModuleFunctions, LogLevel, verifySlackRequest } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type SlackEmulator, startSlackEmulator } from './slack-emulator.js';
import {
  blockActionBody,
  buttonClickPayload,
  postToSlackEndpoint,
  signSlackRequest,
  slashCommandBody,
} from './slack-signing.js';

// A 1×1 PNG, in pieces so no line looks like a Meta token to the secret scanner.
const PNG = Buffer.from(
  [
    'iVBORw0KGgoAAAANSUhEUgAA',
    'AAEAAAABCAQAAAC1HAwCAAAA',
    'C0lEQVR42mNkYAAAAAYAAjCB',
    '0C8AAAAASUVORK5CYII=',
  ].join(''),
  'base64',
);
const blocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Spend* $12.00' } },
  {
    type: 'actions',
    elements: [{ type: 'button', action_id: 'pause', text: { type: 'plain_text', text: 'Pause' } }],
  },
];

describe('Slack emulator with a real WebClient', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  before(async () => {
    emu = await startSlackEmulator();
    client = new WebClient('xoxb-test', {
      slackApiUrl: emu.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  test('auth.test identifies the bot; another token is invalid_auth', async () => {
    const auth = await client.auth.test();
    assert.equal(auth.user_id, 'UBOT0001');
    assert.equal(auth.team_id, 'T0LEADOPS');
    const stranger = new WebClient('xoxb-other', { slackApiUrl: emu.apiUrl, logLevel: LogLevel.ERROR });
    await assert.rejects(stranger.auth.test(), /invalid_auth/);
    assert.deepEqual(
      emu.calls.map((c) => [c.method, c.status, c.error]),
      [
        ['auth.test', 200, undefined],
        ['auth.test', 200, 'invalid_auth'],
      ],
    );
  });

  test('post, thread reply, update and ephemeral are recorded with blocks parsed', async () => {
    const posted = await client.chat.postMessage({ channel: '#leadops', text: 'Spend report', blocks });
    assert.match(posted.ts ?? '', /^\d{10}\.\d{6}$/);
    assert.match(posted.channel ?? '', /^C[0-9A-F]+$/);
    assert.equal(posted.message?.text, 'Spend report');

    const reply = await client.chat.postMessage({ channel: 'C123', text: 'in thread', thread_ts: posted.ts });
    assert.ok((reply.ts ?? '') > (posted.ts ?? ''), 'ts increases');

    await client.chat.update({
      channel: posted.channel ?? '',
      ts: posted.ts ?? '',
      text: 'Paused',
      blocks: [],
    });
    await assert.rejects(
      client.chat.update({ channel: 'C123', ts: '1.000000', text: 'x' }),
      /message_not_found/,
    );
    const eph = await client.chat.postEphemeral({ channel: 'C123', user: 'U1', text: 'only you' });
    assert.ok(eph.message_ts);

    assert.deepEqual(emu.calls[0]?.args.blocks, blocks);
    assert.equal(emu.calls[0]?.args.channel, '#leadops');
    const [report] = emu.messages('leadops');
    assert.equal(report?.text, 'Paused');
    assert.deepEqual(report?.blocks, []);
    assert.equal(report?.updatedCount, 1);
    assert.equal(emu.messages('C123')[0]?.threadTs, posted.ts);
    assert.deepEqual(
      emu.calls.map((c) => c.method),
      ['chat.postMessage', 'chat.postMessage', 'chat.update', 'chat.update', 'chat.postEphemeral'],
    );
  });

  test('filesUploadV2 uploads the bytes and completes into the channel', async () => {
    const result = await client.filesUploadV2({
      channel_id: 'C123',
      file: PNG,
      filename: 'spend.png',
      title: 'Spend chart',
      initial_comment: 'Here is the chart',
    });
    assert.equal(result.ok, true);
    const [upload] = emu.uploads;
    assert.ok(upload);
    assert.deepEqual(upload.bytes, PNG);
    assert.equal(upload.filename, 'spend.png');
    assert.equal(upload.completed, true);
    assert.equal(upload.channelId, 'C123');
    assert.equal(upload.initialComment, 'Here is the chart');
    assert.equal(upload.title, 'Spend chart');
    assert.deepEqual(emu.calls.at(-1)?.args.files, [{ id: upload.fileId, title: 'Spend chart' }]);
  });

  test('failNext 429 carries Retry-After and WebClient retries into a success', async () => {
    const retrying = new WebClient('xoxb-test', {
      slackApiUrl: emu.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
    });
    emu.failNext(1, { status: 429, retryAfterSeconds: 0, methods: ['chat.postMessage'] });
    const posted = await retrying.chat.postMessage({ channel: 'C123', text: 'after retry' });
    assert.ok(posted.ts);
    assert.deepEqual(
      emu.calls.map((c) => [c.status, c.error]),
      [
        [429, 'ratelimited'],
        [200, undefined],
      ],
    );
    assert.equal(emu.messages().length, 1);

    // Without retries the caller sees the rate limit (and the Retry-After it carried).
    emu.failNext(1, { status: 429, error: 'ratelimited', retryAfterSeconds: 0 });
    const strict = new WebClient('xoxb-test', {
      slackApiUrl: emu.apiUrl,
      logLevel: LogLevel.ERROR,
      rejectRateLimitedCalls: true,
    });
    await assert.rejects(strict.chat.postMessage({ channel: 'C123', text: 'x' }), {
      code: 'slack_webapi_rate_limited_error',
    });
  });

  test('platform errors, HTTP errors and failUntil', async () => {
    emu.failNext(1, { error: 'channel_not_found' });
    await assert.rejects(client.chat.postMessage({ channel: 'C404', text: 'x' }), /channel_not_found/);
    emu.failNext(1, { status: 500 });
    await assert.rejects(client.chat.postMessage({ channel: 'C1', text: 'x' }), {
      code: 'slack_webapi_http_error',
    });
    emu.failUntil(Date.now() + 60_000, { error: 'fatal_error', methods: ['views.open'] });
    const openModal = () =>
      client.views.open({
        trigger_id: 't',
        view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
      });
    await assert.rejects(openModal(), /fatal_error/);
    await assert.rejects(openModal(), /fatal_error/);
    assert.ok(await client.chat.postMessage({ channel: 'C1', text: 'other methods still work' }));
    emu.reset();
    const opened = await openModal();
    assert.match(opened.view?.id ?? '', /^V/);
    assert.deepEqual(emu.calls[0]?.args.view, {
      type: 'modal',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
    });
  });

  test('waitFor resolves on the recorded event and times out descriptively', async () => {
    const waiting = emu.waitFor(() => emu.messages('C9').find((m) => m.text === 'done'));
    await client.chat.postMessage({ channel: 'C9', text: 'working' });
    await client.chat.postMessage({ channel: 'C9', text: 'done' });
    assert.equal((await waiting).text, 'done');

    await assert.rejects(
      emu.waitFor(() => emu.responses.length > 0, 30),
      /waitFor timed out after 30 ms \(calls: \[chat.postMessage, chat.postMessage\]; responses: 0/,
    );
  });

  test('response_url posts are recorded and can replace the original message', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Pause campaign?', blocks });
    const url = emu.responseUrl('pause-click', { channel: 'C1', ts: posted.ts ?? '' });
    // The same request Bolt's respond() makes.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Paused by <@U1>' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(emu.responses[0]?.body, { replace_original: true, text: 'Paused by <@U1>' });
    assert.equal(emu.responses[0]?.label, 'pause-click');
    assert.equal(emu.messages('C1')[0]?.text, 'Paused by <@U1>');
    assert.equal(
      (await fetch(`${emu.apiUrl.replace('/api/', '/response/999999')}`, { method: 'POST' })).status,
      404,
    );
  });
});

describe('Slack request signing', () => {
  test("matches the worked example in Slack's docs", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    assert.deepEqual(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618), {
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  test('postToSlackEndpoint sends what Bolt verifies and parses', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const body = slashCommandBody({
        command: '/leadops',
        text: 'spend today',
        responseUrl: 'http://x/r/1',
      });
      const reply = await postToSlackEndpoint(url, 'secret', body);
      assert.deepEqual(reply, { status: 200, text: '{"ok":true}', json: { ok: true } });
      await postToSlackEndpoint(url, 'secret', body, { forgeSignature: true });

      const [good, forged] = seen;
      assert.ok(good && forged);
      assert.equal(good.headers['content-type'], 'application/x-www-form-urlencoded');
      const verify = (r: typeof good) =>
        verifySlackRequest({
          signingSecret: 'secret',
          body: r.body,
          headers: {
            'x-slack-signature': String(r.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
          },
        });
      assert.doesNotThrow(() => verify(good));
      assert.throws(() => verify(forged), /signature mismatch/);

      const parse = (raw: string) =>
        HTTPModuleFunctions.parseHTTPRequestBody({
          rawBody: Buffer.from(raw),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        } as unknown as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
      assert.equal(parse(good.body).text, 'spend today');
      assert.equal(parse(good.body).command, '/leadops');
      const click = buttonClickPayload({
        actionId: 'pause',
        value: 'camp-1',
        userId: 'U1',
        channelId: 'C1',
        messageTs: '1764400000.000100',
        responseUrl: 'http://x/r/2',
        messageBlocks: blocks,
      });
      assert.deepEqual(parse(blockActionBody(click)), click);
      assert.equal((click.actions as { text: { text: string } }[])[0]?.text.text, 'Pause');
    } finally {
      server.close();
    }
  });
});

describe('a Bolt app against the emulator', () => {
  test('slash command: ack, respond() to the response_url, post through the WebClient', async () => {
    const emu = await startSlackEmulator();
    const app = new App({
      token: 'xoxb-test',
      signingSecret: 'secret',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/leadops', async ({ ack, respond, client, command }) => {
      await ack();
      await respond({ text: `on it: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: 'report' });
    });
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    try {
      const url = `http://127.0.0.1:${server.address().port}/slack/events`;
      const body = slashCommandBody({
        command: '/leadops',
        text: 'spend',
        responseUrl: emu.responseUrl('cmd'),
      });
      assert.equal((await postToSlackEndpoint(url, 'secret', body)).status, 200);
      assert.equal((await postToSlackEndpoint(url, 'secret', body, { forgeSignature: true })).status, 401);
      await emu.waitFor(() => emu.messages('C0LEADOPS').length > 0);
      assert.deepEqual(emu.responses[0]?.body, { text: 'on it: spend' });
      assert.ok(emu.calls.some((c) => c.method === 'auth.test'));
    } finally {
      await app.stop();
      await emu.close();
    }
  });
});

describe('Slack emulator: per-channel posting rate, history with metadata, lost answers', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  let now = 1_800_000_000_000;
  before(async () => {
    emu = await startSlackEmulator({ now: () => now });
    client = new WebClient('xoxb-test', {
      slackApiUrl: emu.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    emu.setRateLimit(null);
  });

  test('a bucket of 5 per channel, refilled at 1 a second: 429 with Retry-After beyond it, counted', async () => {
    emu.setRateLimit({ burst: 5, perSecond: 1 });
    const post = (channel: string) => client.chat.postMessage({ channel, text: 'x' });
    for (let i = 0; i < 5; i++) await post('#busy');
    await assert.rejects(post('#busy'), (error: { code?: string; retryAfter?: number }) => {
      assert.equal(error.code, 'slack_webapi_rate_limited_error');
      assert.equal(error.retryAfter, 1);
      return true;
    });
    // Another channel has its own bucket.
    await post('#quiet');
    now += 999;
    await assert.rejects(post('#busy'));
    now += 1;
    await post('#busy');
    await assert.rejects(post('#busy'));
    assert.equal(emu.rateLimited(), 3);
    assert.equal(emu.messages('#busy').length, 6);
    // Off by default and when turned off.
    emu.setRateLimit(null);
    for (let i = 0; i < 10; i++) await post('#busy');
    assert.equal(emu.rateLimited(), 3);
  });

  test('conversations.history: newest first, since `oldest`, metadata only with include_all_metadata', async () => {
    now = 1_800_000_100_000;
    const metadata = {
      event_type: 'leadops_lead_alert',
      event_payload: { lead_id: 'L1', account_id: 'act_1' },
    };
    const first = await client.chat.postMessage({ channel: '#leads', text: 'one', metadata });
    now += 5000;
    const second = await client.chat.postMessage({ channel: '#leads', text: 'two' });
    await client.chat.postMessage({ channel: '#leads', text: 'reply', thread_ts: second.ts as string });
    const channel = first.channel as string;
    assert.equal(first.ts, '1800000100.000000');
    const all = await client.conversations.history({ channel, include_all_metadata: true });
    assert.deepEqual(
      all.messages?.map((m) => [m.text, m.metadata]),
      [
        ['two', undefined],
        ['one', metadata],
      ],
    );
    const plain = await client.conversations.history({ channel });
    assert.equal(plain.messages?.[1]?.metadata, undefined);
    const recent = await client.conversations.history({ channel, oldest: String(1_800_000_102) });
    assert.deepEqual(
      recent.messages?.map((m) => m.text),
      ['two'],
    );
    const paged = await client.conversations.history({ channel, limit: 1 });
    assert.equal(paged.has_more, true);
    const next = await client.conversations.history({
      channel,
      limit: 1,
      cursor: paged.response_metadata?.next_cursor as string,
    });
    assert.deepEqual(
      next.messages?.map((m) => m.text),
      ['one'],
    );
  });

  test('an answer lost after handling: the message is posted, the caller sees a failure', async () => {
    emu.failNext(1, { status: 500, afterHandling: true, methods: ['chat.postMessage'] });
    await assert.rejects(client.chat.postMessage({ channel: '#leads', text: 'sent anyway' }));
    assert.deepEqual(
      emu.messages('#leads').map((m) => m.text),
      ['sent anyway'],
    );
  });
});
