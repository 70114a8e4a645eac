import type { Clock } from '../clock.js';
import type { Messenger } from '../messages/messenger.js';
import { renderReply } from './render.js';

/**
 * In the terminal demo, what would be posted in a channel is printed under the channel's name;
 * `afterPrint` then shows the chat's prompt again.
 */
export function terminalMessenger(
  output: NodeJS.WritableStream,
  clock: Clock,
  afterPrint: () => void = () => {},
): Messenger {
  let sequence = 0;
  const print = (title: string, body: string) => {
    output.write(`\n── ${title} ──\n${body}`);
    afterPrint();
  };
  return {
    async post(channel, message) {
      const ts = `${Math.floor(clock.nowMilliseconds() / 1000)}.${String(++sequence).padStart(6, '0')}`;
      print(`posted in ${channel}`, renderReply({ visibility: 'in_channel', ...message }));
      return { channel, ts };
    },
    async update(posted, message) {
      print(`message in ${posted.channel} updated`, renderReply({ visibility: 'in_channel', ...message }));
    },
    async postEphemeral(channel, _user, message) {
      print(`in ${channel}, only for you`, renderReply({ visibility: 'ephemeral', ...message }));
    },
    async uploadFile(channelId, file) {
      print(`file in ${channelId}`, `${file.title} (${file.filename}, ${file.bytes.length} bytes)\n`);
    },
  };
}
