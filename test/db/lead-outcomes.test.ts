import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { queueLeadStage, queueStage } from '../../src/conversions/stages.js';
import {
  capiEventsOf,
  getCapiEvent,
  markNotSent,
  markSent,
  recordFailure,
} from '../../src/db/capi-events.js';
import {
  formNames,
  funnelCounts,
  insertOutcome,
  latestOutcome,
  leadIdByNumber,
  leadNumber,
  outcomeHistory,
} from '../../src/db/lead-outcomes.js';
import { saveFetchedLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import { dueItems } from '../../src/db/outbox.js';
import { writeSetting } from '../../src/db/settings.js';
import type { MetaLead } from '../../src/meta/lead-retrieval.js';

const T0 = Date.UTC(2026, 10, 29, 16, 30);
const HOUR = 3_600_000;
const STAGES = {
  lead: 'Lead',
  contacted: 'Contacted',
  qualified: 'QualifiedLead',
  signed: 'SignedCase',
  junk: null,
};

function store(
  db: Database,
  id: string,
  campaign: string | null,
  createdTime = T0,
  raw: unknown = { id },
): void {
  const lead: MetaLead = {
    id,
    createdTime,
    formId: 'form-1',
    adId: campaign ? `ad-${campaign}` : null,
    adName: null,
    adsetId: campaign ? `adset-${campaign}` : null,
    adsetName: campaign ? `Ad set ${campaign}` : null,
    campaignId: campaign,
    campaignName: campaign ? `Campaign ${campaign}` : null,
    isOrganic: campaign === null,
    platform: 'fb',
    fieldData: [],
    raw,
  };
  saveFetchedLead(
    db,
    lead,
    { fullName: 'A B', phone: null, email: null, answers: [] },
    'page-1',
    'poll',
    createdTime,
  );
}

function mark(
  db: Database,
  leadId: string,
  outcome: 'contacted' | 'qualified' | 'signed' | 'junk',
  at = T0,
): void {
  insertOutcome(db, {
    leadId,
    outcome,
    valueCents: outcome === 'signed' ? 500_000 : null,
    userId: 'U1',
    recordedAt: at,
  });
}

describe('lead outcomes in the store', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => {
    db.close();
  });

  test('history is kept; the latest outcome wins', () => {
    store(db, 'L1', 'c1');
    assert.equal(latestOutcome(db, 'L1'), null);
    mark(db, 'L1', 'qualified', T0 + 1);
    mark(db, 'L1', 'junk', T0 + 2);
    assert.equal(latestOutcome(db, 'L1')?.outcome, 'junk');
    assert.deepEqual(
      outcomeHistory(db, 'L1').map((o) => [o.outcome, o.recordedAt, o.userId]),
      [
        ['qualified', T0 + 1, 'U1'],
        ['junk', T0 + 2, 'U1'],
      ],
    );
  });

  test('lead numbers: given once, in order, never changed', () => {
    store(db, 'L1', 'c1');
    store(db, 'L2', 'c1');
    assert.equal(leadNumber(db, 'L2'), 1);
    assert.equal(leadNumber(db, 'L1'), 2);
    assert.equal(leadNumber(db, 'L2'), 1);
    assert.equal(leadIdByNumber(db, 2), 'L1');
    assert.equal(leadIdByNumber(db, 3), null);
  });

  test('the funnel by campaign: leads created in the range, by their latest outcome; no campaign last', () => {
    for (const [id, campaign] of [
      ['A1', 'c1'],
      ['A2', 'c1'],
      ['A3', 'c1'],
      ['A4', 'c1'],
      ['B1', 'c2'],
    ] as const)
      store(db, id, campaign);
    store(db, 'OLD', 'c1', T0 - 48 * HOUR);
    store(db, 'ORG', null);
    mark(db, 'A1', 'contacted');
    mark(db, 'A2', 'contacted');
    mark(db, 'A2', 'qualified');
    mark(db, 'A3', 'signed');
    mark(db, 'A4', 'qualified');
    mark(db, 'A4', 'junk');
    mark(db, 'OLD', 'signed');
    assert.deepEqual(funnelCounts(db, 'campaign', T0 - HOUR, T0 + HOUR), [
      { id: 'c1', name: 'Campaign c1', leads: 4, contacted: 3, qualified: 2, signed: 1, junk: 1 },
      { id: 'c2', name: 'Campaign c2', leads: 1, contacted: 0, qualified: 0, signed: 0, junk: 0 },
      { id: null, name: null, leads: 1, contacted: 0, qualified: 0, signed: 0, junk: 0 },
    ]);
    assert.deepEqual(
      funnelCounts(db, 'adset', T0 - HOUR, T0 + HOUR).map((r) => [r.id, r.signed]),
      [
        ['adset-c1', 1],
        ['adset-c2', 0],
        [null, 0],
      ],
    );
  });

  test('first and last name from Meta’s stored field_data, when the form asked them', () => {
    store(db, 'L1', 'c1', T0, {
      field_data: [
        { name: 'first_name', values: ['Mary'] },
        { name: 'last_name', values: ['Smith'] },
      ],
    });
    store(db, 'L2', 'c1');
    assert.deepEqual(formNames(db, 'L1'), { firstName: 'Mary', lastName: 'Smith' });
    assert.deepEqual(formNames(db, 'L2'), { firstName: null, lastName: null });
  });
});

describe('Conversions API events in the store', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store(db, 'L1', 'c1');
  });
  afterEach(() => {
    db.close();
  });

  test('the lead stage is queued only when the Conversions API is on, at most once', () => {
    assert.equal(queueLeadStage(db, 'L1', T0, T0 + 5000), false, 'off: nothing queued');
    writeSetting(db, 'conversions.capi', { pixelId: '1', stages: STAGES }, T0);
    assert.equal(queueLeadStage(db, 'L1', T0, T0 + 5000), true);
    assert.equal(queueLeadStage(db, 'L1', T0, T0 + 9000), false);
    assert.deepEqual(
      dueItems(db, T0 + HOUR, 10).map((i) => [i.kind, i.subject]),
      [['capi_event', 'L1:lead']],
    );
    const event = getCapiEvent(db, 'L1', 'lead');
    assert.equal(event?.eventTime, Math.floor((T0 + 5000) / 1000), 'when LeadOps received it');
    assert.equal(event?.eventId, 'L1:lead');
    assert.equal(event?.eventName, 'Lead');
  });

  test('a stage without a name (junk by default) is not queued', () => {
    const settings = { pixelId: '1', stages: STAGES };
    assert.equal(
      queueStage(db, settings, { leadId: 'L1', stage: 'junk', eventTime: 1, valueCents: null, now: T0 }),
      false,
    );
    assert.equal(capiEventsOf(db, 'L1').length, 0);
  });

  test('sent, failed and refused are final; failures are counted while pending', () => {
    const settings = { pixelId: '1', stages: STAGES };
    queueStage(db, settings, { leadId: 'L1', stage: 'contacted', eventTime: 1, valueCents: null, now: T0 });
    assert.equal(recordFailure(db, 'L1', 'contacted', 'Meta down'), 1);
    assert.equal(recordFailure(db, 'L1', 'contacted', 'Meta down'), 2);
    markSent(db, 'L1', 'contacted', { eventsReceived: 1, fbtraceId: 'Atrace', messages: [] }, T0 + 1);
    markNotSent(db, 'L1', 'contacted', 'failed', 'too late', null, T0 + 2);
    const event = getCapiEvent(db, 'L1', 'contacted');
    assert.deepEqual(
      [event?.state, event?.failures, event?.eventsReceived, event?.fbtraceId, event?.reason],
      ['sent', 2, 1, 'Atrace', null],
    );
  });
});
