import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DeliveryFigures, evaluateDelivery, WEBHOOK_FIX } from '../../src/watchdog/checks/delivery.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { simulate } from './simulate.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');
const MIN15 = 15 * 60_000;
const defaults = settingsOf('delivery', new Map(), 'USD');
const none = new Set<string>();

const figures = (change: Partial<DeliveryFigures> = {}): DeliveryFigures => ({
  today: '2026-11-29',
  metaFormLeads: 11,
  receivedToday: 11,
  wholeDayWatched: true,
  webhooksConfigured: true,
  polledLastHour: 0,
  ...change,
});

describe('delivery: the check', () => {
  test('everything Meta counts arrived, nothing only by polling: ok', () => {
    const result = evaluateDelivery(figures(), defaults, none);
    assert.equal(result.state, 'ok');
    assert.equal(
      result.summary,
      'Meta counts 11 leads today, LeadOps received 11; 0 leads in the last hour found only by polling.',
    );
  });

  test('Meta counts 14, LeadOps received 11 → the issue’s words', () => {
    const result = evaluateDelivery(figures({ metaFormLeads: 14 }), defaults, none);
    assert.deepEqual(
      result.conditions.map((c) => [c.key, c.title, c.detail]),
      [
        [
          'count',
          'Meta counts 14 leads today, LeadOps received 11: webhook or lead access broken?',
          '3 leads from instant forms on Nov 29, 2026 are in Meta’s insights but not in LeadOps’ store.',
        ],
      ],
    );
  });

  test('one lead short is within min_missing (2); once raised, it lasts until none is missing', () => {
    assert.equal(evaluateDelivery(figures({ metaFormLeads: 12 }), defaults, none).state, 'ok');
    assert.equal(
      evaluateDelivery(figures({ metaFormLeads: 12 }), defaults, new Set(['count'])).state,
      'alert',
    );
  });

  test('not compared before a whole day is watched (the store may lack the morning’s leads)', () => {
    const result = evaluateDelivery(
      figures({ metaFormLeads: 14, receivedToday: 2, wholeDayWatched: false }),
      defaults,
      none,
    );
    assert.equal(result.state, 'ok');
  });

  test('the webhook missed 3 leads, polling caught them → the subscription steps', () => {
    const result = evaluateDelivery(figures({ polledLastHour: 3 }), defaults, none);
    assert.deepEqual(
      result.conditions.map((c) => [c.key, c.title, c.fix]),
      [['webhook', 'The webhook missed 3 leads in the last hour; polling caught them', WEBHOOK_FIX]],
    );
    assert.match(WEBHOOK_FIX, /subscribed_apps/);
  });

  test('without webhooks set up, polling is the only door: not an alert', () => {
    assert.equal(
      evaluateDelivery(figures({ polledLastHour: 5, webhooksConfigured: false }), defaults, none).state,
      'ok',
    );
  });

  test('Meta’s count unknown: the count condition is held, the webhook one still judged', () => {
    const result = evaluateDelivery(figures({ metaFormLeads: null }), defaults, none);
    assert.deepEqual(result.held, ['count']);
    const started = simulate([
      {
        at: NOW,
        result: evaluateDelivery(figures({ metaFormLeads: 14, polledLastHour: 1 }), defaults, none),
      },
    ]);
    const { said } = simulate([{ at: NOW + MIN15, result }], started.records);
    assert.deepEqual(said, [['end webhook']]);
  });

  test('start, hold, end over runs', () => {
    const run = (n: number, polledLastHour: number, previous: ReadonlySet<string>) => ({
      at: NOW + n * MIN15,
      result: evaluateDelivery(figures({ polledLastHour }), defaults, previous),
    });
    const active = new Set(['webhook']);
    const { said } = simulate([run(0, 1, none), run(1, 2, active), run(2, 1, active), run(3, 0, active)]);
    assert.deepEqual(said, [['start webhook'], [], [], ['end webhook']]);
  });
});
