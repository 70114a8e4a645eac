import type { CampaignFigures } from '../../meta/account-health.js';
import { type CurrencyCode, costPer, formatMoney, type Minor } from '../../money.js';
import { errorOf, valueOrNull, type WatchdogCheck } from '../check.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult } from '../types.js';

export const TRAILING_DAYS = 14;

export interface CplFigures {
  /** The account's currency: spend, CPL and min_spend are in it. */
  currency: CurrencyCode;
  /** Per campaign today so far; null when Meta did not answer. */
  today: readonly CampaignFigures[] | null;
  /** Per campaign over the 14 whole days before today; null when Meta did not answer. */
  trailing: readonly CampaignFigures[] | null;
}

/** Today's CPL is judged only once the spend would have bought this many leads at the 14-day CPL. */
export const MIN_EXPECTED_LEADS = 3;

/** A spike ends only when CPL is back under this share of the threshold, so it does not flap. */
const END_BELOW = 0.85;

const sum = (rows: readonly CampaignFigures[], pick: (row: CampaignFigures) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

/** With no lead yet, one more lead is the best case: spend / max(leads, 1) is a floor for the CPL. */
const cplFloor = (spend: Minor, leads: number) => Math.round(spend / Math.max(leads, 1));

/**
 * The campaign that moved most: the one whose spend today bought the fewest leads compared
 * with its own 14-day CPL (the account's where it had none) — the most money over par.
 */
export function movedMost(
  today: readonly CampaignFigures[],
  trailing: readonly CampaignFigures[],
  accountCpl: Minor,
): { row: CampaignFigures; baseline: Minor; excess: Minor } | null {
  let best: { row: CampaignFigures; baseline: Minor; excess: Minor } | null = null;
  for (const row of today) {
    if (row.spendCents <= 0) continue;
    const before = trailing.find((candidate) => candidate.campaignId === row.campaignId);
    const baseline = (before && costPer(before.spendCents, before.leads)) ?? accountCpl;
    const excess = row.spendCents - row.leads * baseline;
    if (!best || excess > best.excess) best = { row, baseline, excess };
  }
  return best;
}

/**
 * Today's CPL, once `min_spend` (and three leads' worth at the 14-day CPL) is spent, above
 * `factor` × the trailing 14-day CPL. With no
 * lead yet today the spend itself is the CPL's floor. Names the campaign that moved most.
 * With no `min_spend` (an account not in USD, until someone sets it) no spike is judged.
 */
export function evaluateCpl(
  figures: CplFigures,
  settings: SettingsOf<'cpl'>,
  previous: ReadonlySet<string>,
): CheckResult {
  if (figures.today === null || figures.trailing === null)
    return { check: 'cpl', state: 'unknown', summary: 'Meta did not answer.', conditions: [] };
  const { currency } = figures;
  const money = (amount: Minor) => formatMoney(amount, currency);
  const perLead = (amount: Minor | null) => (amount === null ? '—' : money(amount));
  const spend = sum(figures.today, (row) => row.spendCents);
  const leads = sum(figures.today, (row) => row.leads);
  const trailingSpend = sum(figures.trailing, (row) => row.spendCents);
  const trailingLeads = sum(figures.trailing, (row) => row.leads);
  const baseline = costPer(trailingSpend, trailingLeads);
  const todayText = `Today ${money(spend)} spent, ${leads} ${leads === 1 ? 'lead' : 'leads'}, CPL ${perLead(costPer(spend, leads))}`;
  if (baseline === null || trailingLeads < settings.min_trailing_leads)
    return {
      check: 'cpl',
      state: 'ok',
      summary: `${todayText}; too few leads in the last ${TRAILING_DAYS} days (${trailingLeads}) for a baseline.`,
      conditions: [],
    };
  const baseText = `${TRAILING_DAYS}-day CPL ${money(baseline)}`;
  if (settings.min_spend === null)
    return {
      check: 'cpl',
      state: 'ok',
      summary: `${todayText}; ${baseText}; spikes are not judged until \`min_spend\` is set (in ${currency}): \`/watchdog set cpl min_spend <amount>\`.`,
      conditions: [],
    };
  // Judged once the spend would have bought a few leads at the usual CPL: one lead's luck decides nothing.
  const judgeAfter = Math.max(settings.min_spend, MIN_EXPECTED_LEADS * baseline);
  if (spend < judgeAfter)
    return {
      check: 'cpl',
      state: 'ok',
      summary: `${todayText}; ${baseText}; judged after ${money(judgeAfter)} spent.`,
      conditions: [],
    };
  const todayCpl = cplFloor(spend, leads);
  const ratio = todayCpl / baseline;
  const threshold = previous.has('cpl') ? settings.factor * END_BELOW : settings.factor;
  if (ratio <= threshold)
    return {
      check: 'cpl',
      state: 'ok',
      summary: `${todayText}; ${baseText} (${ratio.toFixed(1)}×).`,
      conditions: [],
    };
  const mover = movedMost(figures.today, figures.trailing, baseline);
  const moverText = mover
    ? ` Moved most: “${mover.row.name}” — ${money(mover.baseline)} CPL over ${TRAILING_DAYS} days, ${
        mover.row.leads === 0
          ? `no lead yet on ${money(mover.row.spendCents)} today`
          : `${money(cplFloor(mover.row.spendCents, mover.row.leads))} today on ${money(mover.row.spendCents)}`
      }.`
    : '';
  const title =
    leads === 0
      ? `No lead yet today after ${money(spend)} — the ${baseText} (CPL spike)`
      : `CPL today ${money(todayCpl)} — ${ratio.toFixed(1)}× the ${baseText}`;
  return {
    check: 'cpl',
    state: 'alert',
    summary: `${todayText}; ${baseText} (${ratio.toFixed(1)}×).`,
    conditions: [
      {
        key: 'cpl',
        level: 'spike',
        title: mover ? `${title}; most in “${mover.row.name}”` : title,
        detail: `${todayText}. Last ${TRAILING_DAYS} days: ${money(trailingSpend)} for ${trailingLeads} leads.${moverText}`,
        fix: 'Look at what changed today in that campaign (budget, creative, audience, form). `/cpl today` shows every campaign; `/rules run` proposes pauses.',
      },
    ],
  };
}

export const cplCheck: WatchdogCheck = {
  name: 'cpl',
  definition: CHECK_DEFINITIONS.cpl,
  async evaluate(context) {
    const [today, trailing] = await Promise.all([context.todayFigures(), context.trailingFigures()]);
    return {
      result: evaluateCpl(
        { currency: context.currency, today: valueOrNull(today), trailing: valueOrNull(trailing) },
        context.settings('cpl'),
        context.activeKeys('cpl'),
      ),
      error: errorOf(today, trailing),
    };
  },
};
