import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { openDatabase } from '../../src/db/open.js';
import { getReportRun, ROLL_UP_KEY } from '../../src/db/report-runs.js';
import { silentLogger } from '../../src/log.js';
import {
  DailyReportJob,
  type DailyReportOutcome,
  type DailyReportsResult,
  jobResult,
} from '../../src/reports/daily-job.js';
import { CHANNELS, EUR, fakeMeta, fakeSlack, JPY, USD } from '../support/report-fakes.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setUp(accounts: Account[], start: number, timezone: string | null = null) {
  const dir = mkdtempSync(join(tmpdir(), 'leadops-job-'));
  dirs.push(dir);
  const db = openDatabase(':memory:');
  let now = start;
  const meta = fakeMeta();
  const slack = fakeSlack();
  const served = [...accounts];
  const job = new DailyReportJob({
    db,
    clock: { nowMilliseconds: () => now },
    logger: silentLogger,
    adAccountOf: (account) => meta.adAccountOf(account),
    accounts: { served: () => served, statuses: () => served.map(({ id }) => ({ id })) },
    messenger: slack.messenger,
    expression: '0 8 * * *',
    timezone,
    channels: CHANNELS,
    directory: dir,
    firstStart: true,
  });
  return { db, job, meta, slack, served, setNow: (at: number) => (now = at) };
}

const texts = (slack: ReturnType<typeof fakeSlack>) => slack.posts.map((p) => p.message.text);
const outcomeOf = (result: DailyReportsResult, id: string) =>
  result.reports.find((r) => r.accountId === id)?.outcome as DailyReportOutcome;

/** Nov 29, 2026, 08:00 in Chicago: Nov 28 is yesterday in Chicago, Berlin and Tokyo (23:00 there). */
const CHICAGO_8AM = Date.parse('2026-11-29T14:00:00Z');

describe('the daily report job, several accounts', () => {
  test('one report per account in its home channel (else REPORT_CHANNEL), then one roll-up; never twice', async () => {
    const { job, meta, slack, db } = setUp([USD, EUR, JPY], CHICAGO_8AM);
    const result = await job.run();
    assert.deepEqual(
      result.reports.map((r) => [r.accountId, r.outcome.posted, r.outcome.reportDate]),
      [
        [USD.id, true, '2026-11-28'],
        [EUR.id, true, '2026-11-28'],
        [JPY.id, true, '2026-11-28'],
      ],
    );
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0ACME', 'C0BERLIN', 'C0AGENCY', 'C0AGENCY'],
    );
    assert.deepEqual(texts(slack).slice(0, 3), [
      'Yesterday (Nov 28, 2026): $180.00 spend · 6 leads · CPL $30.00',
      'Yesterday (Nov 28, 2026): €123.45 spend · 2 leads · CPL €61.73',
      'Yesterday (Nov 28, 2026): ¥108,000 spend · 9 leads · CPL ¥12,000',
    ]);
    assert.deepEqual(result.rollUps, [{ posted: true, reportDate: '2026-11-28', accounts: 3 }]);
    assert.equal(texts(slack)[3], 'Daily roll-up — Nov 28, 2026: 3 ad accounts');
    // Each chart under its own report, named apart.
    assert.deepEqual(slack.uploads, [
      { channel: 'C0ACME', filename: `leadops-report-${USD.id}-2026-11-28.png` },
      { channel: 'C0BERLIN', filename: `leadops-report-${EUR.id}-2026-11-28.png` },
      { channel: 'C0AGENCY', filename: `leadops-report-${JPY.id}-2026-11-28.png` },
    ]);
    assert.deepEqual([...meta.calls.values()], [3, 3, 3], 'three Graph calls per account');
    assert.equal(getReportRun(db, ROLL_UP_KEY, '2026-11-28')?.state, 'done');

    const again = await Promise.all([job.run(), job.catchUp()]);
    assert.equal(slack.posts.length, 4, 'nothing more');
    assert.ok(again.every((r) => r.reports.every(({ outcome }) => !outcome.posted)));
    assert.deepEqual(again[0].rollUps, [{ posted: false, reportDate: '2026-11-28', reason: 'done' }]);
  });

  test('Meta refuses one account: the others still post, and the roll-up says which failed', async () => {
    const { job, meta, slack } = setUp([USD, EUR, JPY], CHICAGO_8AM);
    meta.refused.add(EUR.id);
    const result = await job.run();
    assert.equal(outcomeOf(result, USD.id).posted, true);
    assert.equal(outcomeOf(result, JPY.id).posted, true);
    const failed = outcomeOf(result, EUR.id);
    assert.equal(!failed.posted && failed.reason, 'failed');
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0ACME', 'C0AGENCY', 'C0AGENCY'],
    );
    const rollUp = JSON.stringify(slack.posts[2]?.message.blocks);
    assert.match(rollUp, /Berliner Kanzlei\* · :warning: no report — Meta refused/);
    assert.doesNotThrow(() => jobResult(result), 'several accounts: the result, not a throw');

    // The next trigger retries the failed one; the roll-up stays posted once.
    meta.refused.clear();
    const retry = await job.run();
    assert.equal(outcomeOf(retry, EUR.id).posted, true);
    assert.equal(slack.posts.filter((p) => p.message.text.startsWith('Daily roll-up')).length, 1);
  });

  test('each zone’s task at 08:00 local: Tokyo first, then Berlin, then Chicago; the roll-up after the last', async () => {
    // The catch-up ran the evening before (Nov 28, 20:00Z): every schedule is known, nothing due yet.
    const { job, slack, setNow } = setUp([USD, EUR, JPY], Date.parse('2026-11-28T20:00:00Z'));
    const before = await job.catchUp();
    assert.deepEqual(
      before.reports.map((r) => [r.accountId, !r.outcome.posted && r.outcome.reason]),
      [
        [USD.id, 'slot before LeadOps was running'],
        [EUR.id, 'slot before LeadOps was running'],
        [JPY.id, 'no slot yet today'],
      ],
    );
    assert.deepEqual(job.zones(), ['America/Chicago', 'Europe/Berlin', 'Asia/Tokyo']);

    setNow(Date.parse('2026-11-28T23:00:00Z')); // 08:00 Nov 29 in Tokyo
    const tokyo = await job.run('Asia/Tokyo');
    assert.deepEqual(
      tokyo.reports.map((r) => [r.accountId, r.outcome.reportDate]),
      [[JPY.id, '2026-11-28']],
    );
    assert.deepEqual(tokyo.rollUps, [{ posted: false, reportDate: '2026-11-28', reason: 'waiting' }]);

    setNow(Date.parse('2026-11-29T07:00:00Z')); // 08:00 in Berlin
    const berlin = await job.run('Europe/Berlin');
    assert.deepEqual(
      berlin.reports.map((r) => r.accountId),
      [EUR.id],
    );
    assert.equal(berlin.rollUps[0]?.posted, false);

    setNow(CHICAGO_8AM);
    const chicago = await job.run('America/Chicago');
    assert.deepEqual(
      chicago.reports.map((r) => r.accountId),
      [USD.id],
    );
    assert.deepEqual(chicago.rollUps, [{ posted: true, reportDate: '2026-11-28', accounts: 3 }]);
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0AGENCY', 'C0BERLIN', 'C0ACME', 'C0AGENCY'],
    );
  });

  test('an account connected after its slot: no report that morning, and the roll-up does not wait for it', async () => {
    const { job, slack, served, setNow } = setUp([USD, EUR], Date.parse('2026-11-29T06:00:00Z'));
    await job.catchUp();
    // JPY is connected at 06:30Z: Tokyo's 08:00 (23:00Z) has passed.
    setNow(Date.parse('2026-11-29T06:30:00Z'));
    served.push(JPY);
    const late = await job.catchUp();
    assert.equal(!outcomeOf(late, JPY.id).posted && outcomeOf(late, JPY.id).reportDate, '2026-11-28');
    setNow(Date.parse('2026-11-29T07:00:00Z'));
    await job.run('Europe/Berlin');
    setNow(CHICAGO_8AM);
    const result = await job.run('America/Chicago');
    assert.equal(result.rollUps[0]?.posted, true);
    const rollUp = slack.posts.at(-1);
    assert.match(JSON.stringify(rollUp?.message.blocks), /Tokyo Law Office\* · no report for Nov 28/);
  });
});

describe('the daily report job, one account: as a single-account LeadOps', () => {
  test('no roll-up, the chart named as before, and the outcome (or the failure) itself', async () => {
    const { job, meta, slack } = setUp([USD], CHICAGO_8AM);
    const outcome = jobResult(await job.run());
    assert.equal((outcome as DailyReportOutcome).posted, true);
    assert.deepEqual(slack.uploads, [{ channel: 'C0ACME', filename: 'leadops-report-2026-11-28.png' }]);
    assert.equal(slack.posts.length, 1);
    const second = setUp([USD], CHICAGO_8AM);
    second.meta.refused.add(USD.id);
    await assert.rejects(async () => jobResult(await second.job.run()), /Meta refused/);
    assert.equal(meta.calls.get(USD.id), 3);
  });

  test('TIMEZONE set: every account in one task, each its own yesterday at that slot', async () => {
    const { job } = setUp([USD, JPY], CHICAGO_8AM, 'Europe/London');
    assert.deepEqual(job.zones(), ['Europe/London']);
    const result = await job.run('Europe/London');
    assert.deepEqual(
      result.reports.map((r) => r.accountId),
      [USD.id, JPY.id],
    );
  });
});
