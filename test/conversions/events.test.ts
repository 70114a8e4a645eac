import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildServerEvent, LEAD_EVENT_SOURCE, leadIdValue } from '../../src/conversions/events.js';
import { eventIdOf, parseCapiSubject, stageRank, stagesFor } from '../../src/conversions/stages.js';
import type { CapiEvent } from '../../src/db/capi-events.js';
import { minorFromInput } from '../../src/money.js';

function event(extra: Partial<CapiEvent> = {}): CapiEvent {
  return {
    leadId: '1234567890123456',
    stage: 'qualified',
    eventName: 'QualifiedLead',
    eventId: '1234567890123456:qualified',
    eventTime: 1_796_000_000,
    valueCents: null,
    state: 'pending',
    failures: 0,
    lastError: null,
    eventsReceived: null,
    fbtraceId: null,
    messages: [],
    reason: null,
    retryReportedAt: null,
    failureReportedAt: null,
    createdAt: 0,
    finishedAt: null,
    ...extra,
  };
}

const PERSON = {
  leadId: '1234567890123456',
  fullName: 'Mary Smith',
  email: 'John_Smith@gmail.com',
  phone: '(650)555-1212',
};

describe('buildServerEvent: Meta’s Conversion Leads payload', () => {
  test('system_generated, crm, LeadOps, the lead id unhashed, the rest hashed, a stable event_id', () => {
    assert.deepEqual(buildServerEvent(event(), PERSON, '1', 'USD'), {
      event_name: 'QualifiedLead',
      event_time: 1_796_000_000,
      event_id: '1234567890123456:qualified',
      action_source: 'system_generated',
      user_data: {
        lead_id: 1234567890123456,
        em: ['62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f'],
        ph: ['e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'],
        fn: ['6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'],
        ln: ['6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd'],
        external_id: ['7a51d064a1a216a692f753fcdab276e4ff201a01d8b66f56d50d4d719fd0dc87'],
      },
      custom_data: { event_source: 'crm', lead_event_source: LEAD_EVENT_SOURCE },
    });
    assert.equal(LEAD_EVENT_SOURCE, 'LeadOps');
  });

  const signedEvent = (valueCents: number) =>
    event({
      stage: 'signed',
      eventName: 'SignedCase',
      eventId: eventIdOf(PERSON.leadId, 'signed'),
      valueCents,
    });

  test('a signed case carries its value in dollars and USD', () => {
    const signed = buildServerEvent(signedEvent(500_050), PERSON, '1', 'USD');
    assert.deepEqual(signed.custom_data, {
      event_source: 'crm',
      lead_event_source: 'LeadOps',
      value: 5000.5,
      currency: 'USD',
    });
    assert.equal(signed.event_id, '1234567890123456:signed');
  });

  test('in the lead’s account currency: euros in whole euros, yen as typed (no cents in yen)', () => {
    assert.deepEqual(
      buildServerEvent(signedEvent(minorFromInput('12,500.50', 'EUR') ?? 0), PERSON, '1', 'EUR').custom_data,
      { event_source: 'crm', lead_event_source: 'LeadOps', value: 12_500.5, currency: 'EUR' },
    );
    // `sign N 5000` in a yen account: 5000 yen is Meta's unit already, sent as value 5000.
    const yen = minorFromInput('5000', 'JPY');
    assert.equal(yen, 5000);
    assert.deepEqual(buildServerEvent(signedEvent(yen ?? 0), PERSON, '1', 'JPY').custom_data, {
      event_source: 'crm',
      lead_event_source: 'LeadOps',
      value: 5000,
      currency: 'JPY',
    });
  });

  test('a value without a currency (a lead of no account, several served) is not sent as a value', () => {
    assert.deepEqual(buildServerEvent(signedEvent(5000), PERSON, '1', null).custom_data, {
      event_source: 'crm',
      lead_event_source: 'LeadOps',
    });
  });

  test('a lead whose personal data was purged still matches on its lead id', () => {
    const purged = buildServerEvent(
      event(),
      { leadId: PERSON.leadId, fullName: null, email: null, phone: null },
      '1',
      'USD',
    );
    assert.deepEqual(Object.keys(purged.user_data), ['lead_id', 'external_id']);
  });

  test('lead ids beyond a safe JSON number stay exact, as digits', () => {
    assert.equal(leadIdValue('1234567890123456'), 1234567890123456);
    assert.equal(leadIdValue('9234567890123456789'), '9234567890123456789');
  });
});

describe('stages', () => {
  test('an outcome means every funnel stage before it; junk is only junk', () => {
    assert.deepEqual(stagesFor('contacted'), ['contacted']);
    assert.deepEqual(stagesFor('qualified'), ['contacted', 'qualified']);
    assert.deepEqual(stagesFor('signed'), ['contacted', 'qualified', 'signed']);
    assert.deepEqual(stagesFor('junk'), ['junk']);
  });

  test('lead, contacted, qualified, signed reach Meta in that order; junk after them', () => {
    const order = (['signed', 'junk', 'lead', 'qualified', 'contacted'] as const)
      .slice()
      .sort((a, b) => stageRank(a) - stageRank(b));
    assert.deepEqual(order, ['lead', 'contacted', 'qualified', 'signed', 'junk']);
  });

  test('outbox subjects round-trip; anything else is not one', () => {
    assert.deepEqual(parseCapiSubject('1234567890123456:signed'), {
      leadId: '1234567890123456',
      stage: 'signed',
    });
    assert.equal(parseCapiSubject('1234:won'), null);
    assert.equal(parseCapiSubject(':lead'), null);
  });
});
