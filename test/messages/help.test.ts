import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CPL_USAGE } from '../../src/commands/cpl.js';
import { COMMANDS } from '../../src/commands/index.js';
import { LEADOPS_USAGE } from '../../src/commands/leadops.js';
import { buildHelpReply } from '../../src/messages/help.js';

describe('buildHelpReply', () => {
  test('one section per command with its usage lines as code', () => {
    assert.deepEqual(
      buildHelpReply([
        { name: 'cpl', usage: '/cpl [range]\ne.g. /cpl last_7d', summary: 'cost per lead' },
        { name: 'leadops', usage: '/leadops help', summary: 'this help' },
      ]),
      {
        visibility: 'ephemeral',
        text: 'LeadOps commands: /cpl, /leadops',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'LeadOps — what you can ask', emoji: true } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: '*/cpl* — cost per lead\n`/cpl [range]`\n`e.g. /cpl last_7d`' },
          },
          { type: 'section', text: { type: 'mrkdwn', text: '*/leadops* — this help\n`/leadops help`' } },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: 'Money is in each ad account’s own currency, dates are its local dates.',
              },
            ],
          },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: 'LeadOps’ Home tab (open LeadOps in the sidebar): your open leads and their clocks, leads waiting for an owner, proposals waiting for a decision (approvers), each account’s health.',
              },
            ],
          },
        ],
      },
    );
  });

  test('the registry’s help lists every command and every usage line', () => {
    const reply = buildHelpReply(COMMANDS);
    assert.equal(reply.text, `LeadOps commands: ${COMMANDS.map((c) => `/${c.name}`).join(', ')}`);
    assert.match(reply.text, /\/cpl, .*\/leadops$/);
    assert.equal(reply.blocks.length, COMMANDS.length + 3);
    const cpl = reply.blocks[1];
    assert.ok(cpl?.type === 'section' && cpl.text);
    assert.equal(
      cpl.text.text,
      `*/cpl* — spend, leads and cost per lead, total and per campaign (or ad set)\n${CPL_USAGE.split('\n')
        .map((l) => `\`${l}\``)
        .join('\n')}`,
    );
    assert.deepEqual(reply.blocks.at(-3), {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*/leadops* — this help, and the ad accounts LeadOps serves\n${LEADOPS_USAGE.split('\n')
          .map((l) => `\`${l.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}\``)
          .join('\n')}`,
      },
    });
  });

  test('no usage line says the summary again', () => {
    for (const command of COMMANDS) {
      const opening = command.summary.toLowerCase().split(/\s+/).slice(0, 3).join(' ');
      for (const line of command.usage.split('\n'))
        assert.ok(!line.toLowerCase().startsWith(opening), `/${command.name}: “${line}”`);
    }
  });
});
