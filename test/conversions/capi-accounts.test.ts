import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { AlertRefresher } from '../../src/conversions/alert.js';
import { capiEventJob, NO_DATASET_REASON } from '../../src/conversions/capi-job.js';
import { LeadOutcomes } from '../../src/conversions/outcomes.js';
import { queueLeadStage } from '../../src/conversions/stages.js';
import { setLeadAccount } from '../../src/db/ad-accounts.js';
import { getCapiEvent } from '../../src/db/capi-events.js';
import { saveFetchedLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import type { OutboxItem } from '../../src/db/outbox.js';
import { writeSetting } from '../../src/db/settings.js';
import { LeadAccounts } from '../../src/leads/lead-account.js';
import { silentLogger } from '../../src/log.js';
import type { Messenger } from '../../src/messages/messenger.js';
import type { ConversionsApi, ServerEvent } from '../../src/meta/conversions-api.js';
import { parseSlackMessageRef, slackMessageRef } from '../../src/slack/message-ref.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const NOW = Date.parse('2026-11-29T20:00:00Z');
const account = (id: string, currency: string, timezone: string, pixelId: string | null): Account => ({
  id,
  name: id,
  currency,
  timezone,
  homeChannel: `#${id}`,
  pixelId,
});
const ACME = account('act_1001', 'USD', 'America/Chicago', '555');
const BERLIN = account('act_2002', 'EUR', 'Europe/Berlin', null);
const TOKYO = account('act_3003', 'JPY', 'Asia/Tokyo', '777');

describe('Conversions API per account: the lead’s dataset, its currency', () => {
  let db: Database;
  const sent: { dataset: string; events: readonly ServerEvent[] }[] = [];
  const posts: string[] = [];
  let outcomes: LeadOutcomes;
  let job: ReturnType<typeof capiEventJob>;

  before(() => {
    db = openDatabase(':memory:');
    writeSetting(
      db,
      'conversions.capi',
      {
        stages: {
          lead: 'Lead',
          contacted: 'Contacted',
          qualified: 'QualifiedLead',
          signed: 'SignedCase',
          junk: null,
        },
      },
      NOW,
    );
    const messenger: Messenger = {
      post: async (channel) => {
        posts.push(channel);
        return slackMessageRef(channel, '1.0');
      },
      update: async () => {},
      postEphemeral: async () => {},
      uploadFile: async () => {},
      findPosted: async () => null,
      channelOf: (ref) => parseSlackMessageRef(ref).channel,
    };
    const accounts = new LeadAccounts({
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      owners: { accountOf: async () => assert.fail('every lead’s account is known') },
      served: () => [ACME, BERLIN, TOKYO],
      defaults: {
        fallback: { report: '#r', leads: '#leads', approvals: '#a' },
        timezone: 'UTC',
        dataset: null,
      },
    });
    const refresher = new AlertRefresher({ db, logger: silentLogger, messenger, accounts });
    outcomes = new LeadOutcomes({
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      refresher,
      accounts,
      caseValue: '0',
    });
    job = capiEventJob({
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      apiFor: (dataset) =>
        ({
          send: async (events: readonly ServerEvent[]) => {
            sent.push({ dataset, events });
            return { eventsReceived: events.length, messages: [], fbtraceId: 'Atrace' };
          },
        }) as unknown as ConversionsApi,
      accounts,
      countryCode: '1',
      messenger,
      refresher,
    });
    for (const [id, accountId] of [
      ['L-usd', ACME.id],
      ['L-eur', BERLIN.id],
      ['L-jpy', TOKYO.id],
    ] as const) {
      saveFetchedLead(
        db,
        metaLeadFixture(id, { createdTime: NOW - 60_000 }),
        { fullName: 'Mary Smith', phone: null, email: 'mary@example.com', answers: [] },
        'page-1',
        'poll',
        NOW - 60_000,
      );
      setLeadAccount(db, id, accountId);
    }
  });
  after(() => db.close());

  const run = (subject: string) => job({ id: 1, kind: 'capi_event', subject } as OutboxItem);

  test('a yen account’s signed case: `sign N 5000` is ¥5,000, sent to its dataset with value 5000 and JPY', async () => {
    const value = outcomes.parseValue('L-jpy', '5000');
    assert.deepEqual(value, { valueCents: 5000 });
    const result = await outcomes.record({
      leadId: 'L-jpy',
      outcome: 'signed',
      userId: 'U0',
      valueCents: 5000,
    });
    assert.equal(result.kind === 'recorded' && result.capi, 'queued');
    await run('L-jpy:signed');
    const batch = sent.find((s) => s.dataset === '777');
    assert.ok(batch, 'sent to the yen account’s dataset');
    const signed = batch.events.find((e) => e.event_name === 'SignedCase');
    assert.deepEqual([signed?.custom_data.value, signed?.custom_data.currency], [5000, 'JPY']);
    assert.deepEqual(
      batch.events.map((e) => e.event_name),
      ['Lead', 'Contacted', 'QualifiedLead', 'SignedCase'],
    );
  });

  test('a dollar account’s case value is typed in dollars and goes to its own dataset in USD', async () => {
    assert.deepEqual(outcomes.parseValue('L-usd', '$12,500.50'), { valueCents: 1_250_050 });
    await outcomes.record({ leadId: 'L-usd', outcome: 'signed', userId: 'U0', valueCents: 1_250_050 });
    await run('L-usd:signed');
    const signed = sent.find((s) => s.dataset === '555')?.events.find((e) => e.event_name === 'SignedCase');
    assert.deepEqual([signed?.custom_data.value, signed?.custom_data.currency], [12_500.5, 'USD']);
  });

  test('an account without a dataset: the outcome is recorded, not sent, and nobody is told it failed', async () => {
    const result = await outcomes.record({ leadId: 'L-eur', outcome: 'qualified', userId: 'U0' });
    assert.equal(result.kind === 'recorded' && result.capi, 'no_dataset');
    assert.equal(getCapiEvent(db, 'L-eur', 'qualified'), null);
    // Its Lead stage was queued when it arrived, before its account was known: refused quietly when due.
    queueLeadStage(db, 'L-eur', NOW - 60_000, NOW - 60_000);
    const before = posts.length;
    const sentBefore = sent.length;
    await run('L-eur:lead');
    const event = getCapiEvent(db, 'L-eur', 'lead');
    assert.deepEqual([event?.state, event?.reason], ['refused', NO_DATASET_REASON]);
    assert.equal(sent.length, sentBefore, 'nothing sent to Meta');
    assert.equal(posts.length, before, 'no thread notice for a choice made in META_PIXEL_ID');
  });

  test('a typed value is read in the lead’s currency: yen have no decimals, a euro amount needs none', () => {
    assert.deepEqual(outcomes.parseValue('L-jpy', '¥8,000'), { valueCents: 8000 });
    assert.deepEqual(outcomes.parseValue('L-eur', '12,500.50'), { valueCents: 1_250_050 });
    assert.deepEqual(outcomes.parseValue('L-jpy', 'lots'), {
      problem: 'The case value must be an amount in JPY above 0, e.g. 5000 or 12,500.',
    });
    assert.equal(outcomes.defaultValue('JPY'), 0);
  });
});
