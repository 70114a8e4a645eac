import type { DateRange } from '../../src/dates/ranges.js';
import type { InsightRow } from '../../src/insights/types.js';

/** The week the fixture rows cover (a `last_7d` seen from Nov 28, 2026). */
export const FIXTURE_RANGE: DateRange = { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' };

/** A campaign-level insights row, already converted; override what a test is about. */
export function campaignRowFixture(
  objectId: string,
  name: string,
  spendCents: number,
  leads: number,
  extra: Partial<InsightRow> = {},
): InsightRow {
  return {
    level: 'campaign',
    objectId,
    name,
    campaignId: objectId,
    campaignName: name,
    spendCents,
    impressions: 1000,
    clicks: 20,
    leads,
    reach: null,
    frequency: null,
    dateStart: FIXTURE_RANGE.since,
    dateStop: FIXTURE_RANGE.until,
    ...extra,
  };
}
