import type { ChannelMessage } from './messenger.js';
import { section } from './text.js';

/**
 * Said once in a channel when many lead alerts wait for it (Meta redelivering a backlog after
 * an outage): how many are coming, and that they come at Slack's pace, oldest first.
 */
export function buildLeadBacklogNotice(waiting: number): ChannelMessage {
  const text = `${waiting} leads from Meta's redelivery are on their way`;
  return {
    text,
    blocks: [
      section(`:inbox_tray: *${text}* — posted here at Slack's pace (about one a second), oldest first.`),
    ],
  };
}
