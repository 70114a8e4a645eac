import type { FlaggedAd } from '../../meta/account-health.js';
import { errorOf, valueOrNull, type WatchdogCheck } from '../check.js';
import { CHECK_DEFINITIONS } from '../settings.js';
import type { CheckResult, Condition } from '../types.js';

const DISAPPROVED_FIX =
  'Edit the ad to meet the policy (it goes back to review), or request another review in Account Quality ' +
  '(business.facebook.com/accountquality) if Meta got it wrong. Its budget flows to the ad set’s other ads meanwhile.';
const ISSUES_FIX =
  'Open the ad in Ads Manager: the issue (creative, form, destination) is shown on it. The ad may deliver less until fixed.';

/**
 * Ads Meta's review has flagged: one condition per ad, so each newly disapproved ad is told once,
 * named, with Meta's feedback; it ends when the ad passes review (or is deleted).
 * `ads` null: Meta did not answer (held). `campaignNames` names the campaign where known.
 */
export function evaluateAds(
  ads: readonly FlaggedAd[] | null,
  campaignNames: ReadonlyMap<string, string>,
): CheckResult {
  if (ads === null)
    return { check: 'ads', state: 'unknown', summary: 'Meta did not answer.', conditions: [] };
  const conditions: Condition[] = ads.map((ad) => {
    const disapproved = ad.effectiveStatus === 'DISAPPROVED';
    const campaign = ad.campaignId ? campaignNames.get(ad.campaignId) : undefined;
    const where = campaign ? ` in “${campaign}”` : '';
    const feedback = ad.feedback.length > 0 ? ` Meta’s review: ${ad.feedback.join(' · ')}` : '';
    return {
      key: `ad:${ad.id}`,
      level: ad.effectiveStatus,
      title: disapproved
        ? `Meta disapproved the ad “${ad.name}”`
        : `The ad “${ad.name}” has issues (WITH_ISSUES)`,
      detail: `Ad ${ad.id}${where}.${feedback}`,
      fix: disapproved ? DISAPPROVED_FIX : ISSUES_FIX,
    };
  });
  const disapproved = ads.filter((ad) => ad.effectiveStatus === 'DISAPPROVED').length;
  const issues = ads.length - disapproved;
  const summary =
    ads.length === 0
      ? 'No ad disapproved or with issues.'
      : `${disapproved} disapproved, ${issues} with issues: ${ads.map((ad) => `“${ad.name}”`).join(', ')}.`;
  return { check: 'ads', state: ads.length > 0 ? 'alert' : 'ok', summary, conditions };
}

export const adsCheck: WatchdogCheck = {
  name: 'ads',
  definition: CHECK_DEFINITIONS.ads,
  async evaluate(context) {
    // The 14 days are read for the CPL check; when it runs they also name campaigns idle today.
    const [flagged, today, trailing] = await Promise.all([
      context.flaggedAds(),
      context.todayFigures(),
      context.enabled('cpl') ? context.trailingFigures() : null,
    ]);
    const rows = [...((trailing && valueOrNull(trailing)) ?? []), ...(valueOrNull(today) ?? [])];
    const names = new Map(rows.map((row) => [row.campaignId, row.name]));
    return { result: evaluateAds(valueOrNull(flagged), names), error: errorOf(flagged) };
  },
};
