import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { terminalMessenger } from '../../src/terminal/terminal-messenger.js';

test('terminal messenger: its refs name the channel posted in, and an update says where', async () => {
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const messenger = terminalMessenger(output, { nowMilliseconds: () => 1_764_400_000_000 });
  const first = await messenger.post('#client-tokyo', { text: 'Lead', blocks: [] });
  const second = await messenger.post('#client-tokyo', { text: 'Lead', blocks: [] });
  assert.notEqual(first, second, 'each message its own ref');
  assert.equal(messenger.channelOf(first), '#client-tokyo');
  await messenger.update(first, { text: 'Lead, contacted', blocks: [] });
  assert.match(printed, /── message in #client-tokyo updated ──/);
});
