import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** A stored lead's matching keys, for the exclusion audience. */
export interface AudienceCandidate {
  leadId: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  raw: string | null;
}

/**
 * Leads not yet in the audience that still have contact data (retention may have purged
 * it), oldest first: one account's (`accountId`), or every stored lead (null).
 */
export function audienceCandidates(
  db: Database,
  audienceId: string,
  accountId: string | null = null,
): AudienceCandidate[] {
  return prepared(
    db,
    `SELECT l.id AS leadId, l.full_name AS fullName, l.email, l.phone, l.raw FROM leads l
       WHERE l.purged_at IS NULL AND (l.email IS NOT NULL OR l.phone IS NOT NULL)
         ${accountId === null ? '' : 'AND l.account_id = @accountId'}
         AND NOT EXISTS (SELECT 1 FROM audience_members m WHERE m.audience_id = @audienceId AND m.lead_id = l.id)
       ORDER BY l.received_at, l.id`,
  ).all({ audienceId, ...(accountId === null ? {} : { accountId }) }) as AudienceCandidate[];
}

export function countMembers(db: Database, audienceId: string): number {
  const row = prepared(db, 'SELECT count(*) AS n FROM audience_members WHERE audience_id = ?').get(
    audienceId,
  ) as {
    n: number;
  };
  return row.n;
}

/** A batch Meta took: its leads are in the audience and are not sent again. */
export function addMembers(
  db: Database,
  audienceId: string,
  leadIds: readonly string[],
  sessionId: number,
  now: number,
): void {
  const insert = prepared(
    db,
    `INSERT INTO audience_members (audience_id, lead_id, session_id, uploaded_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
  );
  db.transaction(() => {
    for (const leadId of leadIds) insert.run(audienceId, leadId, sessionId, now);
  })();
}

export interface AudienceUpload {
  audienceId: string;
  sessionId: number;
  userId: string;
  batches: number;
  rowsSent: number;
  numReceived: number;
  numInvalid: number;
  state: 'complete' | 'partial';
  error: string | null;
  at: number;
}

export function recordUpload(db: Database, upload: AudienceUpload): void {
  prepared(
    db,
    `INSERT INTO audience_uploads (audience_id, session_id, user_id, batches, rows_sent, num_received, num_invalid,
       state, error, at) VALUES (@audienceId, @sessionId, @userId, @batches, @rowsSent, @numReceived, @numInvalid,
       @state, @error, @at)`,
  ).run(upload);
}
