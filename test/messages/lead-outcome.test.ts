import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutcomeResult } from '../../src/conversions/outcome-result.js';
import type { StoredLead } from '../../src/db/leads.js';
import { buildLeadAlert } from '../../src/messages/lead-alert.js';
import {
  buildCapiFailureNotice,
  buildCapiRetryNotice,
  capiStatusText,
  describeOutcomeResult,
  outcomeButtons,
  outcomeStatusText,
} from '../../src/messages/lead-outcome.js';
import { buildSignedCaseModal, parseSignedCaseContext } from '../../src/messages/signed-case-modal.js';
import { storedLeadFixture } from '../support/lead-fixtures.js';

const CREATED = Date.UTC(2026, 10, 29, 16, 30); // 10:30 AM in Chicago

const LEAD: StoredLead = storedLeadFixture('900001', {
  createdTime: CREATED,
  receivedAt: CREATED + 2000,
  phone: null,
  email: null,
});

describe('the lead alert with its outcome', () => {
  test('the number on the headline, the current outcome, then the buttons with it highlighted, exactly', () => {
    const alert = buildLeadAlert(LEAD, null, 'America/Chicago', {
      number: 12,
      outcome: {
        outcome: 'signed',
        userId: 'U0ANA',
        at: CREATED + 3_600_000,
        valueCents: 750_000,
        currency: 'USD',
      },
      capi: { kind: 'sent', eventName: 'SignedCase' },
    });
    assert.equal(alert.text, 'New lead: Dana Whitfield');
    assert.deepEqual(alert.blocks, [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ':rotating_light: *New lead: Dana Whitfield* · #12' },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Storm Season › Houston Homeowners › Hail Video · Nov 29, 10:30 AM CST · lead 900001',
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: ':white_check_mark: *Signed case ($7,500.00)* by <@U0ANA> · Nov 29, 11:30 AM CST · sent to Meta as SignedCase',
          },
        ],
      },
      {
        type: 'actions',
        block_id: 'lead_outcome',
        elements: [
          ['lead_contacted', 'Contacted', undefined],
          ['lead_qualified', 'Qualified', undefined],
          ['lead_signed', 'Signed case', 'primary'],
          ['lead_junk', 'Junk', undefined],
        ].map(([action_id, text, style]) => ({
          type: 'button',
          action_id,
          text: { type: 'plain_text', text, emoji: true },
          value: '900001',
          ...(style ? { style } : {}),
        })),
      },
    ]);
  });

  test('junk is highlighted as danger', () => {
    const block = outcomeButtons('7', 'junk') as { elements: { style?: string }[] };
    assert.deepEqual(
      block.elements.map((e) => e.style),
      [undefined, undefined, undefined, 'danger'],
    );
  });

  test('what became of the event at Meta, in words', () => {
    assert.equal(
      capiStatusText({ kind: 'off' }),
      'Conversions API off (no META_PIXEL_ID): recorded in LeadOps only',
    );
    assert.equal(capiStatusText({ kind: 'not_sent' }), 'not sent to Meta');
    assert.equal(
      capiStatusText({ kind: 'sending', eventName: 'Contacted', failures: 0 }),
      'sending Contacted to Meta…',
    );
    assert.equal(
      capiStatusText({ kind: 'sending', eventName: 'Contacted', failures: 3 }),
      ':warning: Meta is not taking Contacted yet (3 tries); LeadOps keeps trying',
    );
    assert.equal(
      capiStatusText({ kind: 'failed', eventName: 'Contacted', reason: 'Bad <lead>' }),
      ':warning: Meta refused Contacted: Bad &lt;lead&gt;',
    );
    assert.equal(
      capiStatusText({ kind: 'refused', eventName: 'Contacted', reason: 'too old' }),
      ':warning: Contacted not sent to Meta: too old',
    );
  });
});

describe('thread notices', () => {
  test('a refused event names the event, the lead, Meta’s reason and its trace id', () => {
    assert.deepEqual(
      buildCapiFailureNotice({
        lead: '#12 Dana Whitfield',
        eventName: 'QualifiedLead',
        state: 'failed',
        reason: 'Invalid Lead: not eligible',
        fbtraceId: 'Atrace123',
      }),
      {
        text: 'Meta refused: QualifiedLead',
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: ':warning: Meta refused the Conversions API event *QualifiedLead* for lead #12 Dana Whitfield: Invalid Lead: not eligible',
            },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'fbtrace_id Atrace123' }] },
        ],
      },
    );
  });

  test('Meta not answering: the tries, the error, until when LeadOps keeps trying', () => {
    const notice = buildCapiRetryNotice({
      lead: '#3 Bo',
      eventName: 'Lead',
      failures: 5,
      error: 'Graph error 1: An unknown error has occurred.',
      until: 'Dec 6, 10:30 AM CST',
    });
    assert.match(
      JSON.stringify(notice.blocks),
      /Meta has not taken the Conversions API event \*Lead\* for lead #3 Bo after 5 tries \(Graph error 1: An unknown error has occurred\.\)\. LeadOps keeps trying until Dec 6, 10:30 AM CST/,
    );
  });
});

describe('describeOutcomeResult', () => {
  const entry = { id: 1, leadId: '900001', userId: 'U0ANA', recordedAt: CREATED };
  const recorded = (
    capi: 'queued' | 'off' | 'no_dataset' | 'not_sent',
    outcome: 'qualified' | 'junk' = 'qualified',
  ) =>
    ({
      kind: 'recorded',
      lead: LEAD,
      number: 12,
      entry: { ...entry, outcome, valueCents: null },
      currency: 'USD',
      capi,
    }) as OutcomeResult;

  test('each result in one sentence', () => {
    assert.equal(
      describeOutcomeResult(recorded('queued')),
      'Lead #12 Dana Whitfield: Qualified. Recorded, and on its way to Meta (Conversions API).',
    );
    assert.equal(
      describeOutcomeResult(recorded('off')),
      'Lead #12 Dana Whitfield: Qualified. Recorded in LeadOps; not sent to Meta: the Conversions API is off (META_PIXEL_ID is not set).',
    );
    assert.equal(
      describeOutcomeResult(recorded('not_sent', 'junk')),
      'Lead #12 Dana Whitfield: Junk. Recorded; Junk is not sent to Meta.',
    );
    assert.equal(
      describeOutcomeResult({
        kind: 'unchanged',
        lead: LEAD,
        number: 12,
        entry: { ...entry, outcome: 'signed', valueCents: 500_000 },
        currency: 'USD',
      }),
      'Lead #12 Dana Whitfield is already marked Signed case ($5,000.00) (by <@U0ANA>); nothing changed.',
    );
    assert.equal(describeOutcomeResult({ kind: 'no_lead' }), 'LeadOps has no such lead.');
  });

  test('in the lead’s account currency: yen without decimals, euros with theirs', () => {
    const signed = (valueCents: number, currency: string) =>
      describeOutcomeResult({
        kind: 'recorded',
        lead: LEAD,
        number: 12,
        entry: { ...entry, outcome: 'signed', valueCents },
        currency,
        capi: 'queued',
      });
    assert.equal(
      signed(500_000, 'JPY'),
      'Lead #12 Dana Whitfield: Signed case (¥500,000). Recorded, and on its way to Meta (Conversions API).',
    );
    assert.match(signed(1_250_050, 'EUR'), /Signed case \(€12,500\.50\)/);
    assert.equal(
      outcomeStatusText(
        { outcome: 'signed', userId: 'U0ANA', at: CREATED, valueCents: 9600, currency: 'JPY' },
        { kind: 'sent', eventName: 'SignedCase' },
        'Asia/Tokyo',
      ),
      ':white_check_mark: *Signed case (¥9,600)* by <@U0ANA> · Nov 30, 1:30 AM GMT+9 · sent to Meta as SignedCase',
    );
  });

  test('an account without a dataset: recorded, and said so', () => {
    assert.equal(
      describeOutcomeResult(recorded('no_dataset')),
      'Lead #12 Dana Whitfield: Qualified. Recorded in LeadOps; not sent to Meta: META_PIXEL_ID names no dataset for this lead’s ad account.',
    );
  });
});

describe('the signed-case modal', () => {
  test('asks the value in dollars, CASE_VALUE filled in; carries the lead and channel back', () => {
    const view = buildSignedCaseModal({
      context: { leadId: '900001', channel: 'C0LEADS' },
      leadName: 'Dana <W>',
      currency: 'USD',
      defaultCents: 500_000,
    });
    assert.equal(view.callback_id, 'lead_signed_case');
    assert.deepEqual(parseSignedCaseContext(view.private_metadata ?? ''), {
      leadId: '900001',
      channel: 'C0LEADS',
    });
    const text = JSON.stringify(view.blocks);
    assert.match(text, /\*Dana &lt;W&gt;\* signed/);
    assert.match(text, /"block_id":"case_value"/);
    assert.match(text, /"action_id":"case_value_input"/);
    assert.match(text, /"initial_value":"5,000.00"/);
    const noDefault = buildSignedCaseModal({
      context: { leadId: '1', channel: null },
      leadName: 'X',
      currency: 'USD',
      defaultCents: 0,
    });
    assert.doesNotMatch(JSON.stringify(noDefault.blocks), /initial_value/);
    assert.match(text, /"text":"Case value \(USD\)"/);
  });

  test('a yen account: the value asked in JPY, CASE_VALUE filled in without decimals', () => {
    const text = JSON.stringify(
      buildSignedCaseModal({
        context: { leadId: '900001', channel: null },
        leadName: 'Aiko',
        currency: 'JPY',
        defaultCents: 500_000,
      }).blocks,
    );
    assert.match(text, /"text":"Case value \(JPY\)"/);
    assert.match(text, /"initial_value":"500,000"/);
  });

  test('a lead of no account (several served): no value asked, the case recorded without one', () => {
    const view = buildSignedCaseModal({
      context: { leadId: '900001', channel: null },
      leadName: 'Walk-in',
      currency: null,
      defaultCents: 0,
    });
    assert.doesNotMatch(JSON.stringify(view.blocks), /case_value_input/);
    assert.match(JSON.stringify(view.blocks), /recorded without a value/);
    assert.equal(parseSignedCaseContext('not json'), null);
  });
});
