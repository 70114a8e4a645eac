// One status or budget write on an ad, ad set or campaign: check Meta still shows what the
// proposal assumed, write once, read back. Pause, resume and the budget changes are this.
import type { Proposal } from '../../db/proposals.js';
import type { AdObjectChange, AdObjectState } from '../../meta/ad-account.js';
import { toMetaError } from '../../meta/errors.js';
import { type CurrencyCode, formatMoney } from '../../money.js';
import type { ObjectSnapshot } from '../../rules/plan.js';
import { type ActionContext, type ActionOutcome, adObjectRef, objectKind } from './types.js';

/** How Meta's state differs from a snapshot, in words (budgets in `currency`); empty when it matches. */
export function differences(
  expected: ObjectSnapshot,
  actual: AdObjectState,
  currency: CurrencyCode,
): string[] {
  const budget = (amount: number | null) =>
    amount === null ? 'no daily budget' : `${formatMoney(amount, currency)}/day`;
  const found: string[] = [];
  if (actual.status !== expected.status) found.push(`status ${actual.status} (expected ${expected.status})`);
  if (expected.dailyBudgetCents !== null && actual.dailyBudgetCents !== expected.dailyBudgetCents) {
    found.push(
      `daily budget ${budget(actual.dailyBudgetCents)} (expected ${budget(expected.dailyBudgetCents)})`,
    );
  }
  return found;
}

/** Meta gave no clear answer (no status, or a 5xx): the write may or may not have happened. */
export function unclear(error: ReturnType<typeof toMetaError>): boolean {
  const { status } = error.details;
  return status === null || status >= 500;
}

/**
 * Reads the object fresh; if someone changed it since the proposal was made, `stale` and
 * nothing is written. Otherwise one write, never retried, then a fresh read: `applied` only
 * when Meta shows the change. A write Meta did not clearly answer, or one that did not take,
 * is `unconfirmed`; a write Meta refused is `failed` with Meta's reason.
 */
export async function applyObjectChange(
  proposal: Proposal,
  context: ActionContext,
  change: AdObjectChange,
): Promise<ActionOutcome> {
  const { port, currency } = context;
  const what = objectKind(proposal.target);
  const ref = adObjectRef(proposal.target);
  let current: AdObjectState;
  try {
    current = await port.readAdObject(ref);
  } catch (thrown) {
    const error = toMetaError(thrown);
    return {
      status: 'failed',
      note: `LeadOps could not read the ${what} from Meta first, so nothing was changed. ${error.userMessage}`,
    };
  }
  const changed = differences(proposal.before, current, currency);
  if (changed.length > 0) {
    return {
      status: 'stale',
      note: `The ${what} was changed since this was proposed: Meta now shows ${changed.join(' and ')}. Nothing was written.`,
    };
  }
  try {
    await port.updateAdObject(ref, change);
  } catch (thrown) {
    const error = toMetaError(thrown);
    if (unclear(error)) {
      return {
        status: 'unconfirmed',
        note: `Meta gave no clear answer to the change (${error.details.graphMessage}); it may or may not have been applied. Check the ${what} in Ads Manager — LeadOps does not retry it.`,
      };
    }
    return { status: 'failed', note: error.userMessage };
  }
  let after: AdObjectState;
  try {
    after = await port.readAdObject(ref);
  } catch (thrown) {
    const error = toMetaError(thrown);
    return {
      status: 'unconfirmed',
      note: `Meta accepted the change but the ${what} could not be read back (${error.userMessage}). Check it in Ads Manager.`,
    };
  }
  const missing = differences(proposal.after, after, currency);
  if (missing.length > 0) {
    return {
      status: 'unconfirmed',
      note: `Meta answered success, but the ${what} still shows ${missing.join(' and ')}. Check it in Ads Manager — LeadOps does not retry it.`,
    };
  }
  return { status: 'applied', note: null };
}
