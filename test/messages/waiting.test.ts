import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  aboutMinutes,
  buildSlowNote,
  buildThrottledNote,
  buildTooLateNote,
} from '../../src/messages/waiting.js';

describe('waiting notes', () => {
  test('minutes rounded up, at least one', () => {
    assert.equal(aboutMinutes(1), 'about 1 minute');
    assert.equal(aboutMinutes(60_000), 'about 1 minute');
    assert.equal(aboutMinutes(60_001), 'about 2 minutes');
  });

  test('throttled: what is happening and when the answer comes, only for the asker', () => {
    assert.deepEqual(buildThrottledNote('act_1001', 60_000), {
      visibility: 'ephemeral',
      text: 'Meta is throttling this ad account (act_1001) — about 1 minute; the answer will follow here.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':hourglass_flowing_sand: Meta is throttling this ad account (act_1001) — about 1 minute; the answer will follow here.',
          },
        },
      ],
    });
    assert.equal(
      buildThrottledNote(null, 5 * 60_000).text,
      'Meta is throttling LeadOps’ Meta app — about 5 minutes; the answer will follow here.',
    );
  });

  test('slow, and the last word', () => {
    assert.deepEqual(buildSlowNote(), {
      visibility: 'ephemeral',
      text: 'Meta is slow to answer; the answer will follow here.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':hourglass_flowing_sand: Meta is slow to answer; the answer will follow here.',
          },
        },
      ],
    });
    assert.deepEqual(buildTooLateNote(30), {
      visibility: 'ephemeral',
      text: 'Meta did not answer within 30 minutes, so this answer cannot follow here. Ask again in a while.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':x: Meta did not answer within 30 minutes, so this answer cannot follow here. Ask again in a while.',
          },
        },
      ],
    });
  });
});
