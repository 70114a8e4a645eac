// The one call made when a change is applied: its follow-ups, 24 h and 72 h on.
import type { Database } from 'better-sqlite3';
import { insertFollowUps } from '../db/follow-ups.js';
import type { Proposal } from '../db/proposals.js';
import { FOLLOW_UP_HORIZONS, followUpWindows } from './windows.js';

/**
 * Schedules the follow-ups of an applied change (not of an undo), with the windows they will
 * compare fixed now in the account's time zone. Idempotent: a second call adds nothing.
 */
export function scheduleFollowUps(db: Database, proposal: Proposal, timezone: string): void {
  if (proposal.kind !== 'change' || proposal.status !== 'applied') return;
  const appliedAt = proposal.finishedAt ?? proposal.decidedAt ?? proposal.createdAt;
  insertFollowUps(
    db,
    FOLLOW_UP_HORIZONS.map((horizonHours) => ({
      proposalId: proposal.id,
      accountId: proposal.accountId,
      horizonHours,
      appliedAt,
      ...followUpWindows(appliedAt, timezone, horizonHours),
    })),
  );
}
