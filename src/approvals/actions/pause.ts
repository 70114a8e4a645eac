// Pause an ad, ad set or campaign (kill, fatigue, rotate; the undo of a resume or of a copy).

import { applyObjectChange } from './object-change.js';
import { draftOf, type ProposalActionKind } from './types.js';
import { changeObject, titleName } from './words.js';

export const pauseAction: ProposalActionKind = {
  action: 'pause',
  capped: true,
  withinCeiling: false,
  apply: (proposal, context) => applyObjectChange(proposal, context, { status: 'PAUSED' }),
  undo: (original) => ({
    ...draftOf(original),
    action: 'resume',
    before: original.after,
    after: original.before,
  }),
  words: {
    headline: (proposal) => `Pause ${titleName(proposal)}`,
    change: (proposal) => `pause the ${changeObject(proposal)} (${proposal.before.status} → PAUSED)`,
    confirmed: (proposal) => proposal.after.status,
  },
};
