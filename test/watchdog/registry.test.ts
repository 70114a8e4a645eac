import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WATCHDOG_CHECKS } from '../../src/watchdog/checks/index.js';
import { CHECK_DEFINITIONS } from '../../src/watchdog/settings.js';
import { CHECK_NAMES } from '../../src/watchdog/types.js';

describe('watchdog registry', () => {
  test('every check name has exactly one registered check, in CHECK_NAMES order', () => {
    assert.deepEqual(
      WATCHDOG_CHECKS.map((check) => check.name),
      [...CHECK_NAMES],
    );
  });

  test('each check carries its own definition', () => {
    for (const check of WATCHDOG_CHECKS) assert.equal(check.definition, CHECK_DEFINITIONS[check.name]);
  });
});
