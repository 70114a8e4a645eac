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

/**
 * The stored form of a posted message (`channel/ts`, as the MessageRef of src/slack will be);
 * kept in `lead_speed.alert_ref` / `dm_ref`.
 */
export function storedRef(posted: { channel: string; ts: string }): string {
  return `${posted.channel}/${posted.ts}`;
}

export function postedOf(ref: string): { channel: string; ts: string } {
  const slash = ref.lastIndexOf('/');
  return { channel: ref.slice(0, slash), ts: ref.slice(slash + 1) };
}
