// The sandbox account's standing with Meta — account_status, disable_reason, spend cap — and
// ads Meta's review has flagged (DISAPPROVED / WITH_ISSUES, with ad_review_feedback). Kept
// beside the account, not in it, so the generated accounts stay plain data.
import { refreshEffectiveStatuses, type SandboxAccount, type SandboxAd } from './account.js';

/** Meta's account_status codes. */
export const ACCOUNT_STATUS = {
  ACTIVE: 1,
  DISABLED: 2,
  UNSETTLED: 3,
  PENDING_RISK_REVIEW: 7,
  PENDING_SETTLEMENT: 8,
  IN_GRACE_PERIOD: 9,
  PENDING_CLOSURE: 100,
  CLOSED: 101,
} as const;

export interface SandboxAccountHealth {
  accountStatus: number;
  /** 0 = none; e.g. 1 ads integrity policy, 3 risk payment. */
  disableReason: number;
  /** The account spending limit in cents; 0 = none. */
  spendCapCents: number;
  /** Overrides amount_spent (cents); null = what the sandbox delivered in its data window. */
  amountSpentCents: number | null;
}

export type AdReviewStatus = 'DISAPPROVED' | 'WITH_ISSUES';

export interface AdReview {
  status: AdReviewStatus;
  /** Policy name → Meta's explanation, as in `ad_review_feedback.global`. */
  feedback: Record<string, string>;
}

interface HealthState {
  health: SandboxAccountHealth;
  reviews: Map<string, AdReview>;
}

const states = new WeakMap<SandboxAccount, HealthState>();

function stateOf(account: SandboxAccount): HealthState {
  let state = states.get(account);
  if (!state) {
    state = {
      health: {
        accountStatus: ACCOUNT_STATUS.ACTIVE,
        disableReason: 0,
        spendCapCents: 0,
        amountSpentCents: null,
      },
      reviews: new Map(),
    };
    states.set(account, state);
  }
  return state;
}

export function accountHealthOf(account: SandboxAccount): Readonly<SandboxAccountHealth> {
  return stateOf(account).health;
}

export function setAccountHealth(account: SandboxAccount, change: Partial<SandboxAccountHealth>): void {
  Object.assign(stateOf(account).health, change);
}

export const DEFAULT_DISAPPROVAL: Record<string, string> = {
  'Unrealistic Outcomes':
    "Ads can't promote products or services that make unrealistic claims, such as guaranteed settlement amounts.",
};

/** Meta's review flags the ad: its effective_status becomes the review status until restored. */
export function flagAd(account: SandboxAccount, adId: string, review: AdReview): SandboxAd {
  const ad = account.ads.find((candidate) => candidate.id === adId);
  if (!ad) throw new Error(`no ad ${adId} in the sandbox account`);
  stateOf(account).reviews.set(adId, review);
  ad.effectiveStatus = review.status;
  return ad;
}

/** The ad passes review again (edited and approved). */
export function restoreAd(account: SandboxAccount, adId: string): void {
  stateOf(account).reviews.delete(adId);
  reapplyAdReviews(account);
}

/** After any status change: effective statuses follow the parents, then review flags win again. */
export function reapplyAdReviews(account: SandboxAccount): void {
  refreshEffectiveStatuses(account);
  const { reviews } = stateOf(account);
  for (const ad of account.ads) {
    const review = reviews.get(ad.id);
    if (review) ad.effectiveStatus = review.status;
  }
}

/** `ad_review_feedback` as Meta writes it; absent for ads that passed review. */
export function adReviewFeedback(
  account: SandboxAccount,
  ad: SandboxAd,
): { global: Record<string, string> } | undefined {
  const review = stateOf(account).reviews.get(ad.id);
  return review && Object.keys(review.feedback).length > 0 ? { global: { ...review.feedback } } : undefined;
}
