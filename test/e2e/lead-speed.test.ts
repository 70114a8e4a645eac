import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const MIN = 60_000;

/** A stored lead with its clock, as the alert job and the outcome buttons leave them. */
function store(
  bot: TestBot,
  lead: {
    id: string;
    campaignId: string;
    createdAt: number;
    owner: string | null;
    contactAfterMinutes?: number;
    outcomes?: string[];
    junk?: boolean;
  },
): void {
  const { db } = bot.leadops.services;
  const account = bot.graph.account.id;
  db.prepare(
    `INSERT INTO leads (id, account_id, campaign_id, campaign_name, created_time, received_at, received_via, state)
       VALUES (?, ?, ?, 'stored name', ?, ?, 'webhook', 'complete')`,
  ).run(lead.id, account, lead.campaignId, lead.createdAt, lead.createdAt);
  const contact =
    lead.contactAfterMinutes === undefined ? null : lead.createdAt + lead.contactAfterMinutes * MIN;
  db.prepare(
    `INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, owner_id, first_contact_at,
       first_contact_by, stopped_at, reminder_state, escalation_state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'skipped', 'skipped')`,
  ).run(
    lead.id,
    account,
    lead.createdAt,
    lead.createdAt,
    lead.owner,
    contact,
    contact === null ? null : lead.owner,
    lead.junk ? lead.createdAt + MIN : null,
  );
  for (const [i, outcome] of (lead.outcomes ?? []).entries())
    db.prepare('INSERT INTO lead_outcomes (lead_id, outcome, user_id, recorded_at) VALUES (?, ?, ?, ?)').run(
      lead.id,
      outcome,
      lead.owner ?? 'U0SOMEONE',
      (contact ?? lead.createdAt) + i,
    );
}

describe('/leads speed', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(() => bot.stop());

  test('median, p90, share within the SLA and never contacted: total, by rep, by campaign with its CPL', async () => {
    const [c0, c1] = bot.graph.account.campaigns;
    assert.ok(c0 && c1);
    const created = bot.leadops.services.clock.nowMilliseconds() - 3 * 60 * MIN;
    store(bot, {
      id: 'S1',
      campaignId: c0.id,
      createdAt: created,
      owner: 'U0MARIA',
      contactAfterMinutes: 2,
      outcomes: ['contacted', 'qualified'],
    });
    store(bot, {
      id: 'S2',
      campaignId: c0.id,
      createdAt: created,
      owner: 'U0MARIA',
      contactAfterMinutes: 8,
      outcomes: ['contacted'],
    });
    store(bot, { id: 'S3', campaignId: c1.id, createdAt: created, owner: 'U0JAMES' });
    store(bot, {
      id: 'S4',
      campaignId: c1.id,
      createdAt: created,
      owner: null,
      junk: true,
      outcomes: ['junk'],
    });

    const answer = await bot.responseTo((await bot.command('/leads', 'speed')).label);
    assert.equal(answer.response_type, 'in_channel');
    const blocks = JSON.stringify(answer.blocks);
    // Contacted after 2 and 8 minutes: median 5, p90 2 + 0.9 × 6 = 7.4; S3 is late, S4 junk.
    assert.match(blocks, /Speed to lead — Last 30 days, including today/);
    assert.match(
      blocks,
      /\*All leads\* · 4 leads\\nmedian 5 min · p90 7.4 min · 33% within 5 min \(1 of 3\) · 1 never contacted · 1 junk\\n\$[\d,.]+ spend · CPL \$[\d,.]+ · \$[\d,.]+ per qualified lead \(1 qualified\)/,
    );
    assert.match(
      blocks,
      /<@U0MARIA> · 2 leads\\nmedian 5 min · p90 7.4 min · 50% within 5 min \(1 of 2\) · 0 never contacted/,
    );
    assert.match(
      blocks,
      /<@U0JAMES> · 1 lead\\nmedian — · p90 — · 0% within 5 min \(0 of 1\) · 1 never contacted/,
    );
    // Campaigns by the sandbox's names (from insights), with their CPL and cost per qualified lead.
    const c0Line = new RegExp(
      `\\*${c0.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\* · 2 leads\\\\nmedian 5 min · p90 7.4 min · 50% within 5 min \\(1 of 2\\) · 0 never contacted\\\\n\\$[\\d,.]+ spend · CPL \\$[\\d,.]+ · \\$[\\d,.]+ per qualified lead \\(1 qualified\\)`,
    );
    assert.match(blocks, c0Line);
  });

  test('Meta down: the speed figures still answer, saying why spend is missing', async () => {
    // Every try of the one insights call fails (the test bot tries 4 times).
    bot.graph.injectFaults(
      ...Array.from({ length: 4 }, () => ({ kind: 'server_error' as const, match: '/insights' })),
    );
    const answer = await bot.responseTo((await bot.command('/leads', 'speed today')).label);
    const blocks = JSON.stringify(answer.blocks);
    assert.match(blocks, /\*All leads\* · 4 leads\\nmedian 5 min/);
    assert.match(blocks, /:warning: Spend not shown: /);
  });

  test('the daily report gains one line: yesterday’s median, share within the SLA, still not contacted', async () => {
    const [c0] = bot.graph.account.campaigns;
    assert.ok(c0);
    // Yesterday (Nov 28 in Chicago), 10:00 local: contacted after 1 and 3 minutes and 20 minutes; one never.
    const created = Date.parse('2026-11-28T16:00:00Z');
    store(bot, {
      id: 'Y1',
      campaignId: c0.id,
      createdAt: created,
      owner: 'U0MARIA',
      contactAfterMinutes: 1,
      outcomes: ['contacted'],
    });
    store(bot, {
      id: 'Y2',
      campaignId: c0.id,
      createdAt: created,
      owner: 'U0MARIA',
      contactAfterMinutes: 3,
      outcomes: ['contacted'],
    });
    store(bot, {
      id: 'Y3',
      campaignId: c0.id,
      createdAt: created,
      owner: 'U0JAMES',
      contactAfterMinutes: 20,
      outcomes: ['contacted'],
    });
    store(bot, { id: 'Y4', campaignId: c0.id, createdAt: created, owner: 'U0JAMES' });
    await bot.leadops.runJob('report');
    const report = await bot.slack.waitFor(() =>
      bot.slack.messages('#leadops').find((m) => JSON.stringify(m.blocks).includes('Speed to lead:')),
    );
    assert.ok(
      JSON.stringify(report.blocks).includes(
        '*Speed to lead:* median 3 min to first contact · 50% within 5 min · 1 lead still not contacted',
      ),
    );
  });

  test('a range it does not know: usage, privately', async () => {
    const answer = await bot.responseTo((await bot.command('/leads', 'speed last_99x')).label);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(JSON.stringify(answer), /not a date range I know/);
  });
});
