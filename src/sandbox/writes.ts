// POST /{campaign_id} and POST /{adset_id}: status and daily budget changes, validated
// the way Meta refuses them.

import { formatMoney } from '../money.js';
import {
  findCampaign,
  refreshEffectiveStatuses,
  type SandboxAccount,
  type SandboxAd,
  type SandboxAdSet,
  type SandboxCampaign,
} from './account.js';
import { invalidParameter, invalidParameterForUser } from './graph-errors.js';

export type WritableNode =
  | { type: 'campaign'; object: SandboxCampaign }
  | { type: 'adset'; object: SandboxAdSet }
  | { type: 'ad'; object: SandboxAd };

interface Update {
  status?: 'ACTIVE' | 'PAUSED';
  dailyBudgetCents?: number;
}

/** Parameters any Graph call may carry besides what it changes. */
const TRANSPORT_PARAMS = new Set([
  'access_token',
  'appsecret_proof',
  'format',
  'method',
  'pretty',
  'locale',
  'fields',
]);
/** Meta's smallest daily budget, in the currency's Meta unit: $1.00, €1.00, ¥100, ₩1,000. */
const MIN_DAILY_BUDGET: Record<string, number> = { JPY: 100, KRW: 1000 };

export function minDailyBudget(currency: string): number {
  return MIN_DAILY_BUDGET[currency] ?? 100;
}

/** Validates the whole update before applying any of it; `apply` false = answer success, change nothing. */
export function updateNode(
  account: SandboxAccount,
  node: WritableNode,
  params: Record<string, string>,
  apply: boolean,
) {
  const update = readUpdate(params);
  if (update.dailyBudgetCents !== undefined) {
    if (node.type === 'ad') throw invalidParameter('An ad has no budget: set it on its ad set or campaign');
    checkBudgetTarget(account, node, update.dailyBudgetCents);
  }
  if (!apply) return;
  if (update.status) {
    node.object.status = update.status;
    refreshEffectiveStatuses(account);
  }
  if (update.dailyBudgetCents !== undefined && node.type !== 'ad')
    node.object.dailyBudgetCents = update.dailyBudgetCents;
}

function readUpdate(params: Record<string, string>): Update {
  const update: Update = {};
  for (const [name, value] of Object.entries(params)) {
    if (TRANSPORT_PARAMS.has(name)) continue;
    if (name === 'status') {
      if (value !== 'ACTIVE' && value !== 'PAUSED')
        throw invalidParameter('param status must be one of {ACTIVE, PAUSED}');
      update.status = value;
    } else if (name === 'daily_budget') {
      if (!/^\d+$/.test(value) || Number(value) <= 0) {
        throw invalidParameter(
          "param daily_budget must be a positive integer (the budget in the currency's smallest unit)",
        );
      }
      update.dailyBudgetCents = Number(value);
    } else {
      throw invalidParameter(`The sandbox can only change status and daily_budget here, not ${name}`);
    }
  }
  return update;
}

function checkBudgetTarget(
  account: SandboxAccount,
  node: Exclude<WritableNode, { type: 'ad' }>,
  cents: number,
): void {
  if (node.type === 'adset') {
    if (findCampaign(account, node.object.campaignId)?.dailyBudgetCents !== null) {
      throw invalidParameterForUser(
        1885621,
        "Budget Can't Be Set on Ad Set",
        'This ad set is in a campaign that uses Advantage campaign budget, so its budget is set on the ' +
          'campaign. Change the daily budget of the campaign instead.',
      );
    }
    if (node.object.lifetimeBudgetCents !== null) {
      throw invalidParameterForUser(
        1885630,
        "Budget Type Can't Be Changed",
        "This ad set has a lifetime budget. You can't switch it to a daily budget once it has been published.",
      );
    }
  } else if (node.object.dailyBudgetCents === null) {
    throw invalidParameterForUser(
      1885631,
      'Campaign Has No Budget',
      "This campaign doesn't use Advantage campaign budget: its budgets are set on its ad sets.",
    );
  }
  const minimum = minDailyBudget(account.currency);
  if (cents < minimum) {
    throw invalidParameterForUser(
      1885272,
      'Your Budget Is Too Low',
      `The minimum daily budget is ${formatMoney(minimum, account.currency)}.`,
    );
  }
}
