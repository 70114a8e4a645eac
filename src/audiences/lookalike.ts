// `/audience lookalike [1-10%] [country]` (guide §5.3, §5.5): the leads marked Signed case, as
// a customer list ("LeadOps — signed cases"), hashed exactly as /audience sync hashes, built or
// refreshed; then a lookalike of it is proposed. When the signed cases carry case values the
// list is value-based (`is_value_based`, each row's LOOKALIKE_VALUE its case value in the
// account's currency), a separate audience, so Meta weighs the people worth most.
import { randomInt } from 'node:crypto';
import type { Account, AccountId } from '../accounts/account.js';
import { todayIn } from '../dates/calendar.js';
import { addMembers, countMembers, recordUpload } from '../db/audience-uploads.js';
import type { Database } from '../db/open.js';
import { prepared } from '../db/prepared.js';
import { readSetting, writeSetting } from '../db/settings.js';
import type { AudienceKey, CustomAudiences } from '../meta/custom-audiences.js';
import { MAX_USERS_PER_REQUEST } from '../meta/custom-audiences.js';
import { type CurrencyCode, currencyOffset, type Minor } from '../money.js';
import type { LookalikePlay, ProposalDraft } from '../rules/plan.js';
import { countryOfCallingCode, countryOfPhone } from './calling-codes.js';
import { countryCode } from './countries.js';
import { AUDIENCE_SCHEMA, audienceRow } from './sync.js';

/** Meta's smallest lookalike source: people matched in one country. */
export const MIN_LOOKALIKE_SOURCE = 100;
export const SIGNED_CASES_NAME = 'LeadOps — signed cases';
export const SIGNED_CASES_VALUE_NAME = 'LeadOps — signed cases (value-based)';

export interface LookalikeArgs {
  /** 1–10. */
  percent: number;
  /** ISO 3166-1 alpha-2, or null → the account's main country. */
  country: string | null;
}

/** `lookalike`'s arguments in any order: a percent 1–10 (`3`, `3%`) and a country (`DE`). */
export function parseLookalikeArgs(args: readonly string[]): LookalikeArgs | { problem: string } {
  let percent: number | null = null;
  let country: string | null = null;
  for (const arg of args) {
    const number = /^(\d+(?:\.\d+)?)\s*%?$/.exec(arg);
    if (number) {
      const value = Number(number[1]);
      if (percent !== null) return { problem: 'Give one size, 1% to 10%.' };
      if (!Number.isInteger(value) || value < 1 || value > 10)
        return { problem: `${arg} is not a lookalike size LeadOps makes: a whole percent from 1% to 10%.` };
      percent = value;
      continue;
    }
    if (/^[A-Za-z]{2}$/.test(arg)) {
      const code = countryCode(arg);
      if (!code) return { problem: `“${arg}” is not an ISO 3166 country code (e.g. US, DE, JP).` };
      if (country !== null) return { problem: 'Give one country.' };
      country = code;
      continue;
    }
    return { problem: `“${arg}” is neither a size (1% to 10%) nor a country code (e.g. US).` };
  }
  return { percent: percent ?? 1, country };
}

/** A lead marked Signed case (its latest outcome) with what matches it, and its case value. */
export interface SignedCase {
  leadId: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  raw: string | null;
  valueCents: Minor | null;
}

/** The signed cases of one account (every stored lead's with one account served), oldest first. */
export function signedCases(db: Database, accountId: AccountId | null): SignedCase[] {
  return prepared(
    db,
    `SELECT l.id AS leadId, l.full_name AS fullName, l.email, l.phone, l.raw, o.value_cents AS valueCents
       FROM leads l JOIN lead_outcomes o ON o.id = (SELECT max(id) FROM lead_outcomes WHERE lead_id = l.id)
       WHERE o.outcome = 'signed' AND l.purged_at IS NULL AND (l.email IS NOT NULL OR l.phone IS NOT NULL)
         ${accountId === null ? '' : 'AND l.account_id = @accountId'}
       ORDER BY l.received_at, l.id`,
  ).all(accountId === null ? {} : { accountId }) as SignedCase[];
}

/**
 * The country a lookalike is made in when none is given: the most common country of the
 * signed cases' phone numbers written with their country code (ties: the first alphabetically);
 * with none, DEFAULT_COUNTRY_CODE's country (`1` → US).
 */
export function mainCountry(
  phones: readonly (string | null)[],
  defaultCallingCode: string,
): { country: string; from: string } {
  const counts = new Map<string, number>();
  for (const phone of phones) {
    const country = countryOfPhone(phone);
    if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (best) return { country: best[0], from: 'where most signed cases’ phone numbers are' };
  const fallback = countryOfCallingCode(defaultCallingCode) ?? 'US';
  return { country: fallback, from: `DEFAULT_COUNTRY_CODE +${defaultCallingCode}` };
}

export function signedCasesKey(accountId: AccountId, valueBased: boolean): string {
  return `audiences.signed_cases${valueBased ? '_value' : ''}@${accountId}`;
}

/** A case value as Meta's LOOKALIKE_VALUE: the amount in the currency's whole units (45.5 for $45.50). */
export function lookalikeValue(valueCents: Minor, currency: CurrencyCode): number {
  return valueCents / currencyOffset(currency);
}

export interface SourceResult {
  audienceId: string;
  name: string;
  valueBased: boolean;
  created: boolean;
  added: number;
  /** In the audience now. */
  size: number;
}

export interface SourceDeps {
  db: Database;
  now: () => number;
  api: CustomAudiences;
  countryCode: string;
  batchSize?: number;
}

/**
 * Builds or refreshes the signed cases' customer list: created on first use (kept in
 * settings), then only signed cases not in it yet are sent, in batches of at most 10,000 tied
 * by one upload session. Value-based when any signed case has a value; one without gets
 * `fallbackValue` (CASE_VALUE).
 */
export async function refreshSignedCases(
  deps: SourceDeps,
  input: {
    account: Pick<Account, 'id' | 'currency'>;
    cases: readonly SignedCase[];
    fallbackValue: Minor;
    userId: string;
  },
): Promise<SourceResult> {
  const { db, api } = deps;
  const valueBased = input.cases.some((c) => c.valueCents !== null && c.valueCents > 0);
  const name = valueBased ? SIGNED_CASES_VALUE_NAME : SIGNED_CASES_NAME;
  const key = signedCasesKey(input.account.id, valueBased);
  let audienceId = readSetting<{ id: string }>(db, key)?.id ?? null;
  let created = false;
  if (!audienceId) {
    audienceId = (await api.findByName(name))?.id ?? null;
    if (!audienceId) {
      audienceId = await api.create(
        name,
        'The leads marked Signed case in LeadOps: the source of its lookalike audiences.',
        { valueBased },
      );
      created = true;
    }
    writeSetting(db, key, { id: audienceId }, deps.now());
  }
  const inAudience = new Set(
    (
      prepared(db, 'SELECT lead_id AS leadId FROM audience_members WHERE audience_id = ?').all(
        audienceId,
      ) as {
        leadId: string;
      }[]
    ).map((r) => r.leadId),
  );
  const schema: AudienceKey[] = valueBased ? [...AUDIENCE_SCHEMA, 'LOOKALIKE_VALUE'] : [...AUDIENCE_SCHEMA];
  const rows: { leadId: string; row: (string | number)[] }[] = [];
  for (const candidate of input.cases) {
    if (inAudience.has(candidate.leadId)) continue;
    const row = audienceRow(candidate, deps.countryCode);
    if (!row) continue;
    const value = candidate.valueCents ?? input.fallbackValue;
    rows.push({
      leadId: candidate.leadId,
      row: valueBased ? [...row, lookalikeValue(value, input.account.currency)] : row,
    });
  }
  const batchSize = Math.min(deps.batchSize ?? MAX_USERS_PER_REQUEST, MAX_USERS_PER_REQUEST);
  const batches = Math.ceil(rows.length / batchSize);
  const sessionId = randomInt(1, 2 ** 47);
  let sent = 0;
  let received = 0;
  let invalid = 0;
  for (let index = 0; index < batches; index++) {
    const batch = rows.slice(index * batchSize, (index + 1) * batchSize);
    const answer = await api.addUsers(
      audienceId,
      { schema, data: batch.map((b) => b.row) },
      {
        session_id: sessionId,
        batch_seq: index + 1,
        last_batch_flag: index === batches - 1,
        estimated_num_total: rows.length,
      },
    );
    addMembers(
      db,
      audienceId,
      batch.map((b) => b.leadId),
      sessionId,
      deps.now(),
    );
    sent += batch.length;
    received += answer.numReceived;
    invalid += answer.numInvalidEntries;
  }
  if (batches > 0)
    recordUpload(db, {
      audienceId,
      sessionId,
      userId: input.userId,
      batches,
      rowsSent: sent,
      numReceived: received,
      numInvalid: invalid,
      state: 'complete',
      error: null,
      at: deps.now(),
    });
  return { audienceId, name, valueBased, created, added: sent, size: countMembers(db, audienceId) };
}

/** `LeadOps — signed cases, 1% US` (`, value-based` for a value-based source). */
export function lookalikeName(percent: number, country: string, valueBased: boolean): string {
  return `LeadOps — signed cases, ${percent}% ${country}${valueBased ? ', value-based' : ''}`;
}

/** The proposal: on the ad account itself (no ad set), its play the lookalike's spec. */
export function draftLookalike(input: {
  account: Pick<Account, 'id' | 'timezone'>;
  args: LookalikeArgs;
  country: { country: string; from: string };
  source: SourceResult;
  userId: string;
  now: number;
}): ProposalDraft {
  const { source } = input;
  const name = lookalikeName(input.args.percent, input.country.country, source.valueBased);
  const play: LookalikePlay = {
    kind: 'lookalike',
    name,
    ratio: input.args.percent / 100,
    country: input.country.country,
    countryFrom: input.country.from,
    sourceAudienceId: source.audienceId,
    sourceName: source.name,
    sourceSize: source.size,
    valueBased: source.valueBased,
  };
  const today = todayIn(input.account.timezone, input.now);
  return {
    rule: '/audience',
    alsoRules: [],
    adsetId: '',
    adsetName: name,
    campaignId: '',
    campaignName: '',
    target: { type: 'account', id: input.account.id, name },
    action: 'create_lookalike',
    before: { status: 'NONE', dailyBudgetCents: null },
    after: { status: 'CREATED', dailyBudgetCents: null },
    reason: `<@${input.userId}> asked for a lookalike of the signed cases with /audience lookalike`,
    // No insights behind it: the source's people stand in the leads count.
    figures: {
      window: 'signed_cases',
      since: today,
      until: today,
      spendCents: 0,
      impressions: 0,
      leads: source.size,
      frequency: null,
    },
    urgent: false,
    severity: null,
    play,
  };
}
