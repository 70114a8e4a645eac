import type { Database } from 'better-sqlite3';
import {
  addCounts,
  emptyCounts,
  figuresOf,
  interpolated,
  type SpeedCounts,
  type SpeedFigures,
  type SpeedGroups,
} from '../speed/stats.js';
import { prepared } from './prepared.js';

/**
 * What `/leads speed` and the daily report's line read: the speed figures of the leads
 * created in [from, to) — of one account, or of every one when `accountId` is null — in
 * total, by rep and by campaign, computed in SQLite. The same definitions as
 * src/speed/stats.ts (its tests hold the hand-computed figures; test/db/lead-speed-stats
 * checks this file against it).
 *
 * Two statements, neither brings a row per lead into JavaScript (100,000 leads must answer
 * in under 200 ms; moving each row into a JS value costs several times what SQLite's own
 * aggregation does):
 * 1. counts per (campaign, rep) cell, one pass; the cells are summed into the three groupings;
 * 2. the percentiles: window functions rank the contacted leads' minutes in total, per rep and
 *    per campaign, and only the rows at the ranks a type 7 percentile reads come back.
 * Both read lead_speed from a covering index (migration 17's `lead_speed_stats` or
 * `lead_speed_stats_created`: one seek, then the index alone; the lead's campaign is copied
 * there, so the leads table, whose rows carry Meta's raw JSON, is never read per lead), and
 * a contacted lead's latest outcome from `lead_outcomes_latest` (lead_id, id, outcome), one
 * backward probe. Campaign names: one probe of `leads_campaign_name` per campaign.
 */

const RANGE = `s.lead_created_at >= @from AND s.lead_created_at < @to`;
const ACCOUNT = `AND s.account_id = @accountId`;
const REP = 'coalesce(s.owner_id, s.first_contact_by)';

const CELLS = (account: string) => `
  SELECT s.campaign_id, ${REP},
    count(*),
    count(s.first_contact_at),
    sum(s.first_contact_at IS NOT NULL AND s.first_contact_at - s.clock_start_at <= @slaMs),
    sum(s.first_contact_at IS NULL AND s.stopped_at IS NULL),
    sum(s.first_contact_at IS NULL AND s.stopped_at IS NULL AND @now < s.clock_start_at + @slaMs),
    sum(s.first_contact_at IS NULL AND s.stopped_at IS NOT NULL),
    sum(CASE WHEN s.first_contact_at IS NULL THEN 0 ELSE coalesce((
      SELECT o.outcome IN ('qualified', 'signed') FROM lead_outcomes o
        WHERE o.lead_id = s.lead_id ORDER BY o.id DESC LIMIT 1), 0) END)
  FROM lead_speed s
  WHERE ${RANGE} ${account}
  GROUP BY s.campaign_id, ${REP}`;

const AT_RANKS = (k: string, n: string) =>
  `${k} IN (CAST((${n} - 1) * 0.5 AS INTEGER), CAST((${n} - 1) * 0.5 AS INTEGER) + 1,
    CAST((${n} - 1) * 0.9 AS INTEGER), CAST((${n} - 1) * 0.9 AS INTEGER) + 1)`;

const PERCENTILE_ROWS = (account: string) => `
  WITH contacted AS (
    SELECT max(0, s.first_contact_at - s.clock_start_at) AS ms, ${REP} AS rep, s.campaign_id AS campaign
      FROM lead_speed s
      WHERE ${RANGE} ${account} AND s.first_contact_at IS NOT NULL
  ), ranked AS (
    SELECT ms, rep, campaign,
      row_number() OVER (ORDER BY ms) - 1 AS kt, count(*) OVER () AS nt,
      row_number() OVER (PARTITION BY rep ORDER BY ms) - 1 AS kr, count(*) OVER (PARTITION BY rep) AS nr,
      row_number() OVER (PARTITION BY campaign ORDER BY ms) - 1 AS kc, count(*) OVER (PARTITION BY campaign) AS nc
    FROM contacted
  )
  SELECT ms, rep, campaign, kt, nt, kr, nr, kc, nc FROM ranked
    WHERE ${AT_RANKS('kt', 'nt')} OR ${AT_RANKS('kr', 'nr')} OR ${AT_RANKS('kc', 'nc')}`;

type CellRow = [string | null, string | null, number, number, number, number, number, number, number];
type RankRow = [number, string | null, string | null, number, number, number, number, number, number];

/** The values at the ranks one group's percentiles read, and how many values it has. */
class Ranked {
  n = 0;
  readonly values = new Map<number, number>();
  set(rank: number, n: number, ms: number): void {
    this.n = n;
    this.values.set(rank, ms);
  }
  percentile(p: number): number | null {
    return interpolated(this.n, p, (rank) => (this.values.get(rank) ?? Number.NaN) / 60_000);
  }
}

function rankedOf<K>(map: Map<K, Ranked>, key: K): Ranked {
  let ranked = map.get(key);
  if (!ranked) {
    ranked = new Ranked();
    map.set(key, ranked);
  }
  return ranked;
}

function figures(counts: SpeedCounts, ranked: Ranked | undefined): SpeedFigures {
  return figuresOf(counts, ranked?.percentile(0.5) ?? null, ranked?.percentile(0.9) ?? null);
}

function rows<T>(db: Database, sql: string, params: Record<string, unknown>): T[] {
  const statement = prepared(db, sql);
  try {
    return statement.raw(true).all(params) as T[];
  } finally {
    statement.raw(false);
  }
}

export interface SpeedQuery {
  from: number;
  to: number;
  /** One account's leads; null: every lead. */
  accountId: string | null;
  slaMinutes: number;
  now: number;
}

export function speedGroups(db: Database, query: SpeedQuery): SpeedGroups {
  const account = query.accountId === null ? '' : ACCOUNT;
  const params = {
    from: query.from,
    to: query.to,
    slaMs: query.slaMinutes * 60_000,
    now: query.now,
    ...(query.accountId === null ? {} : { accountId: query.accountId }),
  };
  const total = emptyCounts();
  const reps = new Map<string | null, SpeedCounts>();
  const campaigns = new Map<string | null, { name: string | null; counts: SpeedCounts }>();
  for (const row of rows<CellRow>(db, CELLS(account), params)) {
    const [campaignId, rep, leads, contacted, withinSla, never, waiting, junk, qualified] = row;
    const counts: SpeedCounts = {
      leads,
      contacted,
      withinSla,
      neverContacted: never,
      waitingInsideSla: waiting,
      junkBeforeContact: junk,
      qualified,
    };
    addCounts(total, counts);
    const repCounts = reps.get(rep) ?? emptyCounts();
    reps.set(rep, repCounts);
    addCounts(repCounts, counts);
    const campaign = campaigns.get(campaignId) ?? { name: null, counts: emptyCounts() };
    campaigns.set(campaignId, campaign);
    addCounts(campaign.counts, counts);
  }

  const totalRanks = new Ranked();
  const repRanks = new Map<string | null, Ranked>();
  const campaignRanks = new Map<string | null, Ranked>();
  const { slaMs: _sla, now: _now, ...rankParams } = params;
  for (const [ms, rep, campaign, kt, nt, kr, nr, kc, nc] of rows<RankRow>(
    db,
    PERCENTILE_ROWS(account),
    rankParams,
  )) {
    totalRanks.set(kt, nt, ms);
    rankedOf(repRanks, rep).set(kr, nr, ms);
    rankedOf(campaignRanks, campaign).set(kc, nc, ms);
  }

  // Names as stored (Meta's insights name them too, and win): one index probe per campaign.
  for (const [id, campaign] of campaigns)
    if (id !== null)
      campaign.name = prepared(
        db,
        'SELECT campaign_name FROM leads WHERE campaign_id = ? AND campaign_name IS NOT NULL LIMIT 1',
      )
        .pluck()
        .get(id) as string | null;
  return {
    total: figures(total, totalRanks),
    byRep: new Map([...reps].map(([rep, counts]) => [rep, figures(counts, repRanks.get(rep))])),
    byCampaign: new Map(
      [...campaigns].map(([id, { name, counts }]) => [
        id,
        { name, figures: figures(counts, campaignRanks.get(id)) },
      ]),
    ),
  };
}
