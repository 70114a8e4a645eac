// Phrases the actions share: how a proposal names its object, budgets per day, a change in percent.
import type { Proposal } from '../../db/proposals.js';
import { escapeMrkdwn } from '../../messages/text.js';
import { type CurrencyCode, formatMoney, type Minor } from '../../money.js';

export const perDay = (amount: Minor | null, currency: CurrencyCode) =>
  amount === null ? '—' : `${formatMoney(amount, currency)}/day`;

export function percentChange(from: number, to: number): string {
  const pct = ((to - from) / from) * 100;
  const rounded = Math.abs(pct - Math.round(pct)) < 0.05 ? String(Math.round(pct)) : pct.toFixed(1);
  return `${pct > 0 ? '+' : ''}${rounded}%`;
}

/** In a title: `ad “A” in “Ad set”` or `“Ad set”`. */
export function titleName(proposal: Pick<Proposal, 'target' | 'adsetName'>): string {
  return proposal.target.type === 'ad'
    ? `ad “${escapeMrkdwn(proposal.target.name)}” in “${escapeMrkdwn(proposal.adsetName)}”`
    : `“${escapeMrkdwn(proposal.adsetName)}”`;
}

/** In a change line: `campaign`, `ad “A”`, `ad set`. */
export function changeObject(proposal: Pick<Proposal, 'target'>): string {
  return proposal.target.type === 'campaign'
    ? 'campaign'
    : proposal.target.type === 'ad'
      ? `ad “${escapeMrkdwn(proposal.target.name)}”`
      : 'ad set';
}

/** The Ads Manager page of an ad set (the `act=` digits are the account's). */
export function adsManagerAdSetUrl(accountId: string, adsetId: string): string {
  const act = accountId.replace(/^act_/, '');
  return `https://adsmanager.facebook.com/adsmanager/manage/adsets?act=${act}&selected_adset_ids=${adsetId}`;
}

/** The account's audiences in Ads Manager, where a new one is picked. */
export function audiencesUrl(accountId: string): string {
  return `https://adsmanager.facebook.com/adsmanager/audiences?act=${accountId.replace(/^act_/, '')}`;
}
