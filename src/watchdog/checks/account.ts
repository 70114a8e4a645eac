import type { AccountStanding } from '../../meta/account-health.js';
import { formatMoney } from '../../money.js';
import { errorOf, valueOrNull, type WatchdogCheck } from '../check.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult, Condition } from '../types.js';

const BILLING = 'Billing & payments (business.facebook.com/billing_hub)';
const QUALITY = 'Account Quality (business.facebook.com/accountquality)';

/** Meta's account_status codes: what each means for the money and what to do. */
export const ACCOUNT_STATUSES: Record<number, { name: string; meaning: string; fix: string }> = {
  1: { name: 'active', meaning: 'ads can run', fix: '' },
  2: {
    name: 'disabled',
    meaning: 'no ad runs',
    fix: `${QUALITY} says why; request a review there if it is a mistake.`,
  },
  3: {
    name: 'unsettled',
    meaning: 'a payment failed; ads stop until the balance is paid',
    fix: `Pay the outstanding balance or fix the payment method in ${BILLING}.`,
  },
  7: {
    name: 'pending risk review',
    meaning: 'Meta is reviewing the account; ads may not run',
    fix: `Watch ${QUALITY}; answer Meta if it asks for anything.`,
  },
  8: {
    name: 'pending settlement',
    meaning: 'a payment is being settled',
    fix: `Check ${BILLING}; ads resume once the payment clears.`,
  },
  9: {
    name: 'in grace period',
    meaning: 'a payment failed and Meta is retrying; ads stop when the grace period ends',
    fix: `Update the payment method in ${BILLING} now.`,
  },
  100: {
    name: 'pending closure',
    meaning: 'the account is being closed',
    fix: `If that is not intended, check ${QUALITY} and the business’s admins.`,
  },
  101: {
    name: 'closed',
    meaning: 'no ad runs',
    fix: `Check ${QUALITY}; a closed account cannot be reopened by the API.`,
  },
};

/** Meta's disable_reason codes. */
export const DISABLE_REASONS: Record<number, string> = {
  1: 'ads integrity policy',
  2: 'ads IP review',
  3: 'risk payment',
  4: 'gray account shut down',
  5: 'ads AFC review',
  6: 'business integrity RAR',
  7: 'permanent close',
  8: 'unused reseller account',
  9: 'unused account',
  10: 'umbrella ad account',
  11: 'business manager integrity policy',
  12: 'misrepresented ad account',
  13: 'AOAB deshare legal entity',
  14: 'CTX thread review',
  15: 'compromised ad account',
};

export function statusName(code: number): string {
  return ACCOUNT_STATUSES[code]?.name ?? `status ${code}`;
}

/** An ad account LeadOps serves but cannot read: its id, its name when Meta ever gave one, and why. */
export interface UnreadableAccount {
  id: string;
  name: string | null;
  error: string;
}

/** The standing's keys: left as they were while the account cannot be read. */
const STANDING_KEYS = ['status', 'spend-cap'];

/**
 * LeadOps cannot read a served account (the token lost it, or never had it): one condition,
 * with no money and no local time in it (the account's currency and zone may be unknown). It
 * ends when the account is read again.
 */
export function evaluateUnreadable(account: UnreadableAccount): CheckResult {
  const named = account.name ? `“${account.name}” (${account.id})` : account.id;
  return {
    check: 'account',
    state: 'alert',
    summary: `LeadOps cannot read ${named}: ${account.error}`,
    conditions: [
      {
        key: 'unreadable',
        level: 'unreadable',
        title: `LeadOps cannot read the ad account ${named}`,
        detail: `Meta said: ${account.error}. Its checks, report and rules wait until it can be read; the other accounts carry on.`,
        fix:
          'Give LeadOps’ system user the ad account as an asset (Business Settings → Users → System users → Assign assets → Ad accounts), ' +
          `or stop serving it with \`/leadops disconnect ${account.id}\`.`,
      },
    ],
    held: STANDING_KEYS,
  };
}

/**
 * The account's standing: any account_status but active (with Meta's disable_reason), and the
 * spending limit nearly used. `standing` null: Meta did not answer (held as it was).
 */
export function evaluateAccount(
  standing: AccountStanding | null,
  settings: SettingsOf<'account'>,
  previous: ReadonlySet<string>,
): CheckResult {
  if (standing === null)
    return { check: 'account', state: 'unknown', summary: 'Meta did not answer.', conditions: [] };
  const money = (amount: number) => formatMoney(amount, standing.currency);
  const conditions: Condition[] = [];
  const status = ACCOUNT_STATUSES[standing.accountStatus];
  const reason =
    standing.disableReason === 0
      ? ''
      : ` (disable_reason ${standing.disableReason}: ${DISABLE_REASONS[standing.disableReason] ?? 'unknown'})`;
  if (standing.accountStatus !== 1) {
    conditions.push({
      key: 'status',
      level: String(standing.accountStatus),
      title: `The ad account is ${statusName(standing.accountStatus)}${reason}`,
      detail: `“${standing.name}”: account_status ${standing.accountStatus} — ${status?.meaning ?? 'not active'}.`,
      fix: status?.fix || `Check ${QUALITY} and ${BILLING}.`,
    });
  }
  let capLine = 'no spend cap';
  if (standing.spendCapCents !== null) {
    const used = standing.amountSpentCents / standing.spendCapCents;
    const pct = Math.floor(used * 100);
    capLine = `spend cap ${money(standing.spendCapCents)}, ${pct}% used`;
    // Hysteresis: once raised it lasts until usage is 5 points under the threshold (a raised cap).
    const threshold = previous.has('spend-cap') ? settings.spend_cap_pct - 5 : settings.spend_cap_pct;
    if (used * 100 >= threshold) {
      const reached = standing.amountSpentCents >= standing.spendCapCents;
      conditions.push({
        key: 'spend-cap',
        level: reached ? 'reached' : 'near',
        title: reached
          ? `Spend cap reached: ${money(standing.amountSpentCents)} of ${money(standing.spendCapCents)} — ads have stopped`
          : `Spend cap almost reached: ${money(standing.amountSpentCents)} of ${money(standing.spendCapCents)} (${pct}%)`,
        detail: `${money(Math.max(0, standing.spendCapCents - standing.amountSpentCents))} left before Meta stops every ad of “${standing.name}”.`,
        fix: `Raise, reset or remove the account spending limit in ${BILLING} → Payment settings → Account spending limit.`,
      });
    }
  }
  const state = `${statusName(standing.accountStatus)}${reason}`;
  return {
    check: 'account',
    state: conditions.length > 0 ? 'alert' : 'ok',
    summary: `“${standing.name}” ${state}; ${capLine}.`,
    conditions,
  };
}

export const accountCheck: WatchdogCheck = {
  name: 'account',
  definition: CHECK_DEFINITIONS.account,
  async evaluate(context) {
    const standing = await context.standing();
    // The registry could not read the account, and neither could this run: told as such.
    if (context.unreadable !== null && !standing.ok)
      return {
        result: evaluateUnreadable({
          id: context.account.id,
          name: context.account.name === context.account.id ? null : context.account.name,
          error: context.unreadable,
        }),
        error: errorOf(standing),
      };
    return {
      result: evaluateAccount(
        valueOrNull(standing),
        context.settings('account'),
        context.activeKeys('account'),
      ),
      error: errorOf(standing),
    };
  },
};
