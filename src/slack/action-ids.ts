/**
 * Every interactive element's `action_id`, in one place: the block builders put them on
 * buttons and the listeners in listeners/actions/ register for them. Button values carry
 * only the proposal id.
 */
export const ACTION_IDS = {
  approveProposal: 'proposal_approve',
  rejectProposal: 'proposal_reject',
  undoProposal: 'proposal_undo',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];
