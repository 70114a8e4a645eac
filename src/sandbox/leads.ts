// Lead Ads leads: the store the emulator serves from `/{form_id}/leads`, with realistic
// made-up contacts and answers for the form's questions.
import type { SandboxAccount, SandboxAd, SandboxForm } from './account.js';
import { addDays, eachDate, localDate, localDayStartMs } from './dates.js';
import { type DeliveryClock, deliveredFigures, splitAcrossAds } from './delivery.js';
import { createRandom, hash32, pick } from './random.js';

export interface LeadAnswer {
  name: string;
  values: string[];
}

export interface SandboxLead {
  id: string;
  /** The ad account ('act_…') whose Page and form took the lead. Not a Graph field of a lead. */
  adAccountId: string;
  /** Milliseconds since the epoch. */
  createdTime: number;
  formId: string;
  /** null for organic leads (the form was opened from the Page, not from an ad). */
  adId: string | null;
  isOrganic: boolean;
  platform: 'fb' | 'ig';
  fieldData: LeadAnswer[];
}

export interface AddLeadInput {
  /** 'act_…' or digits; default: the account of `adId` or `formId`, else the emulator's first. */
  accountId?: string;
  formId?: string;
  adId?: string;
  /** Milliseconds since the epoch; defaults to now. */
  createdTime?: number;
  /** Answers by question key (full_name, phone_number, email, custom keys); the rest are made up. */
  fields?: Record<string, string>;
  isOrganic?: boolean;
}

const FIRST_NAMES = [
  'Maria',
  'James',
  'Jose',
  'Ashley',
  'Michael',
  'Jessica',
  'David',
  'Brittany',
  'Luis',
  'Tanya',
];
const LAST_NAMES = [
  'Garcia',
  'Johnson',
  'Martinez',
  'Williams',
  'Nguyen',
  'Brown',
  'Hernandez',
  'Davis',
  'Lopez',
];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com'];
const TEXAS_AREA_CODES = ['713', '281', '832', '214', '469', '972', '817', '210', '512'];

/** The people who fill in an account's forms, when they are not the default Texans. */
export interface LeadContacts {
  /** [as written, as in an email address] */
  firstNames: readonly (readonly [string, string])[];
  lastNames: readonly (readonly [string, string])[];
  /** Written family name first, as in Japan. */
  familyNameFirst?: boolean;
  /** A phone number is one of these and `phoneDigits` random digits. */
  phonePrefixes: readonly string[];
  phoneDigits: number;
  emailDomains: readonly string[];
}

export type LeadFactory = (input?: AddLeadInput) => SandboxLead;

/** Makes leads with unique numeric ids; `now` gives the default created time. */
export function createLeadFactory(account: SandboxAccount, now: () => number): LeadFactory {
  const random = createRandom(hash32('leads', account.seed));
  const idDigits = String(hash32('lead-ids', account.seed) % 100_000_000).padStart(8, '0');
  let counter = 0;
  return (input = {}) => {
    const ad = input.adId === undefined ? undefined : findAd(account, input.adId);
    const isOrganic = input.isOrganic ?? false;
    const adForLead = isOrganic ? undefined : (ad ?? pickDeliveringAd(account, input.formId, random));
    const form = findForm(account, input.formId ?? adForLead?.formId);
    counter += 1;
    return {
      id: `1${idDigits}${String(counter).padStart(7, '0')}`,
      adAccountId: account.id,
      createdTime: input.createdTime ?? now(),
      formId: form.id,
      adId: adForLead?.id ?? null,
      isOrganic,
      platform: random() < 0.8 ? 'fb' : 'ig',
      fieldData: answers(form, random, input.fields ?? {}, account.contacts),
    };
  };
}

function findAd(account: SandboxAccount, adId: string): SandboxAd {
  const ad = account.ads.find((candidate) => candidate.id === adId);
  if (!ad) throw new Error(`addLead: no ad ${adId} in the sandbox account ${account.id}`);
  return ad;
}

function findForm(account: SandboxAccount, formId: string | undefined): SandboxForm {
  const form =
    formId === undefined ? account.forms[0] : account.forms.find((candidate) => candidate.id === formId);
  if (!form) throw new Error(`addLead: no form ${formId ?? ''} in the sandbox account ${account.id}`);
  return form;
}

/** An active ad (for the form, when given); any ad for the form if none is active. */
function pickDeliveringAd(account: SandboxAccount, formId: string | undefined, random: () => number) {
  const forForm = account.ads.filter((ad) => formId === undefined || ad.formId === formId);
  const active = forForm.filter((ad) => ad.effectiveStatus === 'ACTIVE');
  const candidates = active.length > 0 ? active : forForm;
  return candidates.length > 0 ? pick(random, candidates) : undefined;
}

function answers(
  form: SandboxForm,
  random: () => number,
  given: Record<string, string>,
  contacts: LeadContacts | undefined,
): LeadAnswer[] {
  const made = contacts ? madeUpContact(contacts, random) : madeUpTexan(random);
  const fieldData = form.questions.map((question) => ({
    name: question.key,
    values: [given[question.key] ?? made[question.key] ?? pick(random, question.options ?? ['Yes'])],
  }));
  const extra = Object.entries(given).filter(
    ([key]) => !form.questions.some((question) => question.key === key),
  );
  return [...fieldData, ...extra.map(([name, value]) => ({ name, values: [value] }))];
}

function madeUpTexan(random: () => number): Record<string, string> {
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  return {
    full_name: `${first} ${last}`,
    // 555-01xx numbers are reserved for fiction.
    phone_number: `+1${pick(random, TEXAS_AREA_CODES)}55501${String(Math.floor(random() * 100)).padStart(2, '0')}`,
    email: `${first}.${last}${Math.floor(random() * 90 + 10)}@${pick(random, EMAIL_DOMAINS)}`.toLowerCase(),
  };
}

function madeUpContact(contacts: LeadContacts, random: () => number): Record<string, string> {
  const [first, firstLatin] = pick(random, contacts.firstNames);
  const [last, lastLatin] = pick(random, contacts.lastNames);
  const digits = String(Math.floor(random() * 10 ** contacts.phoneDigits)).padStart(
    contacts.phoneDigits,
    '0',
  );
  return {
    full_name: contacts.familyNameFirst ? `${last} ${first}` : `${first} ${last}`,
    phone_number: `${pick(random, contacts.phonePrefixes)}${digits}`,
    email: `${firstLatin}.${lastLatin}${Math.floor(random() * 90 + 10)}@${pick(random, contacts.emailDomains)}`,
  };
}

/**
 * Leads added while the sandbox runs (addLead), counted per ad and local date. Meta's insights
 * count every lead an ad's form delivers, so these are added to the ads' delivered figures.
 */
export class LiveLeadCounts {
  private readonly byAdAndDate = new Map<string, number>();

  constructor(private readonly timezone: string) {}

  add(lead: SandboxLead): void {
    // An organic lead came from the Page, not from an ad: no ad's insights count it.
    if (lead.adId === null) return;
    const key = `${lead.adId}|${localDate(lead.createdTime, this.timezone)}`;
    this.byAdAndDate.set(key, (this.byAdAndDate.get(key) ?? 0) + 1);
  }

  count(adId: string, date: string): number {
    return this.byAdAndDate.get(`${adId}|${date}`) ?? 0;
  }
}

/**
 * Leads for the last `days` days (today so far included), one per instant-form lead the
 * ads delivered, so the store agrees with ad-level insights.
 */
export function leadHistory(
  account: SandboxAccount,
  clock: DeliveryClock,
  nowMs: number,
  days: number,
  createLead: LeadFactory,
): SandboxLead[] {
  if (days <= 0) return [];
  const random = createRandom(hash32('lead-times', account.seed));
  const leads: SandboxLead[] = [];
  for (const date of eachDate(addDays(clock.today, -(days - 1)), clock.today)) {
    const dayStart = localDayStartMs(date, account.timezone);
    const dayEnd = date === clock.today ? nowMs : localDayStartMs(addDays(date, 1), account.timezone);
    for (const adset of account.adsets) {
      const ads = account.ads.filter((ad) => ad.adsetId === adset.id);
      const perAd = splitAcrossAds(deliveredFigures(account, adset, date, clock), ads);
      ads.forEach((ad, index) => {
        for (let n = 0; n < (perAd[index]?.instantFormLeads ?? 0); n++) {
          // Meta's lead timestamps are whole seconds.
          const createdTime = Math.floor((dayStart + random() * (dayEnd - dayStart)) / 1000) * 1000;
          leads.push(createLead({ adId: ad.id, createdTime }));
        }
      });
    }
  }
  return leads.sort((a, b) => a.createdTime - b.createdTime);
}
