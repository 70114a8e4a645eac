// Raise or lower a daily budget: the ad set's, or its campaign's (Advantage campaign budget).
import type { Proposal } from '../../db/proposals.js';
import { escapeMrkdwn } from '../../messages/text.js';
import { type CurrencyCode, formatMoney } from '../../money.js';
import { applyObjectChange } from './object-change.js';
import { type ActionWords, draftOf, type ProposalActionKind } from './types.js';
import { percentChange, perDay, titleName } from './words.js';

function budgetWords(verb: 'Raise' | 'Lower'): ActionWords {
  return {
    headline: (proposal, currency) =>
      `${verb} budget ${perDay(proposal.before.dailyBudgetCents, currency)} → ${perDay(proposal.after.dailyBudgetCents, currency)}: ${titleName(proposal)}`,
    change: (proposal: Pick<Proposal, 'before' | 'after' | 'target'>, currency: CurrencyCode) => {
      const from = proposal.before.dailyBudgetCents ?? 0;
      const to = proposal.after.dailyBudgetCents ?? 0;
      const where =
        proposal.target.type === 'campaign'
          ? `daily budget of the campaign “${escapeMrkdwn(proposal.target.name)}” (Advantage campaign budget)`
          : 'daily budget';
      return `${where} ${formatMoney(from, currency)} → ${formatMoney(to, currency)} (${percentChange(from, to)})`;
    },
    confirmed: (proposal, currency) => perDay(proposal.after.dailyBudgetCents, currency),
  };
}

function budgetAction(action: 'raise_budget' | 'lower_budget'): ProposalActionKind {
  return {
    action,
    capped: true,
    withinCeiling: action === 'raise_budget',
    apply: (proposal, context) => {
      if (proposal.after.dailyBudgetCents === null)
        throw new Error(`proposal ${proposal.id} has no new budget`);
      return applyObjectChange(proposal, context, { dailyBudgetCents: proposal.after.dailyBudgetCents });
    },
    undo: (original) => ({
      ...draftOf(original),
      action: action === 'raise_budget' ? 'lower_budget' : 'raise_budget',
      before: original.after,
      after: original.before,
    }),
    words: budgetWords(action === 'raise_budget' ? 'Raise' : 'Lower'),
  };
}

export const raiseBudgetAction = budgetAction('raise_budget');
export const lowerBudgetAction = budgetAction('lower_budget');
