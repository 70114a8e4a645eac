// The sandbox ad accounts: the objects the Graph emulator serves and the delivery profiles
// that drive their daily figures (see daily-figures.ts). Every amount is an integer in the
// account currency's Meta unit (its "offset"): cents for USD or EUR, whole yen for JPY. The
// `…Cents` field names on the served objects predate other currencies and mean that unit.
import {
  agencyAccountTemplates,
  defaultAccountTemplate,
  GENERATED_ZONES,
  generatedAccountTemplate,
} from './account-templates.js';
import type { LeadContacts } from './leads.js';
import { hash32 } from './random.js';

export type DeliveryStatus = 'ACTIVE' | 'PAUSED';

/** ISO 4217, as the ad account's `currency` field gives it: 'USD', 'EUR', 'JPY', … */
export type SandboxCurrency = string;

export interface SandboxAccount {
  id: string; // 'act_…'
  accountId: string; // digits
  name: string;
  timezone: string; // IANA, e.g. 'America/Chicago'
  currency: SandboxCurrency;
  seed: number;
  pages: SandboxPage[];
  forms: SandboxForm[];
  campaigns: SandboxCampaign[];
  adsets: SandboxAdSet[];
  ads: SandboxAd[];
  /** How the made-up people who fill in its forms are named and reached. */
  contacts?: LeadContacts;
}

export interface SandboxCampaign {
  id: string;
  name: string;
  status: DeliveryStatus;
  objective: 'OUTCOME_LEADS';
  /**
   * Set = Advantage campaign budget (CBO): the ad sets then have no budget of their own. In the
   * currency's Meta unit (cents, or whole yen for JPY), as Meta's `daily_budget`.
   */
  dailyBudgetCents: number | null;
}

/** How an ad set delivers on a typical day; daily-figures.ts adds deterministic noise around it. */
export interface AdSetProfile {
  /**
   * Full-day spend on an average weekday, in the currency's Meta unit (as every amount here).
   * Independent of the budget so a budget change never rewrites history.
   */
  dailySpend: number;
  /** Cost per lead (instant form + pixel); null = spends without ever producing a lead. */
  cpl: number | null;
  /** Fraction of leads that come from the website pixel rather than the instant form. */
  pixelLeadShare: number;
  /** Clicks (all) / impressions. */
  ctr: number;
  /** Link clicks / clicks (all). */
  linkClickShare: number;
  cpm: number;
  /** Impressions / reach within one day. */
  dailyFrequency: number;
  /** Share of each further day's reach that is people not reached before (0..1); low = saturating audience. */
  audienceNovelty: number;
  /** Upper bound for reach over any period. */
  audienceSize: number;
}

export interface SandboxAdSet {
  id: string;
  campaignId: string;
  name: string;
  status: DeliveryStatus;
  /** In the currency's Meta unit (cents, or whole yen for JPY); null = none of that kind. */
  dailyBudgetCents: number | null;
  lifetimeBudgetCents: number | null;
  profile: AdSetProfile;
  /** A copy made while the sandbox runs (`/copies`): it has delivered nothing before this local date. */
  createdDate?: string;
}

export interface SandboxAd {
  id: string;
  adsetId: string;
  campaignId: string;
  name: string;
  status: DeliveryStatus;
  /** Kept in step with the parents' statuses by refreshEffectiveStatuses(). */
  effectiveStatus: string;
  /** The instant form the ad opens. */
  formId: string;
  /** Relative share of its ad set's delivery. */
  deliveryWeight: number;
  /** Creative fatigue (guide §7.3): how this ad wears out in the last days before today. */
  fatigue?: AdFatigue;
}

/**
 * An ad wearing out. `ctrDrop`: the share of its click-through rate lost by yesterday, sliding
 * down over the last FATIGUE_DAYS days (0.7 → CTR ~40% lower over the last 3 days than the week
 * before). `frequency`: its audience sees it this many times as often as its ad set's other ads.
 * The ad set's totals never change: its clicks and reach shift to its other ads.
 */
export interface AdFatigue {
  ctrDrop?: number;
  frequency?: number;
}

export interface SandboxPage {
  id: string;
  name: string;
  category: string;
}

export interface FormQuestion {
  key: string;
  label: string;
  type: string; // 'FULL_NAME' | 'PHONE' | 'EMAIL' | 'CUSTOM'
  options?: string[];
}

export interface SandboxForm {
  id: string;
  pageId: string;
  name: string;
  status: 'ACTIVE';
  /** e.g. 'en_US', 'de_DE', 'ja_JP'. */
  locale: string;
  questions: FormQuestion[];
}

export interface AccountOptions {
  /** Generates a large synthetic account (benchmarks) instead of the hand-written default one. */
  campaigns?: number;
  adsetsPerCampaign?: number;
  seed?: number;
  /** Generated accounts only: the currency (default USD) and time zone (one that fits it). */
  currency?: SandboxCurrency;
  timezone?: string;
  /** Generated accounts only: the account's name. */
  name?: string;
  /** Builds this template instead (ignores the options above but `seed`). */
  template?: AccountTemplate;
}

// Templates: what the account holds, before ids are assigned. Amounts in the currency's Meta unit.
export interface AdSetTemplate {
  name: string;
  status: DeliveryStatus;
  dailyBudget: number | null;
  lifetimeBudget: number | null;
  profile: AdSetProfile;
  ads: string[];
  /** By ad name: the ads that wear out (creative rotation). */
  fatigue?: Record<string, AdFatigue>;
}

export interface CampaignTemplate {
  name: string;
  status: DeliveryStatus;
  dailyBudget: number | null;
  formIndex: number;
  adsets: AdSetTemplate[];
}

export interface FormTemplate {
  name: string;
  questions: FormQuestion[];
}

export interface AccountTemplate {
  name: string;
  currency: SandboxCurrency;
  timezone: string;
  pageName: string;
  pageCategory: string;
  /** The forms' locale, e.g. 'en_US'. */
  locale: string;
  forms: FormTemplate[];
  campaigns: CampaignTemplate[];
  contacts?: LeadContacts;
}

const DEFAULT_SEED = 20261;

/** Seeds of the agency's accounts: the default one first, so its ids stay those of every test. */
const AGENCY_SEEDS = [DEFAULT_SEED, 20262, 20263];

/** One account: the hand-written US injury-law one, or a generated one (campaigns / adsetsPerCampaign). */
export function createSandboxAccount(options: AccountOptions = {}): SandboxAccount {
  const seed = options.seed ?? DEFAULT_SEED;
  const generated = options.campaigns !== undefined || options.adsetsPerCampaign !== undefined;
  const template =
    options.template ??
    (generated
      ? generatedAccountTemplate(seed, options.campaigns ?? 10, options.adsetsPerCampaign ?? 3, {
          currency: options.currency,
          timezone: options.timezone,
          name: options.name,
        })
      : defaultAccountTemplate());
  return buildAccount(seed, template);
}

/**
 * An agency's three accounts, each in its own currency and time zone: the US injury-law
 * account (USD, America/Chicago; the default one, same ids), a Berlin dental clinic (EUR,
 * Europe/Berlin) and a Tokyo real-estate firm (JPY, Asia/Tokyo, budgets in whole yen).
 */
export function createAgencySandbox(): SandboxAccount[] {
  return agencyAccountTemplates().map((template, index) =>
    buildAccount(AGENCY_SEEDS[index] ?? DEFAULT_SEED + index, template),
  );
}

export interface GeneratedAccountsOptions {
  campaigns?: number;
  adsetsPerCampaign?: number;
  /** Cycled over the accounts; default USD only. */
  currencies?: readonly SandboxCurrency[];
  /** The first account's seed; the others count up from it. */
  seed?: number;
}

/**
 * `count` large generated accounts for benchmarks, each with its own seed (so its own ids and
 * figures), currency (cycling through `currencies`) and a time zone that fits the currency.
 */
export function createGeneratedAccounts(
  count: number,
  options: GeneratedAccountsOptions = {},
): SandboxAccount[] {
  const currencies = options.currencies?.length ? options.currencies : ['USD'];
  const firstSeed = options.seed ?? 70_001;
  return Array.from({ length: count }, (_, index) => {
    const currency = currencies[index % currencies.length] ?? 'USD';
    const zones = GENERATED_ZONES[currency] ?? ['UTC'];
    return createSandboxAccount({
      seed: firstSeed + index,
      campaigns: options.campaigns ?? 50,
      adsetsPerCampaign: options.adsetsPerCampaign ?? 10,
      currency,
      timezone: zones[Math.floor(index / currencies.length) % zones.length],
      name: `Sandbox – Generated client ${String(index + 1).padStart(3, '0')} (${currency})`,
    });
  });
}

/** Numeric ids like Meta's: a type prefix, digits fixed by the seed, then a running counter. */
function createIdFactory(seed: number): (prefix: string, length: number) => string {
  const seedDigits = String(hash32('ids', seed) % 100_000_000).padStart(8, '0');
  let counter = 0;
  return (prefix, length) => {
    counter += 1;
    const counterDigits = String(counter).padStart(length - prefix.length - seedDigits.length, '0');
    return `${prefix}${seedDigits}${counterDigits}`;
  };
}

function buildAccount(seed: number, template: AccountTemplate): SandboxAccount {
  const nextId = createIdFactory(seed);
  const accountId = nextId('10', 16);
  const page: SandboxPage = {
    id: nextId('10', 15),
    name: template.pageName,
    category: template.pageCategory,
  };
  const forms: SandboxForm[] = template.forms.map((form) => ({
    id: nextId('9', 16),
    pageId: page.id,
    name: form.name,
    status: 'ACTIVE',
    locale: template.locale,
    questions: form.questions,
  }));
  const account: SandboxAccount = {
    id: `act_${accountId}`,
    accountId,
    name: template.name,
    timezone: template.timezone,
    currency: template.currency,
    seed,
    pages: [page],
    forms,
    campaigns: [],
    adsets: [],
    ads: [],
    ...(template.contacts ? { contacts: template.contacts } : {}),
  };
  for (const campaignTemplate of template.campaigns) {
    const campaign: SandboxCampaign = {
      id: nextId('1202', 18),
      name: campaignTemplate.name,
      status: campaignTemplate.status,
      objective: 'OUTCOME_LEADS',
      dailyBudgetCents: campaignTemplate.dailyBudget,
    };
    account.campaigns.push(campaign);
    const form = forms[campaignTemplate.formIndex] ?? forms[0];
    if (!form) throw new Error('An account template needs at least one lead form');
    for (const adsetTemplate of campaignTemplate.adsets) {
      const adset: SandboxAdSet = {
        id: nextId('1202', 18),
        campaignId: campaign.id,
        name: adsetTemplate.name,
        status: adsetTemplate.status,
        dailyBudgetCents: adsetTemplate.dailyBudget,
        lifetimeBudgetCents: adsetTemplate.lifetimeBudget,
        profile: adsetTemplate.profile,
      };
      account.adsets.push(adset);
      adsetTemplate.ads.forEach((adName, index) => {
        account.ads.push({
          id: nextId('1202', 18),
          adsetId: adset.id,
          campaignId: campaign.id,
          name: adName,
          status: 'ACTIVE',
          effectiveStatus: 'ACTIVE',
          formId: form.id,
          // The first ad usually wins the auction more often.
          deliveryWeight: index === 0 ? 0.62 : 0.38 / (adsetTemplate.ads.length - 1),
          ...(adsetTemplate.fatigue?.[adName] ? { fatigue: adsetTemplate.fatigue[adName] } : {}),
        });
      });
    }
  }
  refreshEffectiveStatuses(account);
  return account;
}

export function findCampaign(account: SandboxAccount, id: string): SandboxCampaign | undefined {
  return account.campaigns.find((campaign) => campaign.id === id);
}

/** The campaign an ad set or ad belongs to. */
export function campaignOf(
  account: SandboxAccount,
  child: { id: string; campaignId: string },
): SandboxCampaign {
  const campaign = findCampaign(account, child.campaignId);
  if (!campaign) throw new Error(`${child.id} points at a missing campaign`);
  return campaign;
}

export function adSetEffectiveStatus(account: SandboxAccount, adset: SandboxAdSet): string {
  if (campaignOf(account, adset).status === 'PAUSED') return 'CAMPAIGN_PAUSED';
  return adset.status;
}

/** An ad set delivers only while it and its campaign are both active. */
export function isDelivering(account: SandboxAccount, adset: SandboxAdSet): boolean {
  return adSetEffectiveStatus(account, adset) === 'ACTIVE';
}

/** Recomputes every ad's effective status after a status change somewhere above it. */
export function refreshEffectiveStatuses(account: SandboxAccount): void {
  for (const ad of account.ads) {
    const campaign = findCampaign(account, ad.campaignId);
    const adset = account.adsets.find((candidate) => candidate.id === ad.adsetId);
    if (campaign?.status === 'PAUSED') ad.effectiveStatus = 'CAMPAIGN_PAUSED';
    else if (adset?.status === 'PAUSED') ad.effectiveStatus = 'ADSET_PAUSED';
    else ad.effectiveStatus = ad.status;
  }
}
