import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DroughtFigures,
  droughtThresholdMs,
  evaluateDrought,
  spendSince,
  usualSilence,
} from '../../src/watchdog/checks/drought.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { simulate } from './simulate.js';

const TZ = 'America/Chicago';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Sunday Nov 29, 2026, noon in Chicago. */
const NOW = Date.parse('2026-11-29T18:00:00Z');
const defaults = settingsOf('drought', new Map(), 'USD');

/** A lead every `every` ms between 7:00 and 22:00 Chicago time (UTC−6 in Nov), for `days` days before `until`. */
function daytimeLeads(until: number, days: number, every = 30 * MIN): number[] {
  const times: number[] = [];
  const firstMidnight = Date.parse('2026-11-29T06:00:00Z') - days * DAY;
  for (let day = firstMidnight; day < until; day += DAY)
    for (let t = day + 7 * HOUR; t <= day + 22 * HOUR && t < until; t += every) times.push(t);
  return times;
}

const figures = (change: Partial<DroughtFigures> = {}): DroughtFigures => ({
  now: NOW,
  timezone: TZ,
  currency: 'USD',
  lastLeadAt: NOW - 4 * HOUR,
  watchingSince: NOW - 30 * DAY,
  usualSilenceMs: 20 * MIN,
  spendSinceCents: 11_200,
  ...change,
});

describe('drought: what silence is usual at this hour of the week', () => {
  test('daytime leads every 30 min: at noon the usual silence is under half an hour', () => {
    const leads = daytimeLeads(NOW - 4 * HOUR, 35);
    const usual = usualSilence(leads, NOW, 4, TZ);
    assert.ok(usual !== null && usual <= 30 * MIN, String(usual));
  });

  test('at 5 AM the night is usual: seven hours since the last lead at 10 PM', () => {
    const fiveAm = Date.parse('2026-11-29T11:00:00Z');
    const leads = daytimeLeads(fiveAm, 35);
    assert.equal(usualSilence(leads, fiveAm, 4, TZ), 7 * HOUR);
  });

  test('the upper median: one bad week does not teach that droughts are normal', () => {
    // Weeks 1–3 ago: a lead 10 min before the same moment; 4 weeks ago: 9 hours before.
    const leads = [
      NOW - 28 * DAY - 9 * HOUR,
      NOW - 21 * DAY - 10 * MIN,
      NOW - 14 * DAY - 10 * MIN,
      NOW - 7 * DAY - 10 * MIN,
    ];
    assert.equal(usualSilence(leads, NOW, 4, TZ), 10 * MIN);
  });

  test('weeks the store does not reach back to are not counted; no history → null', () => {
    assert.equal(usualSilence([], NOW, 4, TZ), null);
    assert.equal(usualSilence([NOW - 3 * DAY], NOW, 4, TZ), null);
    assert.equal(usualSilence([NOW - 8 * DAY], NOW, 4, TZ), DAY);
  });

  test('“the same hour of the week” is local time: across the DST change it is still 12:00', () => {
    // Sunday Nov 1 2026 noon CST (DST ended at 2 AM) is 18:00Z; a week earlier, noon CDT is 17:00Z.
    const now = Date.parse('2026-11-01T18:00:00Z');
    const lead = Date.parse('2026-10-25T16:30:00Z'); // 11:30 CDT
    assert.equal(usualSilence([lead], now, 1, TZ), 30 * MIN);
  });

  test('the threshold is the floor, or the usual silence when longer', () => {
    assert.equal(droughtThresholdMs(null, defaults), 3 * HOUR);
    assert.equal(droughtThresholdMs(20 * MIN, defaults), 3 * HOUR);
    assert.equal(droughtThresholdMs(7 * HOUR, defaults), 7 * HOUR);
  });
});

describe('drought: spend since the last lead, from daily figures', () => {
  test('a silence that began today: the share of today’s spend since then', () => {
    // Noon: 12 h of the day have passed; silence since 8:00 → 4/12 of today's $300.
    assert.equal(spendSince(NOW - 4 * HOUR, NOW, TZ, 30_000, []), 10_000);
  });

  test('a silence that began yesterday evening: the rest of that day, the days between, today', () => {
    const sixPmFriday = Date.parse('2026-11-28T00:00:00Z'); // Fri Nov 27, 6 PM CST
    const daily = [
      { date: '2026-11-27', spendCents: 24_000 },
      { date: '2026-11-28', spendCents: 20_000 },
    ];
    // 6 h of Friday's 24 → $60, all of Saturday $200, today $97.
    assert.equal(spendSince(sixPmFriday, NOW, TZ, 9_700, daily), 6_000 + 20_000 + 9_700);
  });
});

describe('drought: the check', () => {
  test('silent for 4 h (usually 20 min) while $112 went out → one alert in the issue’s words', () => {
    const result = evaluateDrought(figures(), defaults);
    assert.equal(result.state, 'alert');
    assert.deepEqual(result.conditions, [
      {
        key: 'drought',
        level: 'drought',
        title: 'No leads for 4 h while spending $112.00',
        detail:
          'Last lead Nov 29, 8:00 AM CST (4 h ago). At this hour of the week silence usually lasts 20 min (last 4 weeks); the floor is 3 h.',
        fix: 'Check the forms and the Page’s lead access: is the ad’s instant form still attached and active in Ads Manager, does Business Settings → Integrations → Leads access still allow LeadOps’ app, and are the ads delivering? `/leads` shows what arrived last.',
      },
    ]);
  });

  test('not yet a drought: shorter than the floor, shorter than usual, or too little spent', () => {
    assert.equal(evaluateDrought(figures({ lastLeadAt: NOW - 2 * HOUR }), defaults).state, 'ok');
    assert.equal(evaluateDrought(figures({ usualSilenceMs: 5 * HOUR }), defaults).state, 'ok');
    const cheap = evaluateDrought(figures({ spendSinceCents: 7_500 }), defaults);
    assert.equal(cheap.state, 'ok');
    assert.equal(cheap.summary, 'Last lead Nov 29, 8:00 AM CST (4 h ago); only $75.00 spent since.');
  });

  test('spend unknown (Meta did not answer) → unknown, so nothing starts or ends', () => {
    assert.equal(evaluateDrought(figures({ spendSinceCents: null }), defaults).state, 'unknown');
  });

  test('no lead ever stored: silence counts from when the watchdog began', () => {
    const result = evaluateDrought(figures({ lastLeadAt: null, watchingSince: NOW - 5 * HOUR }), defaults);
    assert.equal(result.conditions[0]?.title, 'No leads for 5 h while spending $112.00');
  });

  test('start, hold over a restartless afternoon, end when a lead arrives, mute', () => {
    const at = (hours: number, change: Partial<DroughtFigures> = {}) => ({
      at: NOW + hours * HOUR,
      result: evaluateDrought(figures({ now: NOW + hours * HOUR, ...change }), defaults),
    });
    const { said } = simulate([
      at(0),
      at(0.25, { spendSinceCents: 12_000 }),
      at(0.5, { spendSinceCents: 13_000 }),
      at(0.75, { lastLeadAt: NOW + 0.7 * HOUR }),
      at(1, { lastLeadAt: NOW + 0.7 * HOUR }),
    ]);
    assert.deepEqual(said, [['start drought'], [], [], ['end drought'], []]);

    const muted = simulate([
      { ...at(0), mutedUntil: NOW + 2 * HOUR },
      { ...at(3), mutedUntil: NOW + 2 * HOUR },
    ]);
    assert.deepEqual(muted.said, [[], ['start drought']]);
  });
});

describe('drought: an account in yen (Asia/Tokyo)', () => {
  const TOKYO = 'Asia/Tokyo';
  const yen = (change: Partial<DroughtFigures> = {}) =>
    figures({ timezone: TOKYO, currency: 'JPY', spendSinceCents: 16_800, ...change });

  test('min_spend not set (no default outside USD): the drought is not judged, and the summary says how to set it', () => {
    const unset = settingsOf('drought', new Map(), 'JPY');
    assert.equal(unset.min_spend, null);
    const result = evaluateDrought(yen(), unset);
    assert.equal(result.state, 'ok');
    assert.deepEqual(result.conditions, []);
    assert.equal(
      result.summary,
      'Last lead Nov 29, 11:00 PM GMT+9 (4 h ago); droughts are not judged until `min_spend` is set (in JPY): `/watchdog set drought min_spend <amount>`.',
    );
  });

  test('set in yen → judged, every amount in yen, hours in Tokyo time', () => {
    const set = settingsOf('drought', new Map([['watchdog.drought.min_spend', 10_000]]), 'JPY');
    const result = evaluateDrought(yen(), set);
    assert.equal(result.state, 'alert');
    assert.equal(result.conditions[0]?.title, 'No leads for 4 h while spending ¥16,800');
    assert.match(result.conditions[0]?.detail ?? '', /^Last lead Nov 29, 11:00 PM GMT\+9 \(4 h ago\)\./);
    const cheap = evaluateDrought(yen({ spendSinceCents: 9_000 }), set);
    assert.equal(cheap.state, 'ok');
    assert.equal(cheap.summary, 'Last lead Nov 29, 11:00 PM GMT+9 (4 h ago); only ¥9,000 spent since.');
    const quiet = evaluateDrought(yen({ lastLeadAt: NOW - HOUR }), set);
    assert.match(quiet.summary, /a drought is 3 h without a lead and over ¥10,000 spent\.$/);
  });
});
