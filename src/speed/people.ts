/**
 * What speed to lead asks Slack about people: whether a rep is still in the workspace
 * (`users.info`), and the DM channel with them (`conversations.open`). Implemented in
 * src/slack/slack-people.ts; the terminal demo reaches everyone.
 */
export interface People {
  /** False for someone who left the workspace (deleted); throws MessengerError when Slack cannot say. */
  isActive(userId: string): Promise<boolean>;
  /** The DM channel with the user; null when Slack refuses one; throws MessengerError when unreachable. */
  openDirectMessage(userId: string): Promise<string | null>;
}

/** The terminal demo's people: everyone is there, a DM is `@user`. */
export const terminalPeople: People = {
  isActive: async () => true,
  openDirectMessage: async (userId) => `@${userId}`,
};
