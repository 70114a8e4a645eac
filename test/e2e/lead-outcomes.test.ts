import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runOutcomeCommand } from '../../src/conversions/terminal.js';
import { getCapiEvent } from '../../src/db/capi-events.js';
import { latestOutcome, outcomeHistory } from '../../src/db/lead-outcomes.js';
import { formatCostPer } from '../../src/money.js';
import { SANDBOX_PIXEL_ID } from '../../src/sandbox/conversions.js';
import type { ReceivedEvent, SandboxLead } from '../../src/sandbox/graph-emulator.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { blockActionBody, postToSlackEndpoint } from '../support/slack-signing.js';
import { viewSubmissionPayload } from '../support/slack-views.js';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

const CHANNEL = '#leadops';
const WORKER = 'U0WORKER';
/** Meta's own examples (Customer Information Parameters); the digests computed with sha256sum. */
const PERSON = { full_name: 'Mary Smith', email: 'John_Smith@gmail.com', phone_number: '(650)555-1212' };
const HASHED = {
  em: ['62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f'],
  ph: ['e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'],
  fn: ['6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'],
  ln: ['6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd'],
};

/** A lead through the real webhook path; resolves with its alert once posted. */
async function deliver(bot: TestBot, fields: Record<string, string> = PERSON) {
  const lead = bot.graph.addLead({ fields });
  assert.equal(await bot.deliverLeads([lead]), 200);
  const alert = await bot.slack.waitFor(() =>
    bot.slack
      .messages(CHANNEL)
      .find((m) => !m.threadTs && JSON.stringify(m.blocks).includes(`lead ${lead.id}`)),
  );
  return { lead, alert };
}

/** A lead from a given ad (so from its campaign), through the webhook. */
async function deliverFrom(bot: TestBot, adId: string, name: string) {
  const lead = bot.graph.addLead({
    adId,
    fields: { full_name: name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` },
  });
  assert.equal(await bot.deliverLeads([lead]), 200);
  const alert = await bot.slack.waitFor(() =>
    bot.slack
      .messages(CHANNEL)
      .find((m) => !m.threadTs && JSON.stringify(m.blocks).includes(`lead ${lead.id}`)),
  );
  return { lead, alert };
}

function eventsFor(bot: TestBot, leadId: string, name?: string): ReceivedEvent[] {
  return bot.graph.conversions.events.filter(
    (e) =>
      String((e.event.user_data as { lead_id?: unknown }).lead_id) === leadId &&
      (name === undefined || e.event.event_name === name),
  );
}

/** A click on one of the alert's buttons; resolves with the HTTP status. */
function click(bot: TestBot, alert: PostedMessage, actionId: string, userId = WORKER): Promise<number> {
  const value = /"value":"(\d+)"/.exec(JSON.stringify(alert.blocks))?.[1] ?? '';
  return bot.click(alert, actionId, { value, userId });
}

function threadSaying(bot: TestBot, alert: PostedMessage, pattern: RegExp): Promise<PostedMessage> {
  return bot.slack.waitFor(() =>
    bot.slack
      .messages(CHANNEL)
      .find((m) => m.threadTs === alert.ts && pattern.test(JSON.stringify(m.blocks))),
  );
}

function ephemeralSaying(bot: TestBot, userId: string, pattern: RegExp) {
  return bot.slack.waitFor(() =>
    bot.slack.calls.find(
      (c) => c.method === 'chat.postEphemeral' && c.args.user === userId && pattern.test(String(c.args.text)),
    ),
  );
}

/** Resolves when the outbox has nothing left, so "only one" is checked after the dust settles. */
async function outboxDrained(bot: TestBot) {
  for (let i = 0; i < 2000; i++) {
    const health = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as {
      outbox: { pending: number };
    };
    if (health.outbox.pending === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('outbox never drained');
}

function buttonStyles(message: PostedMessage): Record<string, string | undefined> {
  const actions = (message.blocks ?? []).find((b) => (b as { type: string }).type === 'actions') as
    | { elements: { text: { text: string }; style?: string }[] }
    | undefined;
  return Object.fromEntries((actions?.elements ?? []).map((e) => [e.text.text, e.style]));
}

describe('lead outcomes → Slack and the Conversions API, end to end', () => {
  let bot: TestBot;
  let first: { lead: SandboxLead; alert: PostedMessage };
  before(async () => {
    bot = await startTestBot({ env: { META_PIXEL_ID: SANDBOX_PIXEL_ID, CASE_VALUE: '5000' } });
  });
  after(async () => {
    await bot.stop();
  });

  test('a new lead: its alert has the four buttons, and its Lead stage reaches Meta, hashed as Meta specifies', async () => {
    first = await deliver(bot);
    assert.deepEqual(Object.keys(buttonStyles(first.alert)), [
      'Contacted',
      'Qualified',
      'Signed case',
      'Junk',
    ]);
    const [lead] = await bot.graph.conversions.waitFor(() => {
      const found = eventsFor(bot, first.lead.id, 'Lead');
      return found.length > 0 ? found : null;
    });
    assert.ok(lead);
    assert.equal(lead.pixelId, SANDBOX_PIXEL_ID);
    assert.equal(lead.testEventCode, null);
    const { event } = lead;
    assert.equal(event.event_id, `${first.lead.id}:lead`);
    assert.equal(event.action_source, 'system_generated');
    assert.deepEqual(event.custom_data, { event_source: 'crm', lead_event_source: 'LeadOps' });
    assert.deepEqual(event.user_data, {
      lead_id: Number(first.lead.id),
      ...HASHED,
      external_id: [(await import('node:crypto')).createHash('sha256').update(first.lead.id).digest('hex')],
    });
    const eventTime = Number(event.event_time);
    assert.ok(eventTime >= Math.floor(first.lead.createdTime / 1000), 'not before Meta created the lead');
    assert.ok(eventTime <= Math.floor(bot.leadops.services.clock.nowMilliseconds() / 1000));
  });

  test('Contacted: stored with who and when, the alert updated in place, exactly one event', async () => {
    const clickedAt = bot.leadops.services.clock.nowMilliseconds();
    const ack = await click(bot, first.alert, 'lead_contacted');
    assert.equal(ack, 200);
    const updated = await bot.saying(first.alert, /sent to Meta as Contacted/);
    assert.match(JSON.stringify(updated.blocks), /Contacted\* by <@U0WORKER>/);
    assert.equal(buttonStyles(updated).Contacted, 'primary');
    assert.equal(
      bot.slack.messages(CHANNEL).filter((m) => m.ts === first.alert.ts).length,
      1,
      'edited, not reposted',
    );

    const stored = latestOutcome(bot.leadops.services.db, first.lead.id);
    assert.equal(stored?.outcome, 'contacted');
    assert.equal(stored?.userId, WORKER);
    assert.ok(stored && stored.recordedAt >= clickedAt);

    const contacted = eventsFor(bot, first.lead.id, 'Contacted');
    assert.equal(contacted.length, 1);
    assert.equal(contacted[0]?.event.event_id, `${first.lead.id}:contacted`);
    assert.deepEqual(
      { ...(contacted[0]?.event.user_data as object), external_id: undefined, lead_id: undefined },
      { ...HASHED, external_id: undefined, lead_id: undefined },
    );
    // In order: the initial stage before the later one.
    const names = eventsFor(bot, first.lead.id).map((e) => e.event.event_name);
    assert.deepEqual(names, ['Lead', 'Contacted']);
    const row = getCapiEvent(bot.leadops.services.db, first.lead.id, 'contacted');
    assert.equal(row?.state, 'sent');
    assert.equal(row?.eventsReceived, 1);
    assert.match(row?.fbtraceId ?? '', /^A[\w-]{22}$/);
  });

  test('a double click on Qualified: one history row, one event, and the second click is told', async () => {
    const [a, b] = await Promise.all([
      click(bot, first.alert, 'lead_qualified'),
      click(bot, first.alert, 'lead_qualified'),
    ]);
    assert.deepEqual([a, b], [200, 200]);
    await bot.saying(first.alert, /sent to Meta as QualifiedLead/);
    await ephemeralSaying(bot, WORKER, /already marked Qualified/);
    await outboxDrained(bot);
    assert.equal(eventsFor(bot, first.lead.id, 'QualifiedLead').length, 1);
    assert.deepEqual(
      outcomeHistory(bot.leadops.services.db, first.lead.id).map((o) => o.outcome),
      ['contacted', 'qualified'],
    );
  });

  test('Signed case: a modal asks the value (CASE_VALUE filled in); it must be a number above 0', async () => {
    assert.equal(await click(bot, first.alert, 'lead_signed'), 200);
    const open = await bot.slack.waitFor(() => bot.slack.calls.find((c) => c.method === 'views.open'));
    assert.match(String(open.args.trigger_id), /T0LEADOPS/);
    const view = open.args.view as Record<string, unknown>;
    assert.equal(view.callback_id, 'lead_signed_case');
    assert.match(JSON.stringify(view.blocks), /"initial_value":"5,000.00"/);

    const submit = (value: string) =>
      postToSlackEndpoint(
        `${bot.leadops.url}/slack/events`,
        SIGNING_SECRET,
        blockActionBody(
          viewSubmissionPayload({
            userId: WORKER,
            view,
            values: { case_value: { case_value_input: value } },
          }),
        ),
      );
    for (const bad of ['abc', '0', '-5', '']) {
      const refused = await submit(bad);
      assert.equal(refused.status, 200, bad);
      assert.deepEqual(
        (refused.json as { response_action?: string }).response_action,
        'errors',
        `“${bad}” is refused under the field`,
      );
      assert.match(JSON.stringify(refused.json), /case_value.*above 0/);
    }
    assert.equal(
      latestOutcome(bot.leadops.services.db, first.lead.id)?.outcome,
      'qualified',
      'nothing recorded',
    );

    const accepted = await submit('7,500');
    assert.equal(accepted.status, 200);
    assert.equal(accepted.text, '');
    await bot.saying(first.alert, /Signed case \(\$7,500\.00\)\* by <@U0WORKER>.*sent to Meta as SignedCase/);
    const [signed] = eventsFor(bot, first.lead.id, 'SignedCase');
    assert.deepEqual(signed?.event.custom_data, {
      event_source: 'crm',
      lead_event_source: 'LeadOps',
      value: 7500,
      currency: 'USD',
    });
    assert.equal(latestOutcome(bot.leadops.services.db, first.lead.id)?.valueCents, 750_000);
  });

  test('/cpl: cost per qualified and per signed case = spend ÷ their counts, per campaign and in total', async () => {
    const today = '2026-11-29';
    const rows = bot.graph.insightsRows('campaign', today, today);
    // A campaign that spent today, and two leads from it: one signed, one qualified.
    const campaign = rows.find(
      (r) =>
        r.spendCents > 0 &&
        bot.graph.account.ads.some((ad) => ad.campaignId === r.id && ad.effectiveStatus === 'ACTIVE'),
    );
    const ad = bot.graph.account.ads.find(
      (a) => a.campaignId === campaign?.id && a.effectiveStatus === 'ACTIVE',
    );
    assert.ok(campaign && ad, 'a campaign delivering today');
    const signed = await deliverFrom(bot, ad.id, 'Sam Signed');
    const qualified = await deliverFrom(bot, ad.id, 'Quinn Qualified');
    const { outcomes } = bot.leadops.services;
    await outcomes.record({ leadId: signed.lead.id, outcome: 'signed', userId: WORKER, valueCents: 400_000 });
    await outcomes.record({ leadId: qualified.lead.id, outcome: 'qualified', userId: WORKER });

    const answer = await bot.responseTo((await bot.command('/cpl', 'today')).label);
    const text = JSON.stringify(answer.blocks);
    // Counted from the store, whatever else was marked: leads of that campaign created today.
    const mine = [first.lead, signed.lead, qualified.lead].filter(
      (l) => bot.graph.account.ads.find((a) => a.id === l.adId)?.campaignId === campaign.id,
    );
    const signedCount = mine.filter(
      (l) => latestOutcome(bot.leadops.services.db, l.id)?.outcome === 'signed',
    ).length;
    const qualifiedCount = mine.filter((l) =>
      ['qualified', 'signed'].includes(latestOutcome(bot.leadops.services.db, l.id)?.outcome ?? ''),
    ).length;
    const expected =
      `${qualifiedCount} qualified (${formatCostPer(Math.round(campaign.spendCents / qualifiedCount), 'USD')} each) · ` +
      `${signedCount} signed (${formatCostPer(Math.round(campaign.spendCents / signedCount), 'USD')} each)`;
    assert.ok(text.includes(expected), `${expected} in ${text}`);
    const totalSpend = rows.reduce((n, r) => n + r.spendCents, 0);
    const fields = (answer.blocks as { fields?: { text: string }[] }[])[3]?.fields?.map((f) => f.text);
    assert.ok(fields?.[2]?.startsWith('*Signed cases*\n'));
    const totalSigned = Number(fields?.[2]?.split('\n')[1]);
    assert.ok(totalSigned >= signedCount);
    assert.equal(
      fields?.[3],
      `*Cost per signed case*\n${formatCostPer(Math.round(totalSpend / totalSigned), 'USD')}`,
    );
  });

  test('Meta refusing an event: its reason in the alert’s thread and on the alert', async () => {
    const second = await deliver(bot, { full_name: 'Ann Lee', email: 'ann@example.com' });
    await bot.graph.conversions.waitFor(() => eventsFor(bot, second.lead.id, 'Lead').length === 1);
    bot.graph.conversions.rejectNext(1, { title: 'Lead Not Eligible', message: 'This lead cannot be used.' });
    await click(bot, second.alert, 'lead_contacted');
    const notice = await threadSaying(
      bot,
      second.alert,
      /Meta refused the Conversions API event \*Contacted\*/,
    );
    assert.match(JSON.stringify(notice.blocks), /Lead Not Eligible: This lead cannot be used\./);
    assert.match(JSON.stringify(notice.blocks), /fbtrace_id A/);
    await bot.saying(second.alert, /Meta refused Contacted: Lead Not Eligible/);
    assert.equal(getCapiEvent(bot.leadops.services.db, second.lead.id, 'contacted')?.state, 'failed');
    assert.equal(eventsFor(bot, second.lead.id, 'Contacted').length, 0);
  });

  test('the Conversions API failing: retried, reported in the thread after 5 tries, then sent once', async () => {
    await outboxDrained(bot);
    bot.graph.injectFaults(
      ...Array.from({ length: 6 }, () => ({ kind: 'server_error' as const, match: '/events' })),
    );
    const third = await deliver(bot, { full_name: 'Bo Diaz', phone_number: '713-555-0199' });
    await threadSaying(
      bot,
      third.alert,
      /Meta has not taken the Conversions API event \*Lead\*.*after 5 tries/,
    );
    const [sent] = await bot.graph.conversions.waitFor(() => {
      const found = eventsFor(bot, third.lead.id, 'Lead');
      return found.length > 0 ? found : null;
    });
    assert.ok(sent);
    await outboxDrained(bot);
    assert.equal(eventsFor(bot, third.lead.id).length, 1, 'sent once, after the failures');
    const failed = bot.graph.calls.filter(
      (c) => c.path === `/${SANDBOX_PIXEL_ID}/events` && c.status === 500,
    );
    assert.equal(failed.length, 6);
    const row = getCapiEvent(bot.leadops.services.db, third.lead.id, 'lead');
    assert.equal(row?.state, 'sent');
    assert.equal(row?.failures, 6);
  });

  test('the terminal’s `qualify N`, `sign N 5000`, `junk N` go through the same domain function', async () => {
    const fourth = await deliver(bot, { full_name: 'Cy Young', email: 'cy@example.com' });
    const headline = JSON.stringify(fourth.alert.blocks?.[0] ?? {});
    const n = Number(/#(\d+)/.exec(headline)?.[1]);
    assert.ok(n > 0, 'the alert shows the lead’s number');
    const services = bot.leadops.services;
    assert.match(
      (await runOutcomeCommand(services, `qualify ${n}`, 'UTERMINAL')) ?? '',
      /Qualified\. Recorded/,
    );
    assert.match((await runOutcomeCommand(services, `sign ${n} abc`, 'UTERMINAL')) ?? '', /above 0/);
    assert.match(
      (await runOutcomeCommand(services, `sign ${n} 5000`, 'UTERMINAL')) ?? '',
      /Signed case \(\$5,000\.00\)/,
    );
    await bot.saying(fourth.alert, /sent to Meta as SignedCase/);
    assert.match(
      (await runOutcomeCommand(services, `junk #${n}`, 'UTERMINAL')) ?? '',
      /Junk is not sent to Meta/,
    );
    assert.match((await runOutcomeCommand(services, 'qualify 99999', 'UTERMINAL')) ?? '', /No lead #99999/);
    assert.equal(await runOutcomeCommand(services, '/cpl today', 'UTERMINAL'), null);
    await outboxDrained(bot);
    assert.deepEqual(
      eventsFor(bot, fourth.lead.id).map((e) => e.event.event_name),
      ['Lead', 'Contacted', 'QualifiedLead', 'SignedCase'],
    );
    assert.equal(latestOutcome(services.db, fourth.lead.id)?.outcome, 'junk');
  });
});

describe('lead outcomes without META_PIXEL_ID', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(async () => {
    await bot.stop();
  });

  test('the buttons still record outcomes, say the Conversions API is off, and send nothing', async () => {
    const { lead, alert } = await deliver(bot);
    await click(bot, alert, 'lead_qualified');
    await ephemeralSaying(bot, WORKER, /not sent to Meta: the Conversions API is off/);
    await bot.saying(alert, /Conversions API off/);
    assert.equal(latestOutcome(bot.leadops.services.db, lead.id)?.outcome, 'qualified');
    await outboxDrained(bot);
    assert.equal(bot.graph.conversions.requests.length, 0);
  });
});

describe('Meta’s 7-day window, the test event code, and the funnel', () => {
  let bot: TestBot;
  let offset = 0;
  const clock = {
    nowMilliseconds: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
  before(async () => {
    offset = Date.parse('2026-11-29T18:00:00Z') - Date.now();
    bot = await startTestBot({
      clock,
      env: { META_PIXEL_ID: SANDBOX_PIXEL_ID, META_TEST_EVENT_CODE: 'TEST4242' },
    });
  });
  after(async () => {
    await bot.stop();
  });

  test('META_TEST_EVENT_CODE goes with every event', async () => {
    const { lead } = await deliver(bot);
    const [event] = await bot.graph.conversions.waitFor(() => {
      const found = eventsFor(bot, lead.id, 'Lead');
      return found.length > 0 ? found : null;
    });
    assert.equal(event?.testEventCode, 'TEST4242');
  });

  test('/leads stats: leads → contacted → qualified → signed, by campaign', async () => {
    const { lead } = await deliver(bot, { full_name: 'Fay Funnel' });
    await bot.leadops.services.outcomes.record({ leadId: lead.id, outcome: 'qualified', userId: WORKER });
    const funnel =
      /\*All campaigns\*\\n2 leads → 1 contacted \(50%\) → 1 qualified \(50%\) → 0 signed \(0%\) · 0 junk/;
    const answer = await bot.responseTo((await bot.command('/leads', 'stats today')).label);
    assert.equal(answer.response_type, 'in_channel');
    assert.match(JSON.stringify(answer.blocks), funnel);
    // The default ends today: leads just marked are in it, and the answer says which dates it covers.
    const byDefault = await bot.responseTo((await bot.command('/leads', 'stats')).label);
    assert.match(JSON.stringify(byDefault.blocks), funnel);
    assert.match(
      JSON.stringify(byDefault.blocks),
      /Lead funnel — Last 30 days, including today.*Oct 31 – Nov 29, 2026 · /,
    );
  });

  test('an outcome Meta can no longer take (older than 7 days when sent) is refused with the reason', async () => {
    const { lead, alert } = await deliver(bot, { full_name: 'Old Timer', email: 'old@example.com' });
    await bot.graph.conversions.waitFor(() => eventsFor(bot, lead.id, 'Lead').length === 1);
    // Meta is down when the lead is marked, and stays down for 8 days.
    bot.graph.injectFaults(
      ...Array.from({ length: 500 }, () => ({ kind: 'server_error' as const, match: '/events' })),
    );
    await click(bot, alert, 'lead_contacted');
    await bot.saying(alert, /Meta is not taking Contacted yet \(1 try\)/);
    clock.advance(8 * 86_400_000);
    const notice = await threadSaying(
      bot,
      alert,
      /LeadOps did not send the Conversions API event \*Contacted\*/,
    );
    assert.match(
      JSON.stringify(notice.blocks),
      /it happened Nov 29, .* and Meta takes Conversions API events up to 7 days old/,
    );
    await bot.saying(alert, /Contacted not sent to Meta: it happened/);
    assert.equal(getCapiEvent(bot.leadops.services.db, lead.id, 'contacted')?.state, 'refused');
    assert.equal(eventsFor(bot, lead.id, 'Contacted').length, 0);
  });
});
