import type { AdObjectType } from '../meta/ad-account.js';

/** What each kind of ad object is called in messages. */
export const AD_OBJECT_NOUNS: Record<AdObjectType, string> = {
  campaign: 'campaign',
  adset: 'ad set',
  ad: 'ad',
};
