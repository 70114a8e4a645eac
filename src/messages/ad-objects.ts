import type { ProposalTarget } from '../rules/plan.js';

/** What each kind of proposal target is called in a sentence. */
export const AD_OBJECT_NOUNS: Record<ProposalTarget['type'], string> = {
  account: 'ad account',
  campaign: 'campaign',
  adset: 'ad set',
  ad: 'ad',
};
