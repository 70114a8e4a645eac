// Graph nodes the emulator knows, found by id, and their fields as Meta names them.
import {
  adSetEffectiveStatus,
  campaignOf,
  type SandboxAccount,
  type SandboxAd,
  type SandboxAdSet,
  type SandboxCampaign,
  type SandboxForm,
  type SandboxPage,
} from './account.js';
import { accountHealthOf, adReviewFeedback } from './account-health.js';
import { addDays, eachDate, graphTimestamp, localDayStartMs, utcOffsetHours } from './dates.js';
import { type DeliveryClock, deliveredFigures } from './delivery.js';
import { nonexistingField } from './graph-errors.js';
import type { SandboxLead } from './leads.js';
import { minDailyBudget } from './writes.js';

export type GraphNode =
  | { type: 'account'; object: SandboxAccount }
  | { type: 'campaign'; object: SandboxCampaign }
  | { type: 'adset'; object: SandboxAdSet }
  | { type: 'ad'; object: SandboxAd }
  | { type: 'page'; object: SandboxPage }
  | { type: 'form'; object: SandboxForm }
  | { type: 'lead'; object: SandboxLead };

export interface NodeContext {
  account: SandboxAccount;
  leads: readonly SandboxLead[];
  clock: DeliveryClock;
  nowMs: number;
}

export function findNode(context: NodeContext, id: string): GraphNode | undefined {
  const { account } = context;
  if (id === account.id) return { type: 'account', object: account };
  const byId = <T extends { id: string }>(items: readonly T[]) => items.find((item) => item.id === id);
  const campaign = byId(account.campaigns);
  if (campaign) return { type: 'campaign', object: campaign };
  const adset = byId(account.adsets);
  if (adset) return { type: 'adset', object: adset };
  const ad = byId(account.ads);
  if (ad) return { type: 'ad', object: ad };
  const page = byId(account.pages);
  if (page) return { type: 'page', object: page };
  const form = byId(account.forms);
  if (form) return { type: 'form', object: form };
  const lead = byId(context.leads);
  return lead ? { type: 'lead', object: lead } : undefined;
}

type FieldTable<T> = Record<string, (object: T, context: NodeContext) => unknown>;

interface NodeSchema<T> {
  /** The type name Meta puts in "nonexisting field" errors. */
  graphType: string;
  defaultFields: string[];
  fields: FieldTable<T>;
}

/** Budgets are strings in the currency's Meta unit (cents, whole yen); "0" when the object has none of that kind. */
const cents = (value: number | null) => String(value ?? 0);

/** Everything in the sandbox "started" when its data window did, at 9:00 local time. */
function startTime(context: NodeContext): string {
  const { account, clock } = context;
  return graphTimestamp(localDayStartMs(clock.firstDate, account.timezone) + 9 * 3_600_000, account.timezone);
}

function spentTodayCents(context: NodeContext, adsets: readonly SandboxAdSet[]): number {
  return adsets.reduce(
    (sum, adset) =>
      sum + deliveredFigures(context.account, adset, context.clock.today, context.clock).spendCents,
    0,
  );
}

function spentInWindowCents(context: NodeContext, adsets: readonly SandboxAdSet[]): number {
  let total = 0;
  for (const date of eachDate(context.clock.firstDate, context.clock.today)) {
    for (const adset of adsets)
      total += deliveredFigures(context.account, adset, date, context.clock).spendCents;
  }
  return total;
}

const ACCOUNT: NodeSchema<SandboxAccount> = {
  graphType: 'AdAccount',
  defaultFields: ['id', 'account_id'],
  fields: {
    id: (a) => a.id,
    account_id: (a) => a.accountId,
    name: (a) => a.name,
    timezone_name: (a) => a.timezone,
    timezone_offset_hours_utc: (a, c) => utcOffsetHours(c.nowMs, a.timezone),
    currency: (a) => a.currency,
    account_status: (a) => accountHealthOf(a).accountStatus,
    disable_reason: (a) => accountHealthOf(a).disableReason,
    amount_spent: (a, c) => String(accountHealthOf(a).amountSpentCents ?? spentInWindowCents(c, a.adsets)),
    spend_cap: (a) => String(accountHealthOf(a).spendCapCents),
    balance: () => '0',
    min_daily_budget: (a) => minDailyBudget(a.currency),
  },
};

const CAMPAIGN: NodeSchema<SandboxCampaign> = {
  graphType: 'AdCampaignGroup',
  defaultFields: ['id'],
  fields: {
    id: (campaign) => campaign.id,
    name: (campaign) => campaign.name,
    account_id: (_, c) => c.account.accountId,
    status: (campaign) => campaign.status,
    configured_status: (campaign) => campaign.status,
    effective_status: (campaign) => campaign.status,
    objective: (campaign) => campaign.objective,
    buying_type: () => 'AUCTION',
    special_ad_categories: () => [],
    // Campaign-level budget and bid strategy exist only with Advantage campaign budget.
    daily_budget: (campaign) =>
      campaign.dailyBudgetCents === null ? undefined : cents(campaign.dailyBudgetCents),
    // Sandbox campaigns never have a lifetime budget: Meta then leaves the field out.
    lifetime_budget: () => undefined,
    bid_strategy: (campaign) => (campaign.dailyBudgetCents === null ? undefined : 'LOWEST_COST_WITHOUT_CAP'),
    budget_remaining: (campaign, c) => {
      if (campaign.dailyBudgetCents === null) return '0';
      const adsets = c.account.adsets.filter((adset) => adset.campaignId === campaign.id);
      return cents(Math.max(0, campaign.dailyBudgetCents - spentTodayCents(c, adsets)));
    },
    created_time: (_, c) => startTime(c),
    start_time: (_, c) => startTime(c),
  },
};

const AD_SET: NodeSchema<SandboxAdSet> = {
  graphType: 'AdCampaign',
  defaultFields: ['id'],
  fields: {
    id: (adset) => adset.id,
    name: (adset) => adset.name,
    account_id: (_, c) => c.account.accountId,
    campaign_id: (adset) => adset.campaignId,
    status: (adset) => adset.status,
    configured_status: (adset) => adset.status,
    effective_status: (adset, c) => adSetEffectiveStatus(c.account, adset),
    daily_budget: (adset) => cents(adset.dailyBudgetCents),
    lifetime_budget: (adset) => cents(adset.lifetimeBudgetCents),
    budget_remaining: (adset, c) => {
      if (adset.dailyBudgetCents !== null) {
        return cents(Math.max(0, adset.dailyBudgetCents - spentTodayCents(c, [adset])));
      }
      if (adset.lifetimeBudgetCents !== null) {
        return cents(Math.max(0, adset.lifetimeBudgetCents - spentInWindowCents(c, [adset])));
      }
      return '0';
    },
    bid_strategy: (adset, c) =>
      campaignOf(c.account, adset).dailyBudgetCents === null ? 'LOWEST_COST_WITHOUT_CAP' : undefined,
    optimization_goal: () => 'LEAD_GENERATION',
    billing_event: () => 'IMPRESSIONS',
    destination_type: () => 'ON_AD',
    promoted_object: (_, c) => ({ page_id: c.account.pages[0]?.id }),
    created_time: (_, c) => startTime(c),
    start_time: (_, c) => startTime(c),
    // A lifetime budget needs an end: a month from today.
    end_time: (adset, c) =>
      adset.lifetimeBudgetCents === null
        ? undefined
        : graphTimestamp(localDayStartMs(addDays(c.clock.today, 31), c.account.timezone), c.account.timezone),
  },
};

const AD: NodeSchema<SandboxAd> = {
  graphType: 'AdGroup',
  defaultFields: ['id'],
  fields: {
    id: (ad) => ad.id,
    name: (ad) => ad.name,
    account_id: (_, c) => c.account.accountId,
    campaign_id: (ad) => ad.campaignId,
    adset_id: (ad) => ad.adsetId,
    status: (ad) => ad.status,
    configured_status: (ad) => ad.status,
    effective_status: (ad) => ad.effectiveStatus,
    ad_review_feedback: (ad, c) => adReviewFeedback(c.account, ad),
    created_time: (_, c) => startTime(c),
  },
};

const PAGE: NodeSchema<SandboxPage> = {
  graphType: 'Page',
  defaultFields: ['name', 'id'],
  fields: {
    id: (page) => page.id,
    name: (page) => page.name,
    category: (page) => page.category,
  },
};

const FORM: NodeSchema<SandboxForm> = {
  graphType: 'LeadgenForm',
  defaultFields: ['id', 'locale', 'name', 'status'],
  fields: {
    id: (form) => form.id,
    name: (form) => form.name,
    status: (form) => form.status,
    locale: (form) => form.locale,
    page_id: (form) => form.pageId,
    page: (form, c) => {
      const page = c.account.pages.find((candidate) => candidate.id === form.pageId);
      return page && { name: page.name, id: page.id };
    },
    questions: (form) =>
      form.questions.map((question, index) => ({
        key: question.key,
        label: question.label,
        type: question.type,
        id: `${form.id}${index}`,
        ...(question.options && {
          options: question.options.map((value, n) => ({ value, key: `option_${n + 1}` })),
        }),
      })),
    leads_count: (form, c) => c.leads.filter((lead) => lead.formId === form.id).length,
    organic_leads_count: (form, c) =>
      c.leads.filter((lead) => lead.formId === form.id && lead.isOrganic).length,
    created_time: (_, c) => startTime(c),
  },
};

const LEAD: NodeSchema<SandboxLead> = {
  graphType: 'UserLeadGenInfo',
  defaultFields: ['created_time', 'id', 'field_data'],
  fields: {
    id: (lead) => lead.id,
    created_time: (lead) => graphTimestamp(lead.createdTime),
    form_id: (lead) => lead.formId,
    field_data: (lead) => lead.fieldData,
    is_organic: (lead) => lead.isOrganic,
    platform: (lead) => lead.platform,
    ad_id: (lead) => lead.adId ?? undefined,
    ad_name: (lead, c) => adOfLead(lead, c)?.name,
    adset_id: (lead, c) => adOfLead(lead, c)?.adsetId,
    adset_name: (lead, c) => {
      const adsetId = adOfLead(lead, c)?.adsetId;
      return c.account.adsets.find((adset) => adset.id === adsetId)?.name;
    },
    campaign_id: (lead, c) => adOfLead(lead, c)?.campaignId,
    campaign_name: (lead, c) => {
      const campaignId = adOfLead(lead, c)?.campaignId;
      return c.account.campaigns.find((campaign) => campaign.id === campaignId)?.name;
    },
  },
};

function adOfLead(lead: SandboxLead, context: NodeContext): SandboxAd | undefined {
  return lead.adId === null ? undefined : context.account.ads.find((ad) => ad.id === lead.adId);
}

/** The requested fields of objects of one type (comma list; the type's defaults when absent). */
function renderWith<T>(
  schema: NodeSchema<T>,
  objects: readonly T[],
  fieldsParam: string | undefined,
  context: NodeContext,
): Record<string, unknown>[] {
  const requested = (fieldsParam ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const fields = requested.length > 0 ? requested : schema.defaultFields;
  for (const field of fields) {
    if (!(field in schema.fields)) throw nonexistingField(field, schema.graphType);
  }
  return objects.map((object) => {
    const rendered: Record<string, unknown> = {};
    // Meta always answers with the id of a node.
    for (const field of [...fields, 'id']) {
      const value = schema.fields[field]?.(object, context);
      if (value !== undefined) rendered[field] = value;
    }
    return rendered;
  });
}

type Renderer<T> = (
  objects: readonly T[],
  fieldsParam: string | undefined,
  context: NodeContext,
) => Record<string, unknown>[];

const rendererFor =
  <T>(schema: NodeSchema<T>): Renderer<T> =>
  (objects, fieldsParam, context) =>
    renderWith(schema, objects, fieldsParam, context);

export const renderCampaigns = rendererFor(CAMPAIGN);
export const renderAdSets = rendererFor(AD_SET);
export const renderAds = rendererFor(AD);
export const renderForms = rendererFor(FORM);
export const renderLeads = rendererFor(LEAD);

export function renderNode(node: GraphNode, fieldsParam: string | undefined, context: NodeContext) {
  const one = <T>(schema: NodeSchema<T>, object: T) =>
    renderWith(schema, [object], fieldsParam, context)[0] ?? {};
  switch (node.type) {
    case 'account':
      return one(ACCOUNT, node.object);
    case 'campaign':
      return one(CAMPAIGN, node.object);
    case 'adset':
      return one(AD_SET, node.object);
    case 'ad':
      return one(AD, node.object);
    case 'page':
      return one(PAGE, node.object);
    case 'form':
      return one(FORM, node.object);
    case 'lead':
      return one(LEAD, node.object);
  }
}
