import type { Clock } from '../clock.js';
import type { MessageRef, Messenger } from '../messages/messenger.js';
import { renderReply } from './render.js';

/** The terminal's own `MessageRef`: `<time.sequence>@<channel>` (a channel name has no `@`). */
function terminalRef(id: string, channel: string): MessageRef {
  return `${id}@${channel}` as MessageRef;
}

function channelOfRef(ref: MessageRef): string {
  const at = ref.indexOf('@');
  if (at < 0) throw new Error(`not a terminal message reference: ${ref}`);
  return ref.slice(at + 1);
}

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
      const id = `${Math.floor(clock.nowMilliseconds() / 1000)}.${String(++sequence).padStart(6, '0')}`;
      print(`posted in ${channel}`, renderReply({ visibility: 'in_channel', ...message }));
      return terminalRef(id, channel);
    },
    async update(ref, message) {
      print(`message in ${channelOfRef(ref)} updated`, renderReply({ visibility: 'in_channel', ...message }));
    },
    async postEphemeral(channel, _user, message) {
      print(`in ${channel}, only for you`, renderReply({ visibility: 'ephemeral', ...message }));
    },
    async uploadFile(channel, file) {
      print(`file in ${channel}`, `${file.title} (${file.filename}, ${file.bytes.length} bytes)\n`);
    },
    // The terminal keeps no history: nothing posted before a restart can be found again.
    async findPosted() {
      return null;
    },
    channelOf: channelOfRef,
  };
}
