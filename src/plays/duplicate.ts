// `/adsets duplicate <ad set name or id> <daily budget>`: which ad set, at what budget, and the
// proposal's draft — a deep copy of it (Meta's /copies) at that budget, turned on once approved.
import type { Account } from '../accounts/account.js';
import { formatDateRange, type LocalDate } from '../dates/calendar.js';
import { resolvePreset } from '../dates/ranges.js';
import type { AdAccount, AdSetState } from '../meta/ad-account.js';
import { formatMoney, type Minor } from '../money.js';
import { isProtected, type ProposalDraft } from '../rules/plan.js';
import type { Figures } from '../rules/types.js';

/** The window whose figures the proposal shows for the ad set being copied. */
export const DUPLICATE_WINDOW = 'last_7d';

/** The ad set a person named: its id, or its exact name in any case. */
export function findAdSet(
  adsets: readonly AdSetState[],
  query: string,
): { adset: AdSetState } | { problem: string } {
  const wanted = query.trim();
  const byId = adsets.find((a) => a.id === wanted);
  if (byId) return { adset: byId };
  const named = adsets.filter((a) => a.name.toLowerCase() === wanted.toLowerCase());
  if (named.length === 1 && named[0]) return { adset: named[0] };
  if (named.length > 1)
    return {
      problem: `${named.length} ad sets are named “${wanted}”: give the id of the one to copy (${named.map((a) => a.id).join(', ')}).`,
    };
  return { problem: `No ad set “${wanted}” in this ad account (its name as in Ads Manager, or its id).` };
}

/** Why this ad set cannot be copied at this budget, or null. */
export function duplicateProblem(
  adset: AdSetState,
  budget: Minor,
  guard: { protected: readonly string[]; ceiling: Minor | null; currency: Account['currency'] },
): string | null {
  if (budget <= 0) return 'The daily budget must be more than zero.';
  if (guard.ceiling !== null && budget > guard.ceiling)
    return `${formatMoney(budget, guard.currency)}/day is above MAX_DAILY_BUDGET (${formatMoney(guard.ceiling, guard.currency)}/day).`;
  if (isProtected(guard.protected, adset.id, adset.name, adset.campaignId))
    return `“${adset.name}” or its campaign is PROTECTED: LeadOps proposes no change to it.`;
  if (adset.status === 'DELETED' || adset.status === 'ARCHIVED')
    return `“${adset.name}” is ${adset.status}: there is nothing to copy.`;
  if (adset.dailyBudgetCents === null)
    return `“${adset.name}” has no daily budget of its own (a lifetime budget, or the campaign's Advantage budget): LeadOps copies ad sets with a daily budget — copy this one in Ads Manager.`;
  return null;
}

/**
 * The proposal: its target the ad set copied (the copy has no id until Meta makes it), `before`
 * the original's status and budget, `after` the copy's — ACTIVE at the budget given.
 */
export async function draftDuplicate(input: {
  adAccount: Pick<AdAccount, 'insights' | 'campaigns'>;
  adset: AdSetState;
  budget: Minor;
  userId: string;
  today: LocalDate;
}): Promise<ProposalDraft> {
  const { adset, budget } = input;
  const range = resolvePreset(DUPLICATE_WINDOW, input.today);
  const rows = (
    await input.adAccount.insights({ level: 'adset', since: range.since, until: range.until })
  ).filter((row) => row.objectId === adset.id);
  let campaignName = rows.find((row) => row.campaignName)?.campaignName ?? null;
  if (!campaignName) {
    const [campaign] = await input.adAccount.campaigns([adset.campaignId]);
    campaignName = campaign?.name ?? adset.campaignId;
  }
  const figures: Figures = {
    window: DUPLICATE_WINDOW,
    since: range.since,
    until: range.until,
    spendCents: rows.reduce((sum, row) => sum + row.spendCents, 0),
    impressions: rows.reduce((sum, row) => sum + row.impressions, 0),
    leads: rows.reduce((sum, row) => sum + row.leads, 0),
    frequency: rows.length === 1 ? (rows[0]?.frequency ?? null) : null,
  };
  return {
    rule: '/adsets',
    alsoRules: [],
    adsetId: adset.id,
    adsetName: adset.name,
    campaignId: adset.campaignId,
    campaignName,
    target: { type: 'adset', id: adset.id, name: adset.name },
    action: 'duplicate',
    before: { status: adset.status, dailyBudgetCents: adset.dailyBudgetCents },
    after: { status: 'ACTIVE', dailyBudgetCents: budget },
    reason: `<@${input.userId}> asked for a copy with /adsets duplicate; the figures are the original's over the last 7 days (${formatDateRange(range.since, range.until)})`,
    figures,
    urgent: false,
    severity: null,
  };
}
