import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration } from '../../src/watchdog/format.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  test('minutes, hours, days as people say them', () => {
    assert.equal(formatDuration(0), '0 min');
    assert.equal(formatDuration(-5 * MIN), '0 min');
    assert.equal(formatDuration(45 * MIN + 59_000), '45 min');
    assert.equal(formatDuration(4 * HOUR), '4 h');
    assert.equal(formatDuration(4 * HOUR + 10 * MIN), '4 h 10 min');
    assert.equal(formatDuration(47 * HOUR + 59 * MIN), '47 h 59 min');
    assert.equal(formatDuration(5 * DAY), '5 days');
    assert.equal(formatDuration(5 * DAY - 10_000), '5 days');
    assert.equal(formatDuration(2 * DAY + 4 * HOUR), '2 days 4 h');
  });
});
