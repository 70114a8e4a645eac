import { formatLocalTime } from '../../dates/calendar.js';
import type { UsageFigures } from '../../meta/graph-scheduler.js';
import type { WatchdogCheck } from '../check.js';
import type { RunContext } from '../run-context.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult, Condition } from '../types.js';

/** What the usage check keeps between runs: how many runs in a row saw the account above the mark. */
type UsageMemo = { runsAbove: number };

export interface UsageVerdict {
  result: CheckResult;
  memo: UsageMemo;
}

/**
 * Meta's usage of the account, from the headers of the last Graph answer for it: above the mark
 * (or throttled) for `runs` runs in a row is an alert — background work is being slowed down —
 * and it resolves the first run it falls below. One run above is a burst, not news.
 */
export function evaluateUsage(
  figures: UsageFigures | null,
  previous: Partial<UsageMemo>,
  settings: SettingsOf<'usage'>,
  timezone: string,
): UsageVerdict {
  if (figures === null)
    return {
      result: {
        check: 'usage',
        state: 'unknown',
        summary: 'No Graph answer for this account yet.',
        conditions: [],
      },
      memo: { runsAbove: 0 },
    };
  const throttled = figures.regainAt !== null;
  const above = throttled || figures.percent >= settings.percent;
  const runsAbove = above ? (previous.runsAbove ?? 0) + 1 : 0;
  const seen = `${Math.round(figures.percent)}% of Meta’s rate limit used at ${formatLocalTime(figures.at, timezone)}`;
  const conditions: Condition[] = [];
  if (above && runsAbove >= settings.runs) {
    conditions.push({
      key: 'usage',
      level: throttled ? 'throttled' : 'high',
      title: throttled
        ? `Meta is throttling this ad account until ${formatLocalTime(figures.regainAt ?? figures.at, timezone)}`
        : `Meta API usage of this ad account is at ${Math.round(figures.percent)}% (mark ${settings.percent}%) for ${runsAbove} runs`,
      detail: `${seen}. Scheduled work (rules, watchdog, lead polling, reports) is slowed down and waits for Meta; people’s commands go first and may be answered late.`,
      fix: 'It clears by itself as Meta’s hourly window rolls on. If it lasts, run the schedules less often (RULES_CRON, WATCHDOG_CRON, LEADS_POLL_CRON) or spread the accounts over more Meta apps.',
    });
  }
  const summary = throttled
    ? `Throttled by Meta until ${formatLocalTime(figures.regainAt ?? figures.at, timezone)}; ${seen}.`
    : above
      ? `Above the ${settings.percent}% mark (${runsAbove} ${runsAbove === 1 ? 'run' : 'runs'} in a row): ${seen}.`
      : `Below the ${settings.percent}% mark: ${seen}.`;
  return {
    result: { check: 'usage', state: conditions.length > 0 ? 'alert' : 'ok', summary, conditions },
    memo: { runsAbove },
  };
}

export const usageCheck: WatchdogCheck = {
  name: 'usage',
  definition: CHECK_DEFINITIONS.usage,
  // Last, so the figures are those of this run's own Graph answers.
  runsLast: true,
  async evaluate(context: RunContext) {
    const { result, memo } = evaluateUsage(
      context.usage(),
      context.previousMemo('usage') as Partial<UsageMemo>,
      context.settings('usage'),
      context.timezone,
    );
    return { result, error: null, memo };
  },
};
