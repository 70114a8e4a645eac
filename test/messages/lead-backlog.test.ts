import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLeadBacklogNotice } from '../../src/messages/lead-backlog.js';

test('the backlog notice says how many leads are coming, at what pace, in what order', () => {
  assert.deepEqual(buildLeadBacklogNotice(37), {
    text: "37 leads from Meta's redelivery are on their way",
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ":inbox_tray: *37 leads from Meta's redelivery are on their way* — posted here at Slack's pace (about one a second), oldest first.",
        },
      },
    ],
  });
});
