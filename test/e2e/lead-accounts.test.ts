import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getLead } from '../../src/db/leads.js';
import { createAgencySandbox } from '../../src/sandbox/account.js';
import { SANDBOX_PIXEL_ID } from '../../src/sandbox/conversions.js';
import type { SandboxLead } from '../../src/sandbox/graph-emulator.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { blockActionBody, postToSlackEndpoint } from '../support/slack-signing.js';
import { viewSubmissionPayload } from '../support/slack-views.js';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

const WORKER = 'U0WORKER';

/**
 * An agency: a US injury-law account (USD, Chicago) and a Tokyo realty (JPY, Tokyo), each with
 * its home channel, and a Berlin dental clinic (EUR) without one; one dataset for all.
 */
describe('leads of several ad accounts, end to end', () => {
  let bot: TestBot;
  const account = (currency: string) => {
    const found = bot.graph.accounts.find((a) => a.currency === currency);
    assert.ok(found, currency);
    return found;
  };
  const alertOf = (channel: string, lead: SandboxLead) =>
    bot.slack.waitFor(() =>
      bot.slack
        .messages(channel)
        .find((m) => !m.threadTs && JSON.stringify(m.blocks).includes(`lead ${lead.id}`)),
    );
  async function deliver(leads: readonly SandboxLead[]) {
    assert.equal(await bot.deliverLeads(leads), 200);
  }

  before(async () => {
    bot = await startTestBot({
      accounts: createAgencySandbox(),
      env: ({ accounts: [us, , tokyo] }) => ({
        ACCOUNT_CHANNELS: `${us?.id}=#client-us,${tokyo?.id}=#client-tokyo`,
        LEADS_CHANNEL: '#new-leads',
        META_PIXEL_ID: SANDBOX_PIXEL_ID,
        CASE_VALUE: '5000',
        APPROVERS: 'U0BOSS',
      }),
    });
    assert.deepEqual(
      bot.graph.accounts.map((a) => a.currency),
      ['USD', 'EUR', 'JPY'],
    );
  });
  after(async () => {
    await bot.stop();
  });

  test('two accounts, one lead each, in one webhook: each alert in its own home channel, in its own zone; one call for the ads', async () => {
    const usLead = bot.graph.addLead({ accountId: account('USD').id, fields: { full_name: 'Ann Chicago' } });
    const jpLead = bot.graph.addLead({ accountId: account('JPY').id, fields: { full_name: 'Taro Yamada' } });
    bot.graph.resetCalls();
    await deliver([usLead, jpLead]);
    const usAlert = await alertOf('#client-us', usLead);
    const jpAlert = await alertOf('#client-tokyo', jpLead);
    assert.match(JSON.stringify(usAlert.blocks), /Ann Chicago/);
    assert.match(JSON.stringify(usAlert.blocks), / C[SD]T · lead /, 'Chicago time');
    assert.match(JSON.stringify(jpAlert.blocks), /Taro Yamada/);
    assert.match(JSON.stringify(jpAlert.blocks), / GMT\+9 · lead /, 'Tokyo time');
    for (const channel of ['#client-us', '#client-tokyo', '#new-leads', '#leadops'])
      assert.equal(
        bot.slack.messages(channel).filter((m) => /New lead/.test(m.text)).length,
        channel.startsWith('#client') ? 1 : 0,
        channel,
      );
    const adLookups = bot.graph.calls.filter((c) => c.query.fields === 'account_id');
    assert.equal(adLookups.length, 1, 'the ads of the leads handled together: one ?ids= call');
    const { db } = bot.leadops.services;
    assert.equal(getLead(db, usLead.id)?.accountId, account('USD').id);
    assert.equal(getLead(db, jpLead.id)?.accountId, account('JPY').id);
  });

  test('an account without a home channel, and an organic lead: LEADS_CHANNEL, never dropped', async () => {
    const deLead = bot.graph.addLead({ accountId: account('EUR').id, fields: { full_name: 'Anna Schmidt' } });
    const organic = bot.graph.addLead({
      accountId: account('USD').id,
      isOrganic: true,
      fields: { full_name: 'Walk In' },
    });
    await deliver([deLead, organic]);
    assert.match(
      JSON.stringify((await alertOf('#new-leads', deLead)).blocks),
      / GMT\+1 · lead /,
      'Berlin time',
    );
    const organicAlert = await alertOf('#new-leads', organic);
    assert.match(JSON.stringify(organicAlert.blocks), /organic submission/);
    assert.equal(getLead(bot.leadops.services.db, organic.id)?.accountId, null);
  });

  test('a yen account’s signed case: asked in JPY, shown in yen, sent to Meta with value 5000 and JPY', async () => {
    const lead = bot.graph.addLead({ accountId: account('JPY').id, fields: { full_name: 'Hana Sato' } });
    await deliver([lead]);
    const alert: PostedMessage = await alertOf('#client-tokyo', lead);
    const opensBefore = bot.slack.calls.filter((c) => c.method === 'views.open').length;
    assert.equal(await bot.click(alert, 'lead_signed', { value: lead.id, userId: WORKER }), 200);
    const open = await bot.slack.waitFor(
      () => bot.slack.calls.filter((c) => c.method === 'views.open')[opensBefore],
    );
    const view = open.args.view as Record<string, unknown>;
    assert.match(JSON.stringify(view.blocks), /Case value \(JPY\)/);
    assert.match(JSON.stringify(view.blocks), /"initial_value":"5,000"/, 'CASE_VALUE in yen');
    const submitted = await postToSlackEndpoint(
      `${bot.leadops.url}/slack/events`,
      SIGNING_SECRET,
      blockActionBody(
        viewSubmissionPayload({ userId: WORKER, view, values: { case_value: { case_value_input: '5000' } } }),
      ),
    );
    assert.equal(submitted.status, 200);
    const [signed] = await bot.graph.conversions.waitFor(() => {
      const found = bot.graph.conversions.events.filter(
        (e) =>
          String((e.event.user_data as { lead_id?: unknown }).lead_id) === lead.id &&
          e.event.event_name === 'SignedCase',
      );
      return found.length > 0 ? found : null;
    });
    assert.equal(signed?.pixelId, SANDBOX_PIXEL_ID);
    assert.deepEqual(signed?.event.custom_data, {
      event_source: 'crm',
      lead_event_source: 'LeadOps',
      value: 5000,
      currency: 'JPY',
    });
    await bot.slack.waitFor(() =>
      bot.slack
        .messages('#client-tokyo')
        .find(
          (m) =>
            m.ts === alert.ts && /Signed case \(¥5,000\)\* by <@U0WORKER>/.test(JSON.stringify(m.blocks)),
        ),
    );
  });

  test('/leads act_… lists that account’s leads, /leads every account’s; /leads stats without an account asks which', async () => {
    const inTokyo = await bot.command('/leads', `act_${account('JPY').accountId}`);
    const answer = JSON.stringify(await bot.responseTo(inTokyo.label));
    assert.match(answer, /Taro Yamada/);
    assert.match(answer, /Hana Sato/);
    assert.doesNotMatch(answer, /Ann Chicago|Anna Schmidt/);

    const everywhere = JSON.stringify(await bot.responseTo((await bot.command('/leads', '')).label));
    for (const name of ['Taro Yamada', 'Ann Chicago', 'Anna Schmidt', 'Walk In'])
      assert.match(everywhere, new RegExp(name));

    const stats = await bot.command('/leads', 'stats');
    assert.match(JSON.stringify(await bot.responseTo(stats.label)), /Which ad account\?/);
  });

  test('/audience sync: one account at a time, its audience in its own ad account, with its leads only', async () => {
    const nowhere = await bot.command('/audience', 'sync', { userId: 'U0BOSS' });
    assert.match(JSON.stringify(await bot.responseTo(nowhere.label)), /Which ad account\?/);
    assert.equal(bot.graph.audiences.audiences.length, 0, 'nothing created without an account');

    const tokyo = account('JPY');
    const synced = await bot.command('/audience', `sync act_${tokyo.accountId}`, { userId: 'U0BOSS' });
    const answer = JSON.stringify(await bot.responseTo(synced.label));
    assert.match(answer, /Uploaded 2 leads to/);
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(answer, new RegExp(literal(`in ${tokyo.name} (${tokyo.id}), with its leads only`)));
    const [audience] = bot.graph.audiences.audiences;
    assert.equal(audience?.adAccountId, tokyo.id);
    assert.equal(bot.graph.audiences.uploads.at(-1)?.rows.length, 2, 'Taro and Hana, no one else');
  });
});
