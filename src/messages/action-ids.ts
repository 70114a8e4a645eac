/**
 * Every interactive element's `action_id`, in one place: the block builders put them on
 * buttons and the listeners in listeners/actions/ register for them. Button values carry
 * only the proposal id.
 */
export const ACTION_IDS = {
  approveProposal: 'proposal_approve',
  rejectProposal: 'proposal_reject',
  undoProposal: 'proposal_undo',
  /** Lead alerts' outcome buttons; their value is the lead id. */
  leadContacted: 'lead_contacted',
  leadQualified: 'lead_qualified',
  leadSigned: 'lead_signed',
  leadJunk: 'lead_junk',
  /** `Claim` on a lead alert (and the assignee's DM): the clicker owns the lead; value: the lead id. */
  claimLead: 'lead_claim',
} as const;

/** Modals' `callback_id`s; the listeners in listeners/views/ register for them. */
export const VIEW_IDS = {
  signedCase: 'lead_signed_case',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];
