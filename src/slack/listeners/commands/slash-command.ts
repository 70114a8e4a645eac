import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Account } from '../../../accounts/account.js';
import { answerInTime } from '../../../commands/answer-in-time.js';
import { runCommand } from '../../../commands/index.js';
import type { Services, SlashCommand } from '../../../commands/types.js';

/**
 * Ack at once (Slack's 3 s), run the command, answer through `response_url`: when Meta throttles
 * or is slow, a note first and the answer after (src/commands/answer-in-time.ts).
 */
export function slashCommandListener(command: SlashCommand, services: Services) {
  return async ({ command: payload, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const invocation = {
      userId: payload.user_id,
      channelId: payload.channel_id,
      channelName: payload.channel_name ?? null,
      text: payload.text,
    };
    await answerInTime(
      (onWait) =>
        runCommand(
          command,
          invocation,
          // This person's Graph calls report Meta's waits, so the note can go at once.
          { ...services, adAccountOf: (account: Account) => services.adAccountOf(account).watched(onWait) },
        ),
      (reply) =>
        respond({ response_type: reply.visibility, text: reply.text, blocks: reply.blocks }).then(() => {}),
      { clock: services.clock },
    );
  };
}
