import assert from 'node:assert/strict';
import { test } from 'node:test';
import { speedCellsSql, speedGroups } from '../../src/db/lead-speed-stats.js';
import { openDatabase } from '../../src/db/open.js';
import { groupRecords, type SpeedRecord } from '../../src/speed/stats.js';

const T = Date.parse('2026-11-20T15:00:00Z');
const MIN = 60_000;
const NOW = T + 24 * 60 * MIN;

interface Lead {
  id: string;
  account: string;
  campaign: string | null;
  start?: number;
  contactAfter?: number;
  contactBy?: string;
  owner?: string;
  junk?: boolean;
  outcomes?: string[];
}

/** The statistics' hand-computed leads (test/speed/stats.test.ts), stored as LeadOps stores them, plus another account's. */
const LEADS: Lead[] = [
  {
    id: 'A',
    account: 'act_1',
    campaign: 'c1',
    contactAfter: 2,
    owner: 'U1',
    outcomes: ['contacted', 'qualified'],
  },
  { id: 'B', account: 'act_1', campaign: 'c1', contactAfter: 4, owner: 'U1', outcomes: ['contacted'] },
  { id: 'C', account: 'act_1', campaign: 'c2', contactAfter: 10, contactBy: 'U2', outcomes: ['signed'] },
  { id: 'D', account: 'act_1', campaign: 'c1', contactAfter: 0.5, owner: 'U2', outcomes: ['contacted'] },
  {
    id: 'E',
    account: 'act_1',
    campaign: 'c2',
    start: T + 10 * MIN,
    contactAfter: 7,
    owner: 'U1',
    outcomes: ['qualified', 'junk'],
  },
  { id: 'F', account: 'act_1', campaign: 'c1' },
  { id: 'G', account: 'act_1', campaign: 'c2', owner: 'U2', junk: true, outcomes: ['junk'] },
  { id: 'H', account: 'act_1', campaign: null, start: NOW - MIN },
  { id: 'X', account: 'act_2', campaign: 'c9', contactAfter: 1, owner: 'U9', outcomes: ['contacted'] },
];

function record(lead: Lead): SpeedRecord {
  const latest = lead.outcomes?.at(-1);
  return {
    clockStart: lead.start ?? T,
    firstContactAt: lead.contactAfter === undefined ? null : T + lead.contactAfter * MIN,
    junkBeforeContact: lead.junk === true,
    qualified: latest === 'qualified' || latest === 'signed',
    rep: lead.owner ?? lead.contactBy ?? null,
    campaignId: lead.campaign,
    campaignName: lead.campaign && `Campaign ${lead.campaign}`,
  };
}

test('the SQL figures are the statistics’ own: total, by rep, by campaign, one account or all', () => {
  const db = openDatabase(':memory:');
  for (const lead of LEADS) {
    const start = lead.start ?? T;
    db.prepare(
      `INSERT INTO leads (id, account_id, campaign_id, campaign_name, created_time, received_at, received_via, state)
         VALUES (?, ?, ?, ?, ?, ?, 'webhook', 'complete')`,
    ).run(lead.id, lead.account, lead.campaign, lead.campaign && `Campaign ${lead.campaign}`, T, T);
    const contactAt = lead.contactAfter === undefined ? null : T + lead.contactAfter * MIN;
    db.prepare(
      `INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, owner_id, first_contact_at,
         first_contact_by, stopped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      lead.id,
      lead.account,
      T,
      start,
      lead.owner ?? null,
      contactAt,
      contactAt === null ? null : (lead.contactBy ?? lead.owner ?? null),
      lead.junk ? T + MIN : null,
    );
    for (const [i, outcome] of (lead.outcomes ?? []).entries())
      db.prepare(
        'INSERT INTO lead_outcomes (lead_id, outcome, user_id, recorded_at) VALUES (?, ?, ?, ?)',
      ).run(lead.id, outcome, 'U1', T + i);
  }
  const options = { slaMinutes: 5, now: NOW };
  const range = { from: T - MIN, to: T + MIN };
  const one = speedGroups(db, { ...range, accountId: 'act_1', ...options });
  const expected = groupRecords(LEADS.filter((l) => l.account === 'act_1').map(record), options);
  assert.deepEqual(one, expected);
  // Hand-checked (see test/speed/stats.test.ts): median 2, p90 7.6, 4 of 6 within 5 min.
  assert.equal(one.total.medianMinutes, 2);
  assert.equal(one.total.withinSla, 4);
  assert.equal(one.total.measured, 6);
  assert.equal(one.total.qualified, 2);

  const all = speedGroups(db, { ...range, accountId: null, ...options });
  assert.deepEqual(all, groupRecords(LEADS.map(record), options));
  assert.equal(all.total.leads, 9);
  // Outside the range: nothing.
  assert.equal(
    speedGroups(db, { from: T + MIN, to: T + 2 * MIN, accountId: null, ...options }).total.leads,
    0,
  );
  db.close();
});

test('one statement over a covering index: no other table is read per lead', () => {
  const db = openDatabase(':memory:');
  const plan = (accountId: string | null) =>
    (
      db
        .prepare(`EXPLAIN QUERY PLAN ${speedCellsSql(accountId)}`)
        .all({ from: 0, to: 1, now: 0, slaMs: 0, ...(accountId ? { accountId } : {}) }) as {
        detail: string;
      }[]
    ).map((row) => row.detail);
  assert.match(plan('act_1')[0] ?? '', /^SEARCH s USING COVERING INDEX lead_speed_stats \(account_id=\? AND/);
  assert.match(plan(null)[0] ?? '', /^SEARCH s USING COVERING INDEX lead_speed_stats_created /);
  for (const steps of [plan('act_1'), plan(null)])
    assert.deepEqual(steps.slice(1), ['USE TEMP B-TREE FOR GROUP BY'], 'no probe of lead_outcomes or leads');
  db.close();
});
