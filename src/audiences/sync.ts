// `/audience sync`: the stored leads into a customer-list custom audience ("LeadOps — past
// leads") to exclude from targeting (guide §5.2, §9.9), one audience in each ad account, with
// that account's leads. Hashed as for the Conversions API, at most 10,000 rows a request, one
// Meta upload session across the batches; a lead Meta has taken is never sent again.
import { randomInt } from 'node:crypto';
import type { AccountId } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { hashPerson } from '../conversions/user-data.js';
import {
  type AudienceCandidate,
  addMembers,
  audienceCandidates,
  countMembers,
  recordUpload,
} from '../db/audience-uploads.js';
import { namesFromRaw } from '../db/lead-outcomes.js';
import type { Database } from '../db/open.js';
import { readSetting, writeSetting } from '../db/settings.js';
import type { Logger } from '../log.js';
import { type AudienceKey, type CustomAudiences, MAX_USERS_PER_REQUEST } from '../meta/custom-audiences.js';
import { type MetaError, toMetaError } from '../meta/errors.js';
import { refreshSignedCases, type SourceResult } from './lookalike.js';

export const AUDIENCE_NAME = 'LeadOps — past leads';
const AUDIENCE_DESCRIPTION =
  'Everyone who already sent a lead form, uploaded by LeadOps: exclude them from prospecting.';
export const AUDIENCE_SCHEMA: readonly AudienceKey[] = ['EMAIL', 'PHONE', 'FN', 'LN', 'EXTERN_ID'];
/** The audience's id in the account, kept in `settings` (migration 12 moved a single account's here). */
export function audienceSettingKey(accountId: AccountId): string {
  return `audiences.past_leads@${accountId}`;
}

export interface AudienceSyncDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The account's custom audiences. */
  apiFor: (accountId: AccountId) => CustomAudiences;
  /** DEFAULT_COUNTRY_CODE. */
  countryCode: string;
  /** Rows per request; Meta's limit (10,000) unless a test wants smaller batches. */
  batchSize?: number;
}

/** Which account's audience, and whose leads go in it. */
export interface SyncTarget {
  accountId: AccountId;
  /** True with one account served: every stored lead (organic ones too), as a one-account LeadOps did; else the account's leads only. */
  allLeads: boolean;
}

export interface SyncResult {
  accountId: AccountId;
  audienceId: string;
  audienceName: string;
  created: boolean;
  /** Leads added by this run. */
  added: number;
  batches: number;
  numReceived: number;
  numInvalid: number;
  /** In the audience now, this run included. */
  total: number;
  /** Leads with contact data that still cannot be matched (no usable email or phone). */
  unmatchable: number;
}

/** One hashed row per lead, in AUDIENCE_SCHEMA's order; null when there is nothing to match on. */
export function audienceRow(candidate: AudienceCandidate, countryCode: string): string[] | null {
  const hashed = hashPerson(
    {
      leadId: candidate.leadId,
      fullName: candidate.fullName,
      email: candidate.email,
      phone: candidate.phone,
      ...namesFromRaw(candidate.raw),
    },
    countryCode,
  );
  if (!hashed.em && !hashed.ph) return null;
  return [hashed.em ?? '', hashed.ph ?? '', hashed.fn ?? '', hashed.ln ?? '', hashed.externalId];
}

/** Meta no longer has the audience (deleted in Ads Manager): LeadOps makes a new one. */
function audienceGone(error: MetaError): boolean {
  return error.details.code === 100 && error.details.subcode === 33;
}

export class AudienceSync {
  private readonly running = new Map<AccountId, Promise<SyncResult>>();

  constructor(private readonly deps: AudienceSyncDeps) {}

  /** DEFAULT_COUNTRY_CODE: the calling code of phone numbers written without one. */
  get countryCode(): string {
    return this.deps.countryCode;
  }

  /** The signed cases' customer list of `account` (a lookalike's source), built or refreshed. */
  refreshSignedCases(input: Parameters<typeof refreshSignedCases>[1]): Promise<SourceResult> {
    return refreshSignedCases(
      {
        db: this.deps.db,
        now: () => this.deps.clock.nowMilliseconds(),
        api: this.deps.apiFor(input.account.id),
        countryCode: this.deps.countryCode,
        ...(this.deps.batchSize === undefined ? {} : { batchSize: this.deps.batchSize }),
      },
      input,
    );
  }

  /** One sync at a time per account: a second request while one runs waits for it and gets its answer. */
  sync(userId: string, target: SyncTarget): Promise<SyncResult> {
    let running = this.running.get(target.accountId);
    if (!running) {
      running = this.run(userId, target).finally(() => {
        this.running.delete(target.accountId);
      });
      this.running.set(target.accountId, running);
    }
    return running;
  }

  private async run(userId: string, target: SyncTarget): Promise<SyncResult> {
    const api = this.deps.apiFor(target.accountId);
    const found = await this.audience(api, target.accountId);
    try {
      return await this.upload(api, target, found.id, found.created, userId);
    } catch (thrown) {
      const error = toMetaError(thrown);
      if (found.created || !audienceGone(error)) throw error;
      this.deps.logger.warn({ audience: found.id }, 'the stored audience is gone; creating it again');
      writeSetting(
        this.deps.db,
        audienceSettingKey(target.accountId),
        null,
        this.deps.clock.nowMilliseconds(),
      );
      const again = await this.audience(api, target.accountId);
      return this.upload(api, target, again.id, again.created, userId);
    }
  }

  /** The stored audience, else one of that name in the account, else a new one. */
  private async audience(
    api: CustomAudiences,
    accountId: AccountId,
  ): Promise<{ id: string; created: boolean }> {
    const { db, clock } = this.deps;
    const key = audienceSettingKey(accountId);
    const stored = readSetting<{ id: string }>(db, key);
    if (stored?.id) return { id: stored.id, created: false };
    const existing = await api.findByName(AUDIENCE_NAME);
    const id = existing?.id ?? (await api.create(AUDIENCE_NAME, AUDIENCE_DESCRIPTION));
    writeSetting(db, key, { id }, clock.nowMilliseconds());
    return { id, created: !existing };
  }

  private async upload(
    api: CustomAudiences,
    target: SyncTarget,
    audienceId: string,
    created: boolean,
    userId: string,
  ): Promise<SyncResult> {
    const { db, clock, logger, countryCode } = this.deps;
    const batchSize = Math.min(this.deps.batchSize ?? MAX_USERS_PER_REQUEST, MAX_USERS_PER_REQUEST);
    const rows: { leadId: string; row: string[] }[] = [];
    let unmatchable = 0;
    for (const candidate of audienceCandidates(db, audienceId, target.allLeads ? null : target.accountId)) {
      const row = audienceRow(candidate, countryCode);
      if (row) rows.push({ leadId: candidate.leadId, row });
      else unmatchable += 1;
    }
    const result: SyncResult = {
      accountId: target.accountId,
      audienceId,
      audienceName: AUDIENCE_NAME,
      created,
      added: 0,
      batches: 0,
      numReceived: 0,
      numInvalid: 0,
      total: countMembers(db, audienceId),
      unmatchable,
    };
    if (rows.length === 0) return result;
    // Meta's session id is any 64-bit number; one per run ties its batches together.
    const sessionId = randomInt(1, 2 ** 47);
    const batchCount = Math.ceil(rows.length / batchSize);
    const record = (state: 'complete' | 'partial', error: string | null) =>
      recordUpload(db, {
        audienceId,
        sessionId,
        userId,
        batches: result.batches,
        rowsSent: result.added,
        numReceived: result.numReceived,
        numInvalid: result.numInvalid,
        state,
        error,
        at: clock.nowMilliseconds(),
      });
    for (let index = 0; index < batchCount; index++) {
      const batch = rows.slice(index * batchSize, (index + 1) * batchSize);
      try {
        const answer = await api.addUsers(
          audienceId,
          { schema: AUDIENCE_SCHEMA, data: batch.map((b) => b.row) },
          {
            session_id: sessionId,
            batch_seq: index + 1,
            last_batch_flag: index === batchCount - 1,
            estimated_num_total: rows.length,
          },
        );
        addMembers(
          db,
          audienceId,
          batch.map((b) => b.leadId),
          sessionId,
          clock.nowMilliseconds(),
        );
        result.batches += 1;
        result.added += batch.length;
        result.numReceived += answer.numReceived;
        result.numInvalid += answer.numInvalidEntries;
      } catch (error) {
        // What Meta took stays taken; the next sync sends the rest.
        if (result.batches > 0) record('partial', (error as Error).message);
        throw error;
      }
    }
    result.total = countMembers(db, audienceId);
    record('complete', null);
    logger.info(
      {
        account: target.accountId,
        audience: audienceId,
        added: result.added,
        batches: result.batches,
        invalid: result.numInvalid,
      },
      'audience synced',
    );
    return result;
  }
}
