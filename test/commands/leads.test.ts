import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LEADS_USAGE, parseLeadsArgs } from '../../src/commands/leads.js';
import { CommandError, ErrorCode } from '../../src/errors.js';

function refused(text: string, message: string) {
  assert.throws(
    () => parseLeadsArgs(text),
    (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.equal(error.code, ErrorCode.CommandInvalid);
      assert.equal(error.message, message);
      assert.equal(error.usage, LEADS_USAGE);
      return true;
    },
  );
}

describe('parseLeadsArgs', () => {
  test('nothing → the 10 most recent', () => {
    assert.deepEqual(parseLeadsArgs(''), { kind: 'recent', count: 10 });
    assert.deepEqual(parseLeadsArgs('   '), { kind: 'recent', count: 10 });
  });

  test('a count from 1 to 50', () => {
    assert.deepEqual(parseLeadsArgs('25'), { kind: 'recent', count: 25 });
    assert.deepEqual(parseLeadsArgs(' 1 '), { kind: 'recent', count: 1 });
    assert.deepEqual(parseLeadsArgs('50'), { kind: 'recent', count: 50 });
  });

  test('0, 51 and 999 are refused with the usage', () => {
    refused('0', 'Ask for 1 to 50 leads.');
    refused('51', 'Ask for 1 to 50 leads.');
    refused('999', 'Ask for 1 to 50 leads.');
  });

  test('today, in any case', () => {
    assert.deepEqual(parseLeadsArgs('today'), { kind: 'today' });
    assert.deepEqual(parseLeadsArgs(' Today '), { kind: 'today' });
  });

  test('anything else is a search, trimmed', () => {
    assert.deepEqual(parseLeadsArgs('maria'), { kind: 'search', text: 'maria' });
    assert.deepEqual(parseLeadsArgs(' Maria Gonzalez '), { kind: 'search', text: 'Maria Gonzalez' });
    assert.deepEqual(parseLeadsArgs('8325550199'), { kind: 'search', text: '8325550199' });
    assert.deepEqual(parseLeadsArgs('555-0142'), { kind: 'search', text: '555-0142' });
    assert.deepEqual(parseLeadsArgs('1234'), { kind: 'search', text: '1234' });
    assert.deepEqual(parseLeadsArgs('dana@example.com'), { kind: 'search', text: 'dana@example.com' });
  });

  test('a one-character search is refused with the usage', () => {
    refused('a', 'Search for at least 2 characters.');
    refused(' % ', 'Search for at least 2 characters.');
  });
});
