import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import type { MessageRef } from '../../src/messages/messenger.js';
import { parseSlackMessageRef, slackMessageRef } from '../../src/slack/message-ref.js';
import { slackMessenger } from '../../src/slack/slack-messenger.js';
import { type SlackEmulator, startSlackEmulator } from '../support/slack-emulator.js';

describe('Slack message refs', () => {
  test('channel id and ts in, the same out', () => {
    const ref = slackMessageRef('C0123ABCD', '1700000000.000100');
    assert.equal(ref, 'C0123ABCD/1700000000.000100');
    assert.deepEqual(parseSlackMessageRef(ref), { channel: 'C0123ABCD', ts: '1700000000.000100' });
  });

  test('another messenger’s ref is refused, not misread', () => {
    assert.throws(
      () => parseSlackMessageRef('1700000000.000001@#leads' as MessageRef),
      /not a Slack message/,
    );
  });
});

describe('slackMessenger: a MessageRef through the Web API', () => {
  let slack: SlackEmulator;
  before(async () => {
    slack = await startSlackEmulator();
  });
  after(() => slack.close());
  beforeEach(() => slack.reset());

  test('posted by name, the ref names the channel’s id; update, thread reply and file use it', async () => {
    const messenger = slackMessenger('xoxb-test', slack.apiUrl, silentLogger);
    const ref = await messenger.post('#leadops', { text: 'Proposal', blocks: [] });
    const posted = slack.messages()[0] ?? assert.fail('posted');
    assert.match(posted.channel, /^C/);
    assert.equal(messenger.channelOf(ref), posted.channel);
    await messenger.update(ref, { text: 'Applied', blocks: [] });
    const reply = await messenger.post(
      messenger.channelOf(ref),
      { text: 'Failed', blocks: [] },
      { thread: ref },
    );
    await messenger.uploadFile(messenger.channelOf(ref), {
      filename: 'chart.png',
      title: 'Chart',
      bytes: Buffer.from('png'),
      thread: ref,
    });
    assert.notEqual(reply, ref);
    assert.deepEqual(
      slack.messages(posted.channel).map((m) => [m.text, m.threadTs ?? null, m.updatedCount]),
      [
        ['Applied', null, 1],
        ['Failed', posted.ts, 0],
      ],
    );
    const upload = await slack.waitFor(() => slack.uploads.find((u) => u.completed));
    assert.deepEqual([upload.channelId, upload.threadTs], [posted.channel, posted.ts]);
  });
});
