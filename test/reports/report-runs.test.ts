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
  releaseReportRun,
} from '../../src/db/report-runs.js';

const DATE = '2026-11-28';
const POSTED = { channel: 'C0LEADOPS', ts: '1764400000.000100' };

describe('report_runs: one report per date', () => {
  test('claimed → posted → done; a finished report is never claimed again', () => {
    const db = openDatabase(':memory:');
    try {
      const first = claimReportRun(db, DATE, 'run-a', 'schedule', 1000, 5);
      assert.equal(first.claimed, true);
      assert.equal(first.run.state, 'claimed');
      assert.equal(first.run.attempts, 1);
      assert.deepEqual(claimReportRun(db, DATE, 'run-a', 'catch-up', 1001, 5), {
        claimed: false,
        reason: 'in progress',
        run: first.run,
      });
      assert.equal(markReportPosted(db, DATE, 'run-a', POSTED, 1002), true);
      assert.equal(markReportPosted(db, DATE, 'run-a', POSTED, 1002), false, 'only once');
      assert.equal(lastPostedReportDate(db), null, 'not finished until the chart is up');
      assert.equal(markReportDone(db, DATE, 'run-a', 1003), true);
      assert.equal(lastPostedReportDate(db), DATE);
      for (const owner of ['run-a', 'run-b']) {
        const again = claimReportRun(db, DATE, owner, 'catch-up', 2000, 5);
        assert.equal(again.claimed, false);
        assert.equal(again.claimed === false && again.reason, 'done');
      }
      assert.deepEqual(getReportRun(db, DATE), {
        reportDate: DATE,
        state: 'done',
        owner: 'run-a',
        trigger: 'schedule',
        attempts: 1,
        channel: POSTED.channel,
        ts: POSTED.ts,
        lastError: null,
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
      claimReportRun(db, DATE, 'run-a', 'schedule', 1000, 5);
      markReportPosted(db, DATE, 'run-a', POSTED, 1001);
      db.close();
      // Run B, after the restart: the message is there, only the chart is left.
      db = openDatabase(path);
      const resumed = claimReportRun(db, DATE, 'run-b', 'catch-up', 5000, 5);
      assert.equal(resumed.claimed, true);
      assert.equal(resumed.run.state, 'posted');
      assert.equal(resumed.run.channel, POSTED.channel);
      assert.equal(resumed.run.attempts, 2);
      assert.equal(markReportPosted(db, DATE, 'run-b', POSTED, 5001), false, 'never posted twice');
      assert.equal(markReportDone(db, DATE, 'run-a', 5002), false, 'the old owner lost the claim');
      assert.equal(markReportDone(db, DATE, 'run-b', 5002), true);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failed attempt lets go; the next trigger retries, up to the attempt limit', () => {
    const db = openDatabase(':memory:');
    try {
      claimReportRun(db, DATE, 'run-a', 'schedule', 1000, 2);
      releaseReportRun(db, DATE, 'run-a', 'Slack unreachable');
      assert.equal(getReportRun(db, DATE)?.owner, null);
      assert.equal(getReportRun(db, DATE)?.lastError, 'Slack unreachable');
      const retry = claimReportRun(db, DATE, 'run-a', 'catch-up', 2000, 2);
      assert.equal(retry.claimed, true);
      assert.equal(retry.run.state, 'claimed');
      releaseReportRun(db, DATE, 'run-a', 'Slack unreachable again');
      const gaveUp = claimReportRun(db, DATE, 'run-a', 'catch-up', 3000, 2);
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
        claimReportRun(a, DATE, 'run-a', 'schedule', 1000, 5),
        claimReportRun(b, DATE, 'run-a', 'catch-up', 1000, 5),
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
