// Turn an ad, ad set or campaign back on (the undo of a pause).
import { applyObjectChange } from './object-change.js';
import { draftOf, type ProposalActionKind } from './types.js';
import { changeObject, titleName } from './words.js';

export const resumeAction: ProposalActionKind = {
  action: 'resume',
  capped: true,
  withinCeiling: false,
  apply: (proposal, context) =>
    applyObjectChange(proposal, context, {
      status: proposal.after.status === 'PAUSED' ? 'PAUSED' : 'ACTIVE',
    }),
  undo: (original) => ({
    ...draftOf(original),
    action: 'pause',
    before: original.after,
    after: original.before,
  }),
  words: {
    headline: (proposal) => `Turn ${titleName(proposal)} back on`,
    change: (proposal) =>
      `turn the ${changeObject(proposal)} back on (${proposal.before.status} → ${proposal.after.status})`,
    confirmed: (proposal) => proposal.after.status,
  },
};
