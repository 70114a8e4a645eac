import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SANDBOX_PIXEL_ID } from '../../src/sandbox/conversions.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphPost, NOW } from '../sandbox/graph-http.js';

const HEX = 'a'.repeat(64);
const NOW_SECONDS = Math.floor(NOW / 1000);

function crmEvent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: 'QualifiedLead',
    event_time: NOW_SECONDS - 60,
    event_id: '1234567890123456:qualified',
    action_source: 'system_generated',
    user_data: { lead_id: 1234567890123456, em: [HEX], external_id: [HEX] },
    custom_data: { event_source: 'crm', lead_event_source: 'LeadOps' },
    ...extra,
  };
}

describe('the sandbox’s Conversions API: POST /{pixel_id}/events', () => {
  let graph: GraphEmulator;
  const send = (body: Record<string, unknown>, pixel = SANDBOX_PIXEL_ID) =>
    graphPost(graph, `/${pixel}/events`, body as Record<string, object>);

  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW });
  });
  after(async () => {
    await graph.close();
  });
  beforeEach(() => {
    graph.conversions.reset();
  });

  test('answers like Meta and records every event, with the test code when one is given', async () => {
    const live = await send({ data: [crmEvent()] });
    assert.equal(live.status, 200);
    assert.equal(live.body.events_received, 1);
    assert.deepEqual(live.body.messages, []);
    assert.match(live.body.fbtrace_id, /^A[\w-]{22}$/);
    const tested = await send({ data: [crmEvent({ event_id: 'other' })], test_event_code: 'TEST123' });
    assert.equal(tested.body.events_received, 1);
    assert.deepEqual(
      graph.conversions.events.map((e) => [e.event.event_id, e.testEventCode, e.deduplicated]),
      [
        ['1234567890123456:qualified', null, false],
        ['other', 'TEST123', false],
      ],
    );
    assert.deepEqual(
      graph.conversions.requests.map((r) => [r.status, r.events, r.testEventCode]),
      [
        [200, 1, null],
        [200, 1, 'TEST123'],
      ],
    );
  });

  test('the same event_name and event_id again is recorded, flagged as deduplicated', async () => {
    await send({ data: [crmEvent()] });
    await send({ data: [crmEvent()] });
    assert.deepEqual(
      graph.conversions.events.map((e) => e.deduplicated),
      [false, true],
    );
  });

  test('an event older than 7 days refuses the whole request, in Meta’s words', async () => {
    const old = await send({
      data: [crmEvent({ event_id: 'fresh' }), crmEvent({ event_time: NOW_SECONDS - 8 * 86_400 })],
    });
    assert.equal(old.status, 400);
    assert.equal(old.body.error.code, 100);
    assert.equal(old.body.error.error_subcode, 2804003);
    assert.equal(old.body.error.error_user_title, 'Event Timestamp Too Old');
    assert.match(old.body.error.error_user_msg, /within 7 days/);
    assert.equal(graph.conversions.events.length, 0, 'nothing of a refused request is kept');
    assert.equal(graph.conversions.requests[0]?.status, 400);
  });

  test('no user_data, unhashed contact data, a hashed lead id, a CRM event not system_generated: refused', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [crmEvent({ user_data: undefined }), /user_data is required/],
      [crmEvent({ user_data: {} }), /user_data is required/],
      [crmEvent({ user_data: { em: ['John_Smith@gmail.com'] } }), /em must be SHA-256 hashed/],
      [crmEvent({ user_data: { ph: '16505551212' } }), /ph must be SHA-256 hashed/],
      [crmEvent({ user_data: { lead_id: HEX } }), /lead_id must be the Lead Ads lead id, unhashed/],
      [crmEvent({ action_source: 'website' }), /CRM events must have action_source system_generated/],
      [crmEvent({ custom_data: { event_source: 'crm' } }), /lead_event_source/],
    ];
    for (const [event, reason] of cases) {
      const refused = await send({ data: [event] });
      assert.equal(refused.status, 400, String(reason));
      assert.match(refused.body.error.error_user_msg, reason);
    }
    const missing = await send({});
    assert.match(missing.body.error.message, /data is required/);
    assert.equal(graph.conversions.events.length, 0);
  });

  test('refusals on demand, and an unknown pixel does not exist', async () => {
    graph.conversions.rejectNext(1, { title: 'Nope', message: 'Refused for the test.' });
    const refused = await send({ data: [crmEvent()] });
    assert.equal(refused.body.error.error_user_msg, 'Refused for the test.');
    assert.equal((await send({ data: [crmEvent()] })).status, 200, 'only the next one');
    const unknown = await send({ data: [crmEvent()] }, '999');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.error_subcode, 33);
  });

  test('waitFor resolves when the events arrive, without polling', async () => {
    const waiting = graph.conversions.waitFor(() => graph.conversions.events.length === 2);
    await send({ data: [crmEvent(), crmEvent({ event_id: 'b' })] });
    assert.equal(await waiting, true);
    await assert.rejects(
      graph.conversions.waitFor(() => graph.conversions.events.length === 3, 50),
      /timed out after 50 ms/,
    );
  });
});

describe('the sandbox’s custom audiences', () => {
  let graph: GraphEmulator;
  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW });
  });
  after(async () => {
    await graph.close();
  });

  test('create, list, and upload with sessions that must run in order', async () => {
    const accountPath = `/${graph.account.id}/customaudiences`;
    const created = await graphPost(graph, accountPath, {
      name: 'Past leads',
      subtype: 'CUSTOM',
      customer_file_source: 'USER_PROVIDED_ONLY',
    });
    assert.equal(created.status, 200);
    const id = created.body.id as string;
    const users = (session: Record<string, unknown>, data: string[][] = [[HEX]]) =>
      graphPost(graph, `/${id}/users`, { payload: { schema: ['EMAIL'], data }, session });
    const first = await users({
      session_id: 77,
      batch_seq: 1,
      last_batch_flag: false,
      estimated_num_total: 2,
    });
    assert.deepEqual(
      { ...first.body, invalid_entry_samples: undefined },
      {
        audience_id: id,
        session_id: '77',
        num_received: 1,
        num_invalid_entries: 0,
        invalid_entry_samples: undefined,
      },
    );
    const skipped = await users({ session_id: 77, batch_seq: 3, last_batch_flag: true });
    assert.match(skipped.body.error.error_user_msg, /Batch 3 out of order/);
    const unhashed = await users({ session_id: 77, batch_seq: 2, last_batch_flag: true }, [
      ['mary@example.com'],
    ]);
    assert.equal(unhashed.body.num_invalid_entries, 1);
    const closed = await users({ session_id: 77, batch_seq: 3, last_batch_flag: true });
    assert.match(closed.body.error.error_user_msg, /has ended/);
    const tooMany = await users(
      { session_id: 78, batch_seq: 1, last_batch_flag: true },
      Array.from({ length: 10_001 }, () => [HEX]),
    );
    assert.match(tooMany.body.error.message, /exceeds the limit of 10000/);
    assert.equal(graph.audiences.audiences[0]?.members.size, 1);
  });
});
