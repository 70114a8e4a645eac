import { createInterface } from 'node:readline';
import type { Account } from '../accounts/account.js';
import type { ClickAction } from '../approvals/desk.js';
import { answerInTime } from '../commands/answer-in-time.js';
import { findCommand, runCommand } from '../commands/index.js';
import type { Services } from '../commands/types.js';
import { runOutcomeCommand } from '../conversions/terminal.js';
import { runClaimCommand } from '../speed/terminal.js';
import { mrkdwnToText, renderReply, TERMINAL_USER } from './render.js';

export interface TerminalChat {
  /** Shows the prompt again after something the bot posted on its own (a lead alert), unless a line is being answered. */
  promptAgain(): void;
  close(): void;
}

export interface TerminalOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  services: Services;
  /** Called on `exit`, `quit` or end of input. */
  onExit: () => void;
}

export { TERMINAL_USER };

/** The Slack conversation without Slack: type a slash command, read what the bot would post. */
export function startTerminalChat({ input, output, services, onExit }: TerminalOptions): TerminalChat {
  const prompt = 'leadops> ';
  const lines = createInterface({
    input,
    output,
    terminal: Boolean((output as { isTTY?: boolean }).isTTY),
    prompt,
  });
  const write = (text: string) => output.write(text);

  // Lines are answered one after another, even when pasted or piped in all at once.
  let queue = Promise.resolve();
  let answering = 0;
  lines.on('line', (raw) => {
    answering += 1;
    queue = queue.then(async () => {
      const line = raw.trim();
      if (line === 'exit' || line === 'quit') return lines.close();
      if (line !== '') write(await answer(line));
      answering -= 1;
      lines.prompt();
    });
  });
  lines.on('close', () => {
    queue = queue.then(onExit);
  });
  lines.prompt();

  async function answer(line: string): Promise<string> {
    // `approve 3`, `reject 3`, `undo 3`: the proposal buttons, through the same desk as Slack's clicks.
    const click = /^(approve|reject|undo)\s+#?(\d+)$/i.exec(line);
    if (click) {
      const action = (click[1] ?? '').toLowerCase() as ClickAction;
      const proposalId = Number(click[2]);
      const outcome = await services.approvals.click({ proposalId, userId: TERMINAL_USER, action });
      if (outcome.kind !== 'finished') return '';
      // An undo is a proposal of its own: its `applied` means the change was undone.
      const { kind, status } = outcome.proposal;
      const said = kind === 'undo' ? (status === 'applied' ? 'undone' : `undo ${status}`) : status;
      return `Proposal #${proposalId}: ${said}.\n`;
    }
    // `contacted 12`, `qualify 12`, `sign 12 5000`, `junk 12`: a lead alert's buttons, as Slack's clicks record them.
    const marked = await runOutcomeCommand(services, line, TERMINAL_USER);
    if (marked !== null) return `${mrkdwnToText(marked)}\n`;
    // `claim 12`: the alert's Claim button, through the same function as Slack's click.
    const claimed = await runClaimCommand(services, line, TERMINAL_USER);
    if (claimed !== null) return `${mrkdwnToText(claimed)}\n`;
    // `home`: the App Home tab as Slack would show it to the terminal's user.
    if (line.toLowerCase() === 'home')
      return renderReply({
        visibility: 'in_channel',
        text: '',
        blocks: services.home.view(TERMINAL_USER).blocks,
      });
    const [name = '', ...rest] = line.split(/\s+/);
    const command = name.startsWith('/') ? findCommand(name) : undefined;
    if (!command) return `Unknown command “${name}”. Try /leadops help.\n`;
    // As in Slack: when Meta throttles or is slow, the note first, then the answer.
    await answerInTime(
      (onWait) =>
        runCommand(
          command,
          { userId: TERMINAL_USER, channelId: null, channelName: null, text: rest.join(' ') },
          { ...services, adAccountOf: (account: Account) => services.adAccountOf(account).watched(onWait) },
        ),
      async (reply) => {
        write(renderReply(reply));
      },
      { clock: services.clock },
    );
    return '';
  }

  return {
    promptAgain: () => {
      if (answering === 0) lines.prompt();
    },
    close: () => lines.close(),
  };
}
