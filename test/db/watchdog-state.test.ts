import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertNotice } from '../../src/db/leads.js';
import { openDatabase } from '../../src/db/open.js';
import {
  countAdLeadsCreatedBetween,
  countPolledLate,
  type LeadScope,
  leadTimesSince,
  newestLeadTime,
  readCheckStatuses,
  readConditions,
  readMutes,
  saveCheckStatus,
  saveCondition,
  saveConditions,
  writeMute,
} from '../../src/db/watchdog-state.js';
import type { ConditionRecord } from '../../src/watchdog/types.js';

const T = Date.parse('2026-11-29T18:00:00Z');
const A = 'act_1';
const B = 'act_2';

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
  test('conditions: saved per account and check, replaced as a whole, told-about marked, forgotten once over', () => {
    const db = openDatabase(':memory:');
    saveConditions(db, A, 'account', [record(), record({ key: 'spend-cap', level: 'near' })]);
    saveConditions(db, A, 'ads', [record({ check: 'ads', key: 'ad:1', level: 'DISAPPROVED' })]);
    saveConditions(db, B, 'account', [record({ level: '2' })]);
    assert.deepEqual(
      readConditions(db, A).map((r) => `${r.check}/${r.key}`),
      ['account/spend-cap', 'account/status', 'ads/ad:1'],
    );
    assert.deepEqual(readConditions(db, A, 'account')[1], record());
    assert.deepEqual(readConditions(db, B), [record({ level: '2' })]);

    saveCondition(db, A, 'account', 'status', record({ announcedLevel: '3', announcedAt: T + 1 }));
    assert.equal(readConditions(db, A, 'account').find((r) => r.key === 'status')?.announcedLevel, '3');
    assert.equal(readConditions(db, B, 'account')[0]?.announcedLevel, null, 'the other account untouched');
    saveCondition(db, A, 'account', 'status', null);
    saveConditions(db, A, 'ads', []);
    assert.deepEqual(
      readConditions(db, A).map((r) => r.key),
      ['spend-cap'],
    );
    assert.deepEqual(
      readConditions(db, B).map((r) => r.key),
      ['status'],
    );
    assert.throws(() => saveConditions(db, A, 'cpl', [record()]), /condition of account saved under cpl/);
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
    saveCheckStatus(db, A, status);
    saveCheckStatus(db, A, { ...status, state: 'error', error: 'Meta is down' });
    saveCheckStatus(db, B, { ...status, memo: {} });
    assert.deepEqual(
      [...readCheckStatuses(db, A).values()],
      [{ ...status, state: 'error', error: 'Meta is down' }],
    );
    assert.deepEqual([...readCheckStatuses(db, B).values()], [{ ...status, memo: {} }]);
    db.close();
  });

  test('mutes per account: by whom; a mute past its time is gone; 0 lifts it', () => {
    const db = openDatabase(':memory:');
    writeMute(db, A, 'ads', T + 3_600_000, 'U0BOSS', T);
    assert.deepEqual(readMutes(db, A, T).get('ads'), {
      check: 'ads',
      until: T + 3_600_000,
      mutedBy: 'U0BOSS',
      mutedAt: T,
    });
    assert.equal(readMutes(db, B, T).size, 0, 'another account is not muted');
    writeMute(db, B, 'ads', T + 7_200_000, 'U0BOSS', T);
    assert.equal(readMutes(db, A, T + 3_600_000).size, 0);
    assert.equal(readMutes(db, B, T + 3_600_000).size, 1);
    writeMute(db, B, 'ads', T, 'U0BOSS', T);
    assert.equal(readMutes(db, B, T).size, 0);
    db.close();
  });

  test('what the watchdog reads from the leads table: the only account’s leads, unattributed ones included', () => {
    const db = openDatabase(':memory:');
    const only: LeadScope = { accountId: A, unattributed: true };
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
    assert.deepEqual(leadTimesSince(db, only, T - 2_000_000), [T - 1_000_000, T - 500_000]);
    assert.equal(newestLeadTime(db, only), T - 500_000);
    assert.equal(countAdLeadsCreatedBetween(db, T - 2_000_000, T, only), 2);
    db.prepare("UPDATE leads SET is_organic = 1 WHERE id = 'b'").run();
    assert.equal(countAdLeadsCreatedBetween(db, T - 2_000_000, T, only), 1);

    // Polled late (webhook missed): received by poll a minute or more after creation, in the window.
    db.prepare(
      `INSERT INTO leads (id, created_time, received_at, received_via, state) VALUES
         ('p1', ?, ?, 'poll', 'complete'), ('p2', ?, ?, 'poll', 'complete'), ('p3', ?, ?, 'poll', 'complete')`,
    ).run(T - 600_000, T - 300_000, T - 20_000, T - 10_000, T - 7_200_000, T - 7_000_000);
    assert.equal(countPolledLate(db, only, T - 3_600_000, 60_000), 1);
    assert.equal(newestLeadTime(openDatabase(':memory:'), only), null);
    db.close();
  });

  test('with several accounts, each reads only the leads of its own ads', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      `INSERT INTO leads (id, account_id, ad_id, is_organic, created_time, received_at, received_via, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'complete')`,
    );
    insert.run('a1', A, '11', 0, T - 3_000_000, T - 3_000_000, 'webhook');
    insert.run('a2', A, '11', 0, T - 600_000, T - 300_000, 'poll');
    insert.run('b1', B, '22', 0, T - 1_000_000, T - 1_000_000, 'webhook');
    insert.run('o1', null, null, 1, T - 100_000, T - 100_000, 'webhook');
    const a: LeadScope = { accountId: A, unattributed: false };
    const b: LeadScope = { accountId: B, unattributed: false };
    assert.deepEqual(leadTimesSince(db, a, 0), [T - 3_000_000, T - 600_000]);
    assert.equal(newestLeadTime(db, a), T - 600_000);
    assert.equal(newestLeadTime(db, b), T - 1_000_000);
    assert.equal(countAdLeadsCreatedBetween(db, 0, T, a), 2);
    assert.equal(countAdLeadsCreatedBetween(db, 0, T, b), 1);
    assert.equal(
      countAdLeadsCreatedBetween(db, 0, T),
      3,
      'without a scope: every account’s (the report’s count)',
    );
    assert.equal(countPolledLate(db, a, T - 3_600_000, 60_000), 1);
    assert.equal(countPolledLate(db, b, T - 3_600_000, 60_000), 0);
    assert.equal(newestLeadTime(db, { accountId: 'act_3', unattributed: false }), null);
    db.close();
  });
});
