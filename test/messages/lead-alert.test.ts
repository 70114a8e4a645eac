import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredLead } from '../../src/db/leads.js';
import { buildLeadAlert, leadDisplayName, leadSource, telLink } from '../../src/messages/lead-alert.js';
import { storedLeadFixture } from '../support/lead-fixtures.js';

const CREATED = Date.UTC(2026, 10, 29, 16, 30); // 10:30 AM in Chicago (CST)

function storedLead(extra: Partial<StoredLead> = {}): StoredLead {
  return storedLeadFixture('900001', {
    createdTime: CREATED,
    receivedAt: CREATED + 2000,
    answers: [
      { key: 'roof_type', label: 'What kind of roof?', value: 'Shingle' },
      { key: 'timeline', label: 'Timeline', value: '' },
    ],
    ...extra,
  });
}

function texts(blocks: ReturnType<typeof buildLeadAlert>['blocks']): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === 'section' && block.text) out.push(block.text.text);
    if (block.type === 'context') for (const e of block.elements) if ('text' in e) out.push(e.text);
  }
  return out;
}

/** The context line under the lead (source · time · lead id); the outcome buttons follow it. */
function contextText(lead: StoredLead, formName: string | null = null, timezone = 'America/Chicago'): string {
  const blocks = buildLeadAlert(lead, formName, timezone).blocks;
  assert.equal(blocks.at(-1)?.type, 'actions');
  const source = blocks.at(-2);
  assert.equal(source?.type, 'context');
  return texts(source ? [source] : [])[0] ?? '';
}

/** The outcome buttons every alert ends with, none highlighted. */
const BUTTONS = {
  type: 'actions',
  block_id: 'lead_outcome',
  elements: [
    ['lead_contacted', 'Contacted'],
    ['lead_qualified', 'Qualified'],
    ['lead_signed', 'Signed case'],
    ['lead_junk', 'Junk'],
  ].map(([action_id, text]) => ({
    type: 'button',
    action_id,
    text: { type: 'plain_text', text, emoji: true },
    value: '900001',
  })),
};

describe('telLink', () => {
  test('a readable number becomes a dialable tel: link with the original label', () => {
    assert.equal(telLink('+1 (713) 555-0142'), '<tel:+17135550142|+1 (713) 555-0142>');
    assert.equal(telLink('713.555.0142'), '<tel:7135550142|713.555.0142>');
  });

  test('too short to dial → plain, escaped text', () => {
    assert.equal(telLink('555-01'), '555-01');
    assert.equal(telLink('ext <12>'), 'ext &lt;12&gt;');
  });
});

describe('leadDisplayName and leadSource', () => {
  test('the name, or the lead id when there is none', () => {
    assert.equal(leadDisplayName({ id: '7', fullName: 'Ana' }), 'Ana');
    assert.equal(leadDisplayName({ id: '7', fullName: null }), 'Lead 7');
  });

  test('campaign › ad set › ad and the form; no ad at all', () => {
    assert.equal(
      leadSource(storedLead(), 'Quote'),
      'Storm Season › Houston Homeowners › Hail Video · form “Quote”',
    );
    assert.equal(
      leadSource(storedLead({ campaignName: null, adsetName: null, adName: null }), null),
      'No ad',
    );
  });
});

describe('buildLeadAlert', () => {
  test('a complete lead, exactly', () => {
    assert.deepEqual(buildLeadAlert(storedLead(), 'Free Roof Inspection', 'America/Chicago'), {
      text: 'New lead: Dana Whitfield · +1 (713) 555-0142',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':rotating_light: *New lead: Dana Whitfield*\n:telephone_receiver: <tel:+17135550142|+1 (713) 555-0142>   :email: <mailto:dana@example.com|dana@example.com>',
          },
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*What kind of roof?*\nShingle\n*Timeline*\n—' },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Storm Season › Houston Homeowners › Hail Video · form “Free Roof Inspection” · Nov 29, 10:30 AM CST · lead 900001',
            },
          ],
        },
        BUTTONS,
      ],
    });
  });

  test('no contact and no answers → just the headline and the context', () => {
    const alert = buildLeadAlert(
      storedLead({ phone: null, email: null, answers: [], fullName: null }),
      null,
      'America/Chicago',
    );
    assert.equal(alert.text, 'New lead: Lead 900001');
    assert.deepEqual(texts(alert.blocks), [
      ':rotating_light: *New lead: Lead 900001*',
      'Storm Season › Houston Homeowners › Hail Video · Nov 29, 10:30 AM CST · lead 900001',
    ]);
  });

  test('an e-mail that is not an address is shown as escaped text, not a mailto link', () => {
    const [headline] = texts(
      buildLeadAlert(storedLead({ phone: null, email: 'call me <maybe>' }), null, 'UTC').blocks,
    );
    assert.equal(headline, ':rotating_light: *New lead: Dana Whitfield*\n:email: call me &lt;maybe&gt;');
  });

  test('an unreadable lead shows the warning with the reason', () => {
    const lead = storedLead({
      state: 'unreadable',
      readError: 'Lead <1> & co not found',
      fullName: null,
      phone: null,
      email: null,
      answers: [],
      adName: null,
      adsetName: null,
      campaignName: null,
      campaignId: null,
    });
    assert.deepEqual(texts(buildLeadAlert(lead, null, 'America/Chicago').blocks), [
      ':rotating_light: *New lead: Lead 900001*',
      ':warning: LeadOps could not read this lead’s details from Meta: Lead &lt;1&gt; &amp; co not found. Open it in Meta’s Leads Center.',
      'No ad · Nov 29, 10:30 AM CST · lead 900001',
    ]);
    assert.match(
      texts(buildLeadAlert({ ...lead, readError: null }, null, 'UTC').blocks)[1] ?? '',
      /from Meta: unknown reason\. Open it/,
    );
  });

  test('an organic submission is flagged', () => {
    assert.equal(
      contextText(
        storedLead({ isOrganic: true, adId: null, adName: null, adsetName: null, campaignName: null }),
      ),
      'No ad · Nov 29, 10:30 AM CST · organic submission · lead 900001',
    );
  });

  test('a lead from no ad that is not organic is a test submission (once read)', () => {
    const testLead = storedLead({ adId: null, adName: null, adsetName: null, campaignName: null });
    assert.equal(contextText(testLead), 'No ad · Nov 29, 10:30 AM CST · test submission · lead 900001');
    assert.equal(
      contextText({ ...testLead, state: 'notified' }),
      'No ad · Nov 29, 10:30 AM CST · lead 900001',
      'not yet read: unknown, so not flagged',
    );
    assert.doesNotMatch(contextText(storedLead()), /submission/);
  });

  test('names and other Meta text with < > & are escaped', () => {
    const lead = storedLead({
      fullName: '<!channel> Tom & Jerry',
      campaignName: 'A&B <test>',
      answers: [{ key: 'q', label: 'Budget > $5k?', value: '<yes> & more' }],
    });
    const alert = buildLeadAlert(lead, 'Form <1>', 'America/Chicago');
    assert.deepEqual(texts(alert.blocks), [
      ':rotating_light: *New lead: &lt;!channel&gt; Tom &amp; Jerry*\n:telephone_receiver: <tel:+17135550142|+1 (713) 555-0142>   :email: <mailto:dana@example.com|dana@example.com>',
      '*Budget &gt; $5k?*\n&lt;yes&gt; &amp; more',
      'A&amp;B &lt;test&gt; › Houston Homeowners › Hail Video · form “Form &lt;1&gt;” · Nov 29, 10:30 AM CST · lead 900001',
    ]);
  });

  test('the created time is shown in the account’s time zone', () => {
    assert.match(contextText(storedLead(), null, 'America/Chicago'), / · Nov 29, 10:30 AM CST · /);
    assert.match(contextText(storedLead(), null, 'America/New_York'), / · Nov 29, 11:30 AM EST · /);
    assert.match(contextText(storedLead(), null, 'UTC'), / · Nov 29, 4:30 PM UTC · /);
    assert.match(contextText(storedLead({ createdTime: null }), null, 'UTC'), / · time unknown · /);
  });

  test('long answers are cut to fit a section', () => {
    const answers = Array.from({ length: 40 }, (_, i) => ({
      key: `q${i}`,
      label: `Question ${i}`,
      value: 'x'.repeat(100),
    }));
    const [, answerText] = texts(buildLeadAlert(storedLead({ answers }), null, 'UTC').blocks);
    assert.equal(answerText?.length, 2900);
  });
});
