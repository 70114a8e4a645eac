import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredLead } from '../../src/db/leads.js';
import { buildLeadListReply } from '../../src/messages/lead-list.js';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../src/messages/reply.js';
import { storedLeadFixture } from '../support/lead-fixtures.js';

const CREATED = Date.UTC(2026, 10, 29, 16, 30); // Nov 29, 10:30 AM CST

function storedLead(id: string, extra: Partial<StoredLead> = {}): StoredLead {
  return storedLeadFixture(id, { createdTime: CREATED, receivedAt: CREATED, ...extra });
}

type Blocks = ReturnType<typeof buildLeadListReply>['blocks'];

function sectionTexts(blocks: Blocks): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

describe('buildLeadListReply', () => {
  test('an empty list, exactly', () => {
    assert.deepEqual(buildLeadListReply('Today’s leads', [], 'America/Chicago'), {
      visibility: 'ephemeral',
      text: 'Today’s leads: none',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Today’s leads', emoji: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'No leads match.' }] },
      ],
    });
  });

  test('two leads, exactly, private to the asker', () => {
    const leads = [
      storedLead('2'),
      storedLead('1', {
        fullName: null,
        phone: null,
        email: 'x<y>@example.com',
        campaignName: null,
        createdTime: null,
      }),
    ];
    assert.deepEqual(buildLeadListReply('Latest 10 leads', leads, 'America/Chicago'), {
      visibility: 'ephemeral',
      text: 'Latest 10 leads: 2',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Latest 10 leads', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*Dana Whitfield* <tel:+17135550142|+1 (713) 555-0142> · dana@example.com\nNov 29, 10:30 AM CST · Storm Season\n' +
              '*Lead 1* x&lt;y&gt;@example.com\n',
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: '2 shown, newest first · times in America/Chicago' }],
        },
      ],
    });
  });

  test('a purged lead shows the retention note instead of a name', () => {
    const purged = storedLead('3', { fullName: null, phone: null, email: null, purgedAt: CREATED + 1 });
    const [text] = sectionTexts(buildLeadListReply('Latest 1 leads', [purged], 'America/Chicago').blocks);
    assert.equal(text, '_(personal data removed by retention)_ \nNov 29, 10:30 AM CST · Storm Season');
  });

  test('names are escaped', () => {
    const [text] = sectionTexts(
      buildLeadListReply('t', [storedLead('4', { fullName: '<!here> A&B', phone: null, email: null })], 'UTC')
        .blocks,
    );
    assert.equal(text, '*&lt;!here&gt; A&amp;B* \nNov 29, 4:30 PM UTC · Storm Season');
  });

  test('50 long leads: at most 50 blocks, sections within Slack’s limit', () => {
    const leads = Array.from({ length: 50 }, (_, i) =>
      storedLead(String(i), {
        fullName: `Customer ${i} ${'with a very long name '.repeat(8)}`,
        email: `customer.${i}.${'long'.repeat(20)}@example.com`,
        campaignName: `Campaign ${'Storm Season Houston Metro '.repeat(12)}`,
      }),
    );
    const reply = buildLeadListReply('Latest 50 leads', leads, 'America/Chicago');
    assert.ok(reply.blocks.length <= MAX_BLOCKS, `${reply.blocks.length} blocks`);
    for (const text of sectionTexts(reply.blocks)) assert.ok(text.length <= MAX_SECTION_TEXT);
    const all = sectionTexts(reply.blocks).join('\n');
    for (let i = 0; i < 50; i++) assert.ok(all.includes(`*Customer ${i} with`), `lead ${i} listed`);
    assert.equal(reply.text, 'Latest 50 leads: 50');
  });

  test('50 leads whose lines each need their own section: every lead counted as shown is shown', () => {
    // A lead line over half a section long (a very long free-text name) puts one lead per section.
    const leads = Array.from({ length: 50 }, (_, i) =>
      storedLead(String(i), { fullName: `Customer ${i} ${'x'.repeat(1600)}` }),
    );
    const reply = buildLeadListReply('Latest 50 leads', leads, 'America/Chicago');
    assert.ok(reply.blocks.length <= MAX_BLOCKS, `${reply.blocks.length} blocks`);
    const shown = sectionTexts(reply.blocks).join('\n').split('*Customer ').length - 1;
    assert.deepEqual(reply.blocks.at(-1), {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${shown} shown, newest first · times in America/Chicago` }],
    });
  });
});
