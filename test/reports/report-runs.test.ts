import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/open.js';
import {
  claimReportRun,
  getReportRun,
  lastPostedReportDate,
  markReportDone,
  markReportPosted,
  ROLL_UP_KEY,
  releaseReportRun,
} from '../../src/db/report-runs.js';
import { slackMessageRef } from '../../src/slack/message-ref.js';

const DATE = '2026-11-28';
const ACCOUNT = 'act_42';
const POSTED = slackMessageRef('C0LEADOPS', '1764400000.000100');

describe('report_runs: one report per account and date', () => {
  test('claimed → posted → done; a finished report is never claimed again', () => {
    const db = openDatabase(':memory:');
    try {
      const first = claimReportRun(db, ACCOUNT, DATE, 'run-a', 'schedule', 1000, 5);
      assert.equal(first.claimed, true);
      assert.equal(first.run.state, 'claimed');
      assert.equal(first.run.attempts, 1);
      assert.deepEqual(claimReportRun(db, ACCOUNT, DATE, 'run-a', 'catch-up', 1001, 5), {
        claimed: false,
        reason: 'in progress',
        run: first.run,
      });
      assert.equal(markReportPosted(db, ACCOUNT, DATE, 'run-a', POSTED, 1002), true);
      assert.equal(markReportPosted(db, ACCOUNT, DATE, 'run-a', POSTED, 1002), false, 'only once');
      assert.equal(lastPostedReportDate(db, ACCOUNT), null, 'not finished until the chart is up');
      assert.equal(markReportDone(db, ACCOUNT, DATE, 'run-a', 1003), true);
      assert.equal(lastPostedReportDate(db, ACCOUNT), DATE);
      for (const owner of ['run-a', 'run-b']) {
        const again = claimReportRun(db, ACCOUNT, DATE, owner, 'catch-up', 2000, 5);
        assert.equal(again.claimed, false);
        assert.equal(again.claimed === false && again.reason, 'done');
      }
      assert.deepEqual(getReportRun(db, ACCOUNT, DATE), {
        accountId: ACCOUNT,
        reportDate: DATE,
        state: 'done',
        owner: 'run-a',
        trigger: 'schedule',
        attempts: 1,
        messageRef: POSTED,
        lastError: null,
        summary: null,
        claimedAt: 1000,
        postedAt: 1002,
        doneAt: 1003,
      });
    } finally {
      db.close();
    }
  });

  test('a claim left by a crashed run is taken over, from where it stopped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadops-runs-'));
    const path = join(dir, 'runs.sqlite');
    try {
      // Run A claims, posts the message, and dies before the chart.
      let db = openDatabase(path);
      claimReportRun(db, ACCOUNT, DATE, 'run-a', 'schedule', 1000, 5);
      markReportPosted(db, ACCOUNT, DATE, 'run-a', POSTED, 1001);
      db.close();
      // Run B, after the restart: the message is there, only the chart is left.
      db = openDatabase(path);
      const resumed = claimReportRun(db, ACCOUNT, DATE, 'run-b', 'catch-up', 5000, 5);
      assert.equal(resumed.claimed, true);
      assert.equal(resumed.run.state, 'posted');
      assert.equal(resumed.run.messageRef, POSTED);
      assert.equal(resumed.run.attempts, 2);
      assert.equal(markReportPosted(db, ACCOUNT, DATE, 'run-b', POSTED, 5001), false, 'never posted twice');
      assert.equal(markReportDone(db, ACCOUNT, DATE, 'run-a', 5002), false, 'the old owner lost the claim');
      assert.equal(markReportDone(db, ACCOUNT, DATE, 'run-b', 5002), true);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failed attempt lets go; the next trigger retries, up to the attempt limit', () => {
    const db = openDatabase(':memory:');
    try {
      claimReportRun(db, ACCOUNT, DATE, 'run-a', 'schedule', 1000, 2);
      releaseReportRun(db, ACCOUNT, DATE, 'run-a', 'Slack unreachable');
      assert.equal(getReportRun(db, ACCOUNT, DATE)?.owner, null);
      assert.equal(getReportRun(db, ACCOUNT, DATE)?.lastError, 'Slack unreachable');
      const retry = claimReportRun(db, ACCOUNT, DATE, 'run-a', 'catch-up', 2000, 2);
      assert.equal(retry.claimed, true);
      assert.equal(retry.run.state, 'claimed');
      releaseReportRun(db, ACCOUNT, DATE, 'run-a', 'Slack unreachable again');
      const gaveUp = claimReportRun(db, ACCOUNT, DATE, 'run-a', 'catch-up', 3000, 2);
      assert.equal(gaveUp.claimed === false && gaveUp.reason, 'gave up');
    } finally {
      db.close();
    }
  });

  test('two triggers on two connections to one file: one claim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadops-runs-'));
    const path = join(dir, 'runs.sqlite');
    const a = openDatabase(path);
    const b = openDatabase(path);
    try {
      const results = [
        claimReportRun(a, ACCOUNT, DATE, 'run-a', 'schedule', 1000, 5),
        claimReportRun(b, ACCOUNT, DATE, 'run-a', 'catch-up', 1000, 5),
      ];
      assert.deepEqual(
        results.map((r) => r.claimed),
        [true, false],
      );
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('report_runs: each account claims its own date', () => {
  test('one account’s report of a date never blocks another’s, nor the roll-up’s', () => {
    const db = openDatabase(':memory:');
    try {
      const accounts = ['act_1001', 'act_2002', ROLL_UP_KEY];
      for (const account of accounts)
        assert.equal(claimReportRun(db, account, DATE, 'run-a', 'schedule', 1000, 5).claimed, true);
      for (const account of accounts) {
        const again = claimReportRun(db, account, DATE, 'run-b', 'catch-up', 1001, 5);
        assert.equal(again.claimed, true, 'taken over from a run that is gone, still one row');
        const third = claimReportRun(db, account, DATE, 'run-b', 'catch-up', 1002, 5);
        assert.equal(third.claimed === false && third.reason, 'in progress');
      }
      const summary = { currency: 'JPY', spend: 9600, leads: 4 };
      assert.equal(markReportPosted(db, 'act_1001', DATE, 'run-b', POSTED, 1003, summary), true);
      assert.equal(markReportDone(db, 'act_1001', DATE, 'run-b', 1004), true);
      assert.equal(lastPostedReportDate(db, 'act_1001'), DATE);
      assert.equal(lastPostedReportDate(db, 'act_2002'), null, 'the other account has not posted it');
      assert.deepEqual(getReportRun(db, 'act_1001', DATE)?.summary, summary);
      assert.equal(getReportRun(db, 'act_2002', DATE)?.state, 'claimed');
      assert.equal(
        db.prepare('SELECT count(*) AS n FROM report_runs WHERE report_date = ?').pluck().get(DATE),
        3,
      );
    } finally {
      db.close();
    }
  });
});
