// The proposal actions, one file each: what LeadOps may propose and how each is applied,
// undone and said. Adding an action: its file, a line here, and its value in the proposals
// table's CHECK (a migration).
import type { ProposalAction } from '../../rules/plan.js';
import { lowerBudgetAction, raiseBudgetAction } from './budget.js';
import { createLookalikeAction } from './create-lookalike.js';
import { duplicateAction } from './duplicate.js';
import { pauseAction } from './pause.js';
import { resumeAction } from './resume.js';
import type { ProposalActionKind } from './types.js';

export const ACTIONS: Readonly<Record<ProposalAction, ProposalActionKind>> = {
  pause: pauseAction,
  resume: resumeAction,
  raise_budget: raiseBudgetAction,
  lower_budget: lowerBudgetAction,
  duplicate: duplicateAction,
  create_lookalike: createLookalikeAction,
};

export function actionOf(action: ProposalAction): ProposalActionKind {
  return ACTIONS[action];
}
