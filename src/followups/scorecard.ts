// `/rules scorecard`: the follow-ups of one account's applied changes, summed per rule and action.
import type { FollowUp } from '../db/follow-ups.js';
import type { Verdict } from './compare.js';

export interface ScoredChange {
  rule: string;
  action: string;
  targetType: string;
  /** Its follow-ups, any state. */
  followUps: readonly FollowUp[];
}

export interface ScorecardLine {
  rule: string;
  /** `pause`, `ad pause`, `raise`, `budget cut`, … */
  kind: string;
  /** What the CPL change is of: the account (ad set pauses) or the ad sets. */
  judged: 'account' | 'adset';
  changes: number;
  verdicts: Record<Verdict, number>;
  /** Changes with no follow-up posted yet. */
  waiting: number;
  /** Median of the CPL changes (ratios) among the judged ones; null when none. */
  medianCplChange: number | null;
  medianLeadsPerDayChange: number | null;
  /** How many changes the medians are of. */
  measured: number;
}

export function changeKind(action: string, targetType: string): string {
  if (action === 'pause') return targetType === 'ad' ? 'ad pause' : 'pause';
  if (action === 'raise_budget') return 'raise';
  if (action === 'lower_budget') return 'budget cut';
  return action.replaceAll('_', ' ');
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A change's latest posted follow-up: the 72 h one once there, else the 24 h one. */
export function latestPosted(followUps: readonly FollowUp[]): FollowUp | null {
  return (
    [...followUps]
      .filter((f) => f.state === 'posted' && f.verdict !== null)
      .sort((a, b) => b.horizonHours - a.horizonHours)[0] ?? null
  );
}

/**
 * One line per rule and kind of change, in rule order: how many, their verdicts (each change
 * counted once, by its latest follow-up) and the median CPL and leads-a-day change of those whose
 * windows both had figures (helped or not; too-early ones included, their figures still count).
 */
export function scorecard(changes: readonly ScoredChange[], ruleOrder: readonly string[]): ScorecardLine[] {
  const lines = new Map<string, ScorecardLine & { cpl: number[]; lpd: number[] }>();
  for (const change of changes) {
    const kind = changeKind(change.action, change.targetType);
    const key = `${change.rule}\u0000${kind}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        rule: change.rule,
        kind,
        judged: kind === 'pause' ? 'account' : 'adset',
        changes: 0,
        verdicts: { helped: 0, did_not_help: 0, too_early: 0, no_data: 0 },
        waiting: 0,
        medianCplChange: null,
        medianLeadsPerDayChange: null,
        measured: 0,
        cpl: [],
        lpd: [],
      };
      lines.set(key, line);
    }
    line.changes += 1;
    const latest = latestPosted(change.followUps);
    if (!latest?.verdict) {
      line.waiting += 1;
      continue;
    }
    line.verdicts[latest.verdict] += 1;
    const result = latest.result;
    if (result && latest.verdict !== 'no_data' && result.cplChange !== null) {
      line.cpl.push(result.cplChange);
      if (result.leadsPerDayChange !== null) line.lpd.push(result.leadsPerDayChange);
    }
  }
  const rank = (rule: string) => {
    const index = ruleOrder.indexOf(rule);
    return index === -1 ? ruleOrder.length : index;
  };
  return [...lines.values()]
    .sort((a, b) => rank(a.rule) - rank(b.rule) || a.kind.localeCompare(b.kind))
    .map(({ cpl, lpd, ...line }) => ({
      ...line,
      medianCplChange: median(cpl),
      medianLeadsPerDayChange: median(lpd),
      measured: cpl.length,
    }));
}
