// Fixtures for the approvals and rules-engine tests: an in-memory database, drafts, a fake Meta.

import type { Account } from '../../src/accounts/account.js';
import type { ActionPort } from '../../src/approvals/apply.js';
import { openDatabase } from '../../src/db/open.js';
import { insertProposal, type Proposal } from '../../src/db/proposals.js';
import type { AdObjectChange, AdObjectRef, AdObjectState } from '../../src/meta/ad-account.js';
import type { ProposalDraft } from '../../src/rules/plan.js';
import { CHICAGO } from '../support/accounts.js';

export const T0 = Date.parse('2026-11-29T18:00:00Z');
export const HOUR = 3_600_000;

/** The one account of a single-account LeadOps (dollars, Chicago). */
export const ACCOUNT: Account = CHICAGO;

/** A yen account in Tokyo, with its own home channel. */
export const YEN_ACCOUNT: Account = {
  id: 'act_3003',
  name: 'Sakura Legal',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: '#client-sakura',
  pixelId: null,
};

export function memoryDb() {
  return openDatabase(':memory:');
}

export function pauseDraft(over: Partial<ProposalDraft> = {}): ProposalDraft {
  return {
    rule: 'kill',
    alsoRules: [],
    adsetId: '2001',
    adsetName: 'Houston – Broad',
    campaignId: '1001',
    campaignName: 'MVA – Houston',
    target: { type: 'adset', id: '2001', name: 'Houston – Broad' },
    action: 'pause',
    before: { status: 'ACTIVE', dailyBudgetCents: 4000 },
    after: { status: 'PAUSED', dailyBudgetCents: 4000 },
    reason: 'CPL $105.20 is above $50.00 with 12,345 impressions (more than 1,000)',
    figures: {
      window: 'last_3d',
      since: '2026-11-26',
      until: '2026-11-28',
      spendCents: 31_560,
      impressions: 12_345,
      leads: 3,
      frequency: 1.23,
    },
    urgent: false,
    severity: { metric: 'cpl', value: 10_520 },
    ...over,
  };
}

export function budgetDraft(over: Partial<ProposalDraft> = {}): ProposalDraft {
  return pauseDraft({
    rule: 'scale',
    action: 'raise_budget',
    before: { status: 'ACTIVE', dailyBudgetCents: 4000 },
    after: { status: 'ACTIVE', dailyBudgetCents: 4800 },
    reason: 'CPL $16.10 is below $25.00 with 14 leads (more than 5)',
    severity: null,
    ...over,
  });
}

export function pending(
  db: ReturnType<typeof memoryDb>,
  draft: ProposalDraft,
  createdAt = T0,
  account: Pick<Account, 'id' | 'currency'> = ACCOUNT,
): Proposal {
  return insertProposal(db, {
    draft,
    accountId: account.id,
    currency: account.currency,
    kind: 'change',
    status: 'pending',
    createdAt,
    expiresAt: createdAt + 24 * HOUR,
  });
}

/** A fake Meta for one object: reads and writes recorded; behaviour per call scripted. */
export function fakeMeta(initial: Partial<AdObjectState> = {}) {
  const state: AdObjectState = {
    id: '2001',
    name: 'Houston – Broad',
    status: 'ACTIVE',
    effectiveStatus: 'ACTIVE',
    dailyBudgetCents: 4000,
    lifetimeBudgetCents: null,
    ...initial,
  };
  const log: string[] = [];
  const script = {
    /** Thrown by the next write instead of applying it. */
    writeError: null as unknown,
    /** The next write answers success and changes nothing. */
    swallowWrite: false,
    /** Thrown by the read number n (1-based). */
    readErrorOn: new Map<number, unknown>(),
  };
  let reads = 0;
  const port: ActionPort = {
    async readAdObject(ref: AdObjectRef) {
      reads += 1;
      log.push(`read ${ref.type} ${ref.id}`);
      const error = script.readErrorOn.get(reads);
      if (error) throw error;
      return { ...state };
    },
    async updateAdObject(ref: AdObjectRef, change: AdObjectChange) {
      log.push(`write ${ref.type} ${ref.id} ${JSON.stringify(change)}`);
      if (script.writeError) {
        const error = script.writeError;
        script.writeError = null;
        throw error;
      }
      if (script.swallowWrite) {
        script.swallowWrite = false;
        return;
      }
      if (change.status) state.status = change.status;
      if (change.dailyBudgetCents !== undefined) state.dailyBudgetCents = change.dailyBudgetCents;
    },
    async adsOf(adsetId: string) {
      log.push(`ads of ${adsetId}`);
      return [];
    },
    async copyAdSet(adsetId: string) {
      log.push(`copy ${adsetId}`);
      throw new Error('this fake Meta makes no copies');
    },
    async createLookalike() {
      throw new Error('this fake Meta makes no audiences');
    },
  };
  return { port, state, log, script };
}

/** Shaped like the SDK's FacebookRequestError. */
export function graphError(status: number | null, body: Record<string, unknown> | null) {
  return {
    name: 'FacebookRequestError',
    message: String(body?.message ?? 'The request was made but no response was received'),
    status,
    response: body,
    headers: {},
  };
}
