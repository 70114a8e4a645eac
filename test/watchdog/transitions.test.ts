import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyResult, dueAnnouncements } from '../../src/watchdog/transitions.js';
import type { CheckResult, Condition } from '../../src/watchdog/types.js';
import { simulate } from './simulate.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-29T18:00:00Z');

const condition = (key: string, level = 'x', title = `${key} is wrong`): Condition => ({
  key,
  level,
  title,
  detail: 'figures',
  fix: 'do this',
});
const alert = (...conditions: Condition[]): CheckResult => ({
  check: 'account',
  state: 'alert',
  summary: 'bad',
  conditions,
});
const ok: CheckResult = { check: 'account', state: 'ok', summary: 'fine', conditions: [] };
const unknown: CheckResult = { check: 'account', state: 'unknown', summary: '?', conditions: [] };
const at = (hours: number) => T0 + hours * HOUR;

describe('watchdog transitions: once when it starts, once when it ends', () => {
  test('start, hold over several runs (figures updated, nothing said), end', () => {
    const { said, records } = simulate([
      { at: at(0), result: alert(condition('status', '3', 'unsettled, $10')) },
      { at: at(0.25), result: alert(condition('status', '3', 'unsettled, $20')) },
      { at: at(0.5), result: alert(condition('status', '3', 'unsettled, $30')) },
      { at: at(0.75), result: ok },
      { at: at(1), result: ok },
    ]);
    assert.deepEqual(said, [['start status'], [], [], ['end status'], []]);
    assert.deepEqual(records, []);
  });

  test('the figures of a held condition are kept up to date; its episode start is not', () => {
    let records = applyResult([], alert(condition('status', '3', 'first')), at(0));
    records = applyResult(records, alert(condition('status', '3', 'second')), at(1));
    assert.equal(records[0]?.title, 'second');
    assert.equal(records[0]?.startedAt, at(0));
    assert.equal(records[0]?.seenAt, at(1));
  });

  test('a change of level is told again (7 days → 1 day), without an end in between', () => {
    const { said } = simulate([
      { at: at(0), result: alert(condition('token', 'soon')) },
      { at: at(24), result: alert(condition('token', 'soon')) },
      { at: at(144), result: alert(condition('token', 'urgent')) },
      { at: at(145), result: alert(condition('token', 'urgent')) },
    ]);
    assert.deepEqual(said, [['start token'], [], ['change token urgent'], []]);
  });

  test('unknown holds everything: Meta not answering is neither a start nor an end', () => {
    const { said } = simulate([
      { at: at(0), result: alert(condition('status')) },
      { at: at(1), result: unknown },
      { at: at(2), result: unknown },
      { at: at(3), result: alert(condition('status')) },
    ]);
    assert.deepEqual(said, [['start status'], [], [], []]);
    assert.deepEqual(simulate([{ at: at(0), result: unknown }]).said, [[]]);
  });

  test('held keys are left alone while the others are judged', () => {
    const first = simulate([{ at: at(0), result: alert(condition('count'), condition('webhook')) }]);
    const { said } = simulate(
      [
        {
          at: at(1),
          result: { check: 'account', state: 'ok', summary: '', conditions: [], held: ['count'] },
        },
      ],
      first.records,
    );
    assert.deepEqual(said, [['end webhook']]);
  });

  test('several conditions of one check come and go on their own', () => {
    const { said } = simulate([
      { at: at(0), result: alert(condition('ad:1')) },
      { at: at(1), result: alert(condition('ad:1'), condition('ad:2')) },
      { at: at(2), result: alert(condition('ad:2')) },
      { at: at(3), result: ok },
    ]);
    assert.deepEqual(said, [['start ad:1'], ['start ad:2'], ['end ad:1'], ['end ad:2']]);
  });

  test('muted: nothing is said; what is still wrong when the mute ends is said then', () => {
    const mutedUntil = at(2);
    const { said } = simulate([
      { at: at(0), result: alert(condition('status')), mutedUntil },
      { at: at(1), result: alert(condition('status')), mutedUntil },
      { at: at(2), result: alert(condition('status')), mutedUntil },
      { at: at(3), result: alert(condition('status')) },
    ]);
    assert.deepEqual(said, [[], [], ['start status'], []]);
  });

  test('muted: a condition that came and went within the mute is never said at all', () => {
    const mutedUntil = at(5);
    const { said, records } = simulate([
      { at: at(0), result: alert(condition('status')), mutedUntil },
      { at: at(1), result: ok, mutedUntil },
      { at: at(6), result: ok },
    ]);
    assert.deepEqual(said, [[], [], []]);
    assert.deepEqual(records, []);
  });

  test('muted after the start: the end is said once the mute is over, and a return within it is one episode', () => {
    const started = simulate([{ at: at(0), result: alert(condition('status')) }]);
    const mutedUntil = at(4);
    const { said } = simulate(
      [
        { at: at(1), result: ok, mutedUntil },
        { at: at(2), result: alert(condition('status')), mutedUntil },
        { at: at(3), result: ok, mutedUntil },
        { at: at(5), result: ok },
        { at: at(6), result: ok },
      ],
      started.records,
    );
    assert.deepEqual(said, [[], [], [], ['end status'], []]);
  });

  test('dueAnnouncements says nothing for conditions Slack already knows', () => {
    const [record] = applyResult([], alert(condition('status')), at(0));
    assert.ok(record);
    assert.deepEqual(
      dueAnnouncements([{ ...record, announcedLevel: 'x', announcedAt: at(0) }], null, at(1)),
      [],
    );
  });
});
