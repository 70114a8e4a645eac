import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { runCommand } from '../../../commands/index.js';
import type { Services, SlashCommand } from '../../../commands/types.js';

/** Ack at once (Slack's 3 s), run the command, answer through `response_url`. */
export function slashCommandListener(command: SlashCommand, services: Services) {
  return async ({ command: payload, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const reply = await runCommand(
      command,
      {
        userId: payload.user_id,
        channelId: payload.channel_id,
        channelName: payload.channel_name ?? null,
        text: payload.text,
      },
      services,
    );
    await respond({ response_type: reply.visibility, text: reply.text, blocks: reply.blocks });
  };
}
