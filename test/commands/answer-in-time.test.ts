import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerInTime,
  FIRST_WORDS_MS,
  lastWordAt,
  noteDue,
  RESPONSE_URL_LIFETIME_MS,
} from '../../src/commands/answer-in-time.js';
import type { Reply } from '../../src/messages/reply.js';
import type { ThrottleWait } from '../../src/meta/graph-scheduler.js';
import { manualClock } from '../support/manual-clock.js';

const T0 = Date.parse('2026-11-29T18:00:00Z');
const ACCOUNT = 'act_1001';
const answer: Reply = { visibility: 'in_channel', text: 'Last 7 days', blocks: [] };
const throttle = (until: number): ThrottleWait => ({ accountId: ACCOUNT, until });

describe('noteDue: the policy', () => {
  test('nothing within the first 2 s without a throttle; the slow note at 2 s, once', () => {
    assert.equal(noteDue('nothing', T0, T0 + FIRST_WORDS_MS - 1, null), null);
    assert.equal(
      noteDue('nothing', T0, T0 + FIRST_WORDS_MS, null)?.note.text,
      'Meta is slow to answer; the answer will follow here.',
    );
    assert.equal(noteDue('slow', T0, T0 + 60_000, null), null);
  });

  test('a throttle past the first words is told at once, with the minutes; once', () => {
    const due = noteDue('nothing', T0, T0 + 100, throttle(T0 + 61_000));
    assert.equal(due?.told, 'throttled');
    assert.equal(
      due?.note.text,
      'Meta is throttling this ad account (act_1001) — about 2 minutes; the answer will follow here.',
    );
    assert.equal(
      noteDue('nothing', T0, T0 + 100, throttle(T0 + 50_100))?.note.text.includes('about 1 minute;'),
      true,
    );
    assert.equal(noteDue('throttled', T0, T0 + 200, throttle(T0 + 61_000)), null);
    // After a slow note, a throttle learned later is still told.
    assert.equal(noteDue('slow', T0, T0 + 5000, throttle(T0 + 65_000))?.told, 'throttled');
  });

  test('a wait that ends before the first words are due needs no note', () => {
    assert.equal(noteDue('nothing', T0, T0 + 100, throttle(T0 + 1500)), null);
  });

  test('the last word is due a minute before the response_url expires', () => {
    assert.equal(lastWordAt(T0), T0 + RESPONSE_URL_LIFETIME_MS - 60_000);
  });
});

describe('answerInTime', () => {
  test('a quick answer: only the answer', async () => {
    const clock = manualClock(T0);
    const sent: Reply[] = [];
    const outcome = await answerInTime(
      async () => answer,
      async (reply) => void sent.push(reply),
      { clock },
    );
    assert.equal(outcome, 'answered');
    assert.deepEqual(sent, [answer]);
  });

  test('Meta throttles: the note at once, then the answer when it comes', async () => {
    const clock = manualClock(T0);
    const sent: Reply[] = [];
    let release: (reply: Reply) => void = () => {};
    const done = answerInTime(
      (onWait) => {
        onWait(throttle(clock.nowMilliseconds() + 60_000));
        return new Promise<Reply>((resolve) => {
          release = resolve;
        });
      },
      async (reply) => void sent.push(reply),
      { clock, tickMs: 10 },
    );
    while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent[0]?.visibility, 'ephemeral');
    assert.match(sent[0]?.text ?? '', /^Meta is throttling this ad account \(act_1001\) — about 1 minute;/);
    release(answer);
    assert.equal(await done, 'answered-after-note');
    assert.deepEqual(sent.slice(1), [answer]);
  });

  test('no answer while the response_url lives: the slow note, then the last word; a late answer is dropped', async () => {
    const clock = manualClock(T0);
    const sent: Reply[] = [];
    let release: (reply: Reply) => void = () => {};
    const done = answerInTime(
      () =>
        new Promise<Reply>((resolve) => {
          release = resolve;
        }),
      async (reply) => void sent.push(reply),
      { clock, tickMs: 10 },
    );
    clock.advance(FIRST_WORDS_MS);
    while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent[0]?.text, 'Meta is slow to answer; the answer will follow here.');
    clock.advance(RESPONSE_URL_LIFETIME_MS);
    assert.equal(await done, 'too-late');
    release(answer);
    assert.deepEqual(
      sent.map((reply) => reply.text),
      [
        'Meta is slow to answer; the answer will follow here.',
        'Meta did not answer within 30 minutes, so this answer cannot follow here. Ask again in a while.',
      ],
    );
  });
});
