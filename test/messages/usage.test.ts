import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildErrorReply, buildUsageReply } from '../../src/messages/usage.js';

describe('buildUsageReply', () => {
  test('the problem, then the usage, only for the asker', () => {
    assert.deepEqual(
      buildUsageReply('“last_8d” is not a date range I know.', '/cpl [range]\ne.g. /cpl last_7d'),
      {
        visibility: 'ephemeral',
        text: '“last_8d” is not a date range I know. Usage: /cpl [range]',
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: ':warning: “last_8d” is not a date range I know.' },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: '`/cpl [range]`\n`e.g. /cpl last_7d`' }] },
        ],
      },
    );
  });
});

describe('buildErrorReply', () => {
  test('a readable failure, only for the asker', () => {
    assert.deepEqual(buildErrorReply('Meta’s API is not answering right now. Try again in a minute.'), {
      visibility: 'ephemeral',
      text: 'Meta’s API is not answering right now. Try again in a minute.',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':x: Meta’s API is not answering right now. Try again in a minute.' },
        },
      ],
    });
  });
});
