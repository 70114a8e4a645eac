import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { channelMention, parseChannelArgument } from '../../src/accounts/channel-argument.js';

describe('parseChannelArgument: the channel of /leadops connect, as Slack sends it', () => {
  test('an escaped channel mention gives the id', () => {
    assert.equal(parseChannelArgument('<#C0123ABCD|client-acme>'), 'C0123ABCD');
    assert.equal(parseChannelArgument('<#C0123ABCD|>'), 'C0123ABCD');
    assert.equal(parseChannelArgument('<#C0123ABCD>'), 'C0123ABCD');
    assert.equal(parseChannelArgument(' <#G0PRIVATE1|secret> '), 'G0PRIVATE1');
  });

  test('a bare channel id is kept', () => {
    assert.equal(parseChannelArgument('C0123ABCD'), 'C0123ABCD');
  });

  test('a name (with or without #) is kept as #name', () => {
    assert.equal(parseChannelArgument('#client-acme'), '#client-acme');
    assert.equal(parseChannelArgument('client_acme-2'), '#client_acme-2');
    assert.equal(parseChannelArgument('#überall'), '#überall');
  });

  test('anything else is not a channel', () => {
    for (const text of [
      '',
      '#',
      '<@U0123ABCD>',
      '<#C0123ABCD',
      '#Client Acme',
      '#client.acme',
      'https://x.io',
      '#-x',
    ])
      assert.equal(parseChannelArgument(text), null, text);
    assert.equal(parseChannelArgument(`#${'a'.repeat(81)}`), null, 'longer than Slack allows');
  });

  test('channelMention: ids as Slack mentions, names as they are', () => {
    assert.equal(channelMention('C0123ABCD'), '<#C0123ABCD>');
    assert.equal(channelMention('#client-acme'), '#client-acme');
    assert.equal(channelMention('client-acme'), '#client-acme');
  });
});
