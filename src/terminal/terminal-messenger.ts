import type { Messenger } from '../slack/messenger.js';
import { renderReply } from './render.js';

/** In the terminal demo, a channel post is printed with the channel's name above it. */
export function terminalMessenger(output: NodeJS.WritableStream): Messenger {
  let sequence = 0;
  return {
    async post(channel, message) {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}`;
      output.write(`\n── posted in ${channel} ──\n${renderReply({ visibility: 'in_channel', ...message })}`);
      return { channel, ts };
    },
  };
}
