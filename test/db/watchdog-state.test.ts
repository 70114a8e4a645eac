import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertNotice } from '../../src/db/leads.js';
import { openDatabase } from '../../src/db/open.js';
import {
  readMutes,
  readWatchdogSettings,
  writeMute,
  writeWatchdogSetting,
} from '../../src/db/watchdog-settings.js';
import {
  countAdLeadsCreatedBetween,
  countPolledLate,
  leadTimesSince,
  newestLeadTime,
  readCheckStatuses,
  readConditions,
  saveCheckStatus,
  saveCondition,
  saveConditions,
} from '../../src/db/watchdog-state.js';
import type { ConditionRecord } from '../../src/watchdog/types.js';

const T = Date.parse('2026-11-29T18:00:00Z');

const record = (change: Partial<ConditionRecord> = {}): ConditionRecord => ({
  check: 'account',
  key: 'status',
  level: '3',
  title: 'The ad account is unsettled',
  detail: 'figures',
  fix: 'pay',
  active: true,
  startedAt: T,
  seenAt: T,
  endedAt: null,
  announcedLevel: null,
  announcedAt: null,
  ...change,
});

describe('watchdog state in SQLite', () => {
  test('conditions: saved per check, replaced as a whole, told-about marked, forgotten once over', () => {
    const db = openDatabase(':memory:');
    saveConditions(db, 'account', [record(), record({ key: 'spend-cap', level: 'near' })]);
    saveConditions(db, 'ads', [record({ check: 'ads', key: 'ad:1', level: 'DISAPPROVED' })]);
    assert.deepEqual(
      readConditions(db).map((r) => `${r.check}/${r.key}`),
      ['account/spend-cap', 'account/status', 'ads/ad:1'],
    );
    assert.deepEqual(readConditions(db, 'account')[1], record());

    saveCondition(db, 'account', 'status', record({ announcedLevel: '3', announcedAt: T + 1 }));
    assert.equal(readConditions(db, 'account').find((r) => r.key === 'status')?.announcedLevel, '3');
    saveCondition(db, 'account', 'status', null);
    saveConditions(db, 'ads', []);
    assert.deepEqual(
      readConditions(db).map((r) => r.key),
      ['spend-cap'],
    );
    assert.throws(() => saveConditions(db, 'cpl', [record()]), /condition of account saved under cpl/);
    db.close();
  });

  test('check statuses with their memo', () => {
    const db = openDatabase(':memory:');
    const status = {
      check: 'token' as const,
      state: 'ok' as const,
      summary: 'Valid',
      checkedAt: T,
      error: null,
      memo: { checkedAt: T, info: { isValid: true } },
    };
    saveCheckStatus(db, status);
    saveCheckStatus(db, { ...status, state: 'error', error: 'Meta is down' });
    assert.deepEqual(
      [...readCheckStatuses(db).values()],
      [{ ...status, state: 'error', error: 'Meta is down' }],
    );
    db.close();
  });

  test('settings and mutes: stored typed, by whom; a mute past its time is gone; 0 lifts it', () => {
    const db = openDatabase(':memory:');
    writeWatchdogSetting(db, 'drought', 'min_spend', 10_000, 'U0BOSS', T);
    writeWatchdogSetting(db, 'cpl', 'enabled', false, 'U0BOSS', T);
    writeWatchdogSetting(db, 'drought', 'min_spend', 12_500, 'U0BOSS', T + 1);
    assert.deepEqual(
      readWatchdogSettings(db),
      new Map<string, number | boolean>([
        ['drought.min_spend', 12_500],
        ['cpl.enabled', false],
      ]),
    );
    writeMute(db, 'ads', T + 3_600_000, 'U0BOSS', T);
    assert.deepEqual(readMutes(db, T).get('ads'), {
      check: 'ads',
      until: T + 3_600_000,
      mutedBy: 'U0BOSS',
      mutedAt: T,
    });
    assert.equal(readMutes(db, T + 3_600_000).size, 0);
    writeMute(db, 'ads', T, 'U0BOSS', T);
    assert.equal(readMutes(db, T).size, 0);
    db.close();
  });

  test('what the watchdog reads from the leads table', () => {
    const db = openDatabase(':memory:');
    const notice = (leadId: string, createdTime: number | null) => ({
      leadId,
      formId: null,
      pageId: null,
      adId: null,
      adsetId: null,
      createdTime,
    });
    insertNotice(db, notice('a', T - 3_000_000), T - 3_000_000);
    insertNotice(db, notice('b', T - 1_000_000), T - 1_000_000);
    insertNotice(db, notice('c', null), T - 500_000);
    assert.deepEqual(leadTimesSince(db, T - 2_000_000), [T - 1_000_000, T - 500_000]);
    assert.equal(newestLeadTime(db), T - 500_000);
    assert.equal(countAdLeadsCreatedBetween(db, T - 2_000_000, T), 2);
    db.prepare("UPDATE leads SET is_organic = 1 WHERE id = 'b'").run();
    assert.equal(countAdLeadsCreatedBetween(db, T - 2_000_000, T), 1);

    // Polled late (webhook missed): received by poll a minute or more after creation, in the window.
    db.prepare(
      `INSERT INTO leads (id, created_time, received_at, received_via, state) VALUES
         ('p1', ?, ?, 'poll', 'complete'), ('p2', ?, ?, 'poll', 'complete'), ('p3', ?, ?, 'poll', 'complete')`,
    ).run(T - 600_000, T - 300_000, T - 20_000, T - 10_000, T - 7_200_000, T - 7_000_000);
    assert.equal(countPolledLate(db, T - 3_600_000, 60_000), 1);
    assert.equal(newestLeadTime(openDatabase(':memory:')), null);
    db.close();
  });
});
