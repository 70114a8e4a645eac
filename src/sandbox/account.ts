// The sandbox ad account: the objects the Graph emulator serves and the delivery
// profiles that drive their daily figures (see daily-figures.ts).
import { defaultAccountTemplate, generatedAccountTemplate } from './account-templates.js';
import { hash32 } from './random.js';

export type DeliveryStatus = 'ACTIVE' | 'PAUSED';

export interface SandboxAccount {
  id: string; // 'act_…'
  accountId: string; // digits
  name: string;
  timezone: string; // IANA, e.g. 'America/Chicago'
  currency: 'USD';
  seed: number;
  pages: SandboxPage[];
  forms: SandboxForm[];
  campaigns: SandboxCampaign[];
  adsets: SandboxAdSet[];
  ads: SandboxAd[];
}

export interface SandboxCampaign {
  id: string;
  name: string;
  status: DeliveryStatus;
  objective: 'OUTCOME_LEADS';
  /** Set = Advantage campaign budget (CBO): the ad sets then have no budget of their own. */
  dailyBudgetCents: number | null;
}

/** How an ad set delivers on a typical day; daily-figures.ts adds deterministic noise around it. */
export interface AdSetProfile {
  /** Full-day spend on an average weekday. Independent of the budget so a budget change never rewrites history. */
  dailySpendCents: number;
  /** Cost per lead (instant form + pixel); null = spends without ever producing a lead. */
  cplCents: number | null;
  /** Fraction of leads that come from the website pixel rather than the instant form. */
  pixelLeadShare: number;
  /** Clicks (all) / impressions. */
  ctr: number;
  /** Link clicks / clicks (all). */
  linkClickShare: number;
  cpmCents: number;
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
  dailyBudgetCents: number | null;
  lifetimeBudgetCents: number | null;
  profile: AdSetProfile;
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
}

export interface SandboxPage {
  id: string;
  name: string;
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
  questions: FormQuestion[];
}

export interface AccountOptions {
  /** Generates a large synthetic account (benchmarks) instead of the hand-written default one. */
  campaigns?: number;
  adsetsPerCampaign?: number;
  seed?: number;
}

// Templates: what the account holds, before ids are assigned.
export interface AdSetTemplate {
  name: string;
  status: DeliveryStatus;
  dailyBudgetCents: number | null;
  lifetimeBudgetCents: number | null;
  profile: AdSetProfile;
  ads: string[];
}

export interface CampaignTemplate {
  name: string;
  status: DeliveryStatus;
  dailyBudgetCents: number | null;
  formIndex: number;
  adsets: AdSetTemplate[];
}

export interface FormTemplate {
  name: string;
  questions: FormQuestion[];
}

export interface AccountTemplate {
  name: string;
  pageName: string;
  forms: FormTemplate[];
  campaigns: CampaignTemplate[];
}

const DEFAULT_SEED = 20261;

export function createSandboxAccount(options: AccountOptions = {}): SandboxAccount {
  const seed = options.seed ?? DEFAULT_SEED;
  const generated = options.campaigns !== undefined || options.adsetsPerCampaign !== undefined;
  const template = generated
    ? generatedAccountTemplate(seed, options.campaigns ?? 10, options.adsetsPerCampaign ?? 3)
    : defaultAccountTemplate();
  return buildAccount(seed, template);
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
  const page: SandboxPage = { id: nextId('10', 15), name: template.pageName };
  const forms: SandboxForm[] = template.forms.map((form) => ({
    id: nextId('9', 16),
    pageId: page.id,
    name: form.name,
    status: 'ACTIVE',
    questions: form.questions,
  }));
  const account: SandboxAccount = {
    id: `act_${accountId}`,
    accountId,
    name: template.name,
    timezone: 'America/Chicago',
    currency: 'USD',
    seed,
    pages: [page],
    forms,
    campaigns: [],
    adsets: [],
    ads: [],
  };
  for (const campaignTemplate of template.campaigns) {
    const campaign: SandboxCampaign = {
      id: nextId('1202', 18),
      name: campaignTemplate.name,
      status: campaignTemplate.status,
      objective: 'OUTCOME_LEADS',
      dailyBudgetCents: campaignTemplate.dailyBudgetCents,
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
        dailyBudgetCents: adsetTemplate.dailyBudgetCents,
        lifetimeBudgetCents: adsetTemplate.lifetimeBudgetCents,
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
