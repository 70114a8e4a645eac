import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/open.js';
import { readSetting, writeSetting } from '../../src/db/settings.js';

describe('settings', () => {
  test('round-trip, overwrite and missing keys', () => {
    const db = openDatabase(':memory:');
    try {
      assert.equal(readSetting(db, 'meta.account'), null);

      const info = {
        name: 'Acme Roofing',
        timezone: 'America/Chicago',
        currency: 'USD',
        spendCap: null,
        ids: [1, 2],
      };
      writeSetting(db, 'meta.account', info, 1_000);
      assert.deepEqual(readSetting(db, 'meta.account'), info);

      writeSetting(db, 'meta.account', { name: 'Acme Roofing LLC' }, 2_000);
      assert.deepEqual(readSetting(db, 'meta.account'), { name: 'Acme Roofing LLC' });
      assert.deepEqual(db.prepare('SELECT key, updated_at FROM settings').all(), [
        { key: 'meta.account', updated_at: 2_000 },
      ]);

      writeSetting(db, 'paused', false, 3_000);
      writeSetting(db, 'count', 0, 3_000);
      writeSetting(db, 'label', 'text', 3_000);
      assert.equal(readSetting<boolean>(db, 'paused'), false);
      assert.equal(readSetting<number>(db, 'count'), 0);
      assert.equal(readSetting<string>(db, 'label'), 'text');
    } finally {
      db.close();
    }
  });
});
