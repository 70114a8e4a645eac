import type { Database } from 'better-sqlite3';
import {
  addCounts,
  emptyCounts,
  figuresOf,
  percentileOfUnsorted,
  type SpeedCounts,
  type SpeedFigures,
  type SpeedGroups,
} from '../speed/stats.js';
import { prepared } from './prepared.js';

/**
 * What `/leads speed` and the daily report's line read: the speed figures of the leads
 * created in [from, to) — of one account, or of every one when `accountId` is null — in
 * total, by rep and by campaign. The same definitions as src/speed/stats.ts (its tests hold
 * the hand-computed figures; test/db/lead-speed-stats checks this file against it).
 *
 * One statement (100,000 leads must answer in under 200 ms). It reads lead_speed from a
 * covering index (migration 17's `lead_speed_stats`, or `lead_speed_stats_created` for every
 * account: one seek, then the index alone; each lead's campaign and whether it is qualified
 * are kept on its clock, so no other table is read per lead) and groups the range's leads into
 * cells of (campaign, rep, state), state being contacted / junk before contact / waiting
 * inside the SLA / waiting past it. Each cell comes back as one row: its count, its qualified
 * count and, for contacted cells, the milliseconds to first contact of each lead as one
 * `group_concat` text. So a few hundred rows cross into JavaScript, not one per lead (a row
 * per lead, as an array of five values, cost three times what the whole statement does); the
 * cells are summed into the three groupings and each group's exact type 7 percentiles come
 * from its values in a Float64Array, by selection (src/speed/stats.ts, percentileOfUnsorted). Campaign names: one probe of `leads_campaign_name`
 * per campaign.
 */

/** A cell's state (the third GROUP BY key). */
const CONTACTED = 0;
const JUNK = 1;
const WAITING_INSIDE_SLA = 2;
const WAITING_PAST_SLA = 3;

/** The one statement: every account's leads, or (with `@accountId`) one account's. */
export const speedCellsSql = (accountId: string | null) => `
  SELECT s.campaign_id, coalesce(s.owner_id, s.first_contact_by),
    CASE WHEN s.first_contact_at IS NOT NULL THEN ${CONTACTED}
      WHEN s.stopped_at IS NOT NULL THEN ${JUNK}
      WHEN @now < s.clock_start_at + @slaMs THEN ${WAITING_INSIDE_SLA}
      ELSE ${WAITING_PAST_SLA} END,
    count(*),
    sum(s.qualified),
    group_concat(max(0, s.first_contact_at - s.clock_start_at))
  FROM lead_speed s
  WHERE s.lead_created_at >= @from AND s.lead_created_at < @to ${accountId === null ? '' : 'AND s.account_id = @accountId'}
  GROUP BY 1, 2, 3`;

type CellRow = [string | null, string | null, number, number, number, string | null];

/** One group's counts and the milliseconds to first contact of its contacted leads (in parts, one per cell). */
class Group {
  readonly counts = emptyCounts();
  private readonly parts: Float64Array[] = [];
  private size = 0;

  add(counts: SpeedCounts, ms: Float64Array | null): void {
    addCounts(this.counts, counts);
    if (ms) {
      this.parts.push(ms);
      this.size += ms.length;
    }
  }

  figures(): SpeedFigures {
    const values = new Float64Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      values.set(part, at);
      at += part.length;
    }
    // Exact type 7 percentiles by selection, not a sort (a third of the time, measured).
    return figuresOf(
      this.counts,
      percentileOfUnsorted(values, 0.5, 60_000),
      percentileOfUnsorted(values, 0.9, 60_000),
    );
  }
}

function groupOf<K>(map: Map<K, Group>, key: K): Group {
  let group = map.get(key);
  if (!group) {
    group = new Group();
    map.set(key, group);
  }
  return group;
}

/** `group_concat`'s text of whole milliseconds → the numbers. */
function parseMilliseconds(text: string): Float64Array {
  const parts = text.split(',');
  const values = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i += 1) values[i] = Number(parts[i]);
  return values;
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
  const slaMs = query.slaMinutes * 60_000;
  const params = {
    from: query.from,
    to: query.to,
    slaMs,
    now: query.now,
    ...(query.accountId === null ? {} : { accountId: query.accountId }),
  };
  const statement = prepared(db, speedCellsSql(query.accountId));
  let cells: CellRow[];
  try {
    cells = statement.raw(true).all(params) as CellRow[];
  } finally {
    statement.raw(false);
  }

  const total = new Group();
  const reps = new Map<string | null, Group>();
  const campaigns = new Map<string | null, Group>();
  for (const [campaignId, rep, state, leads, qualified, milliseconds] of cells) {
    const counts = emptyCounts();
    counts.leads = leads;
    counts.qualified = qualified;
    let ms: Float64Array | null = null;
    if (state === CONTACTED) {
      ms = parseMilliseconds(milliseconds ?? '');
      counts.contacted = ms.length;
      for (const value of ms) if (value <= slaMs) counts.withinSla += 1;
    } else if (state === JUNK) counts.junkBeforeContact = leads;
    else {
      counts.neverContacted = leads;
      if (state === WAITING_INSIDE_SLA) counts.waitingInsideSla = leads;
    }
    total.add(counts, ms);
    groupOf(reps, rep).add(counts, ms);
    groupOf(campaigns, campaignId).add(counts, ms);
  }

  // Names as stored (Meta's insights name them too, and win): one index probe per campaign.
  const nameOf = (id: string | null) =>
    id === null
      ? null
      : ((prepared(
          db,
          'SELECT campaign_name FROM leads WHERE campaign_id = ? AND campaign_name IS NOT NULL LIMIT 1',
        )
          .pluck()
          .get(id) as string | null | undefined) ?? null);
  return {
    total: total.figures(),
    byRep: new Map([...reps].map(([rep, group]) => [rep, group.figures()])),
    byCampaign: new Map(
      [...campaigns].map(([id, group]) => [id, { name: nameOf(id), figures: group.figures() }]),
    ),
  };
}
