// The Graph API surface the sandbox serves: nodes by id, their edges, and the few writes.
import {
  campaignOf,
  type SandboxAccount,
  type SandboxAd,
  type SandboxAdSet,
  type SandboxCampaign,
} from './account.js';
import { reapplyAdReviews } from './account-health.js';
import { copyAdSet } from './copies.js';
import { type FilterRule, matchesFilters, parseFiltering, parseStringList } from './filtering.js';
import { invalidParameter, unknownPath, unsupportedRequest } from './graph-errors.js';
import type { GraphRequest } from './graph-request.js';
import { aggregateInsights, type InsightsLevel, type InsightsMember, insightsMembers } from './insights.js';
import { readInsightsRequest } from './insights-request.js';
import { insightsRow } from './insights-rows.js';
import type { LiveLeadCounts, SandboxLead } from './leads.js';
import { type Lineage, type LineageLevel, lineageLookup } from './lineage.js';
import {
  type GraphNode,
  type NodeContext,
  renderAdSets,
  renderAds,
  renderCampaigns,
  renderForms,
  renderLeads,
  renderNode,
} from './nodes.js';
import { paginate } from './paging.js';
import { updateNode } from './writes.js';

/** What one account's requests see: that account, and the emulator's shared parts. */
export interface RouteContext extends NodeContext {
  pageSize: number;
  /** The emulator's own origin, for absolute paging links. */
  baseUrl: string;
  /** Page id → the fields its app subscription covers. */
  subscriptions: Map<string, string[]>;
  /** True when this write must be acknowledged without being applied (ignoreNextWrites). */
  swallowWrite: () => boolean;
  /** `GET /debug_token`: Meta's description of the token in `input_token`. */
  debugToken?: (request: GraphRequest) => unknown;
  /** The leads added to this account while the sandbox runs: Meta's insights count them. */
  liveLeads?: LiveLeadCounts;
  /** Makes an object created while the sandbox runs (a copy) findable by its id. */
  register?: (id: string) => void;
}

/** Every account the emulator serves, and the surfaces that are not an account's. */
export interface SandboxWorld {
  /**
   * The node with this id and the context of the account holding it; undefined when no served
   * account holds it. Throws Meta's refusal for an object of an account the token lost.
   */
  resolve(id: string): { node: GraphNode; context: RouteContext } | undefined;
  /** Throws Meta's refusal for an `act_…` id the token cannot read (lost, or never served). */
  checkAccount(id: string): void;
  /** `GET /debug_token`: Meta's description of the token in `input_token`. */
  debugToken?: (request: GraphRequest) => unknown;
  /** Further surfaces (Conversions API, custom audiences): an answer, or undefined when the path is not theirs. */
  surfaces?: readonly ((request: GraphRequest) => unknown)[];
}

/** The app the sandbox token belongs to, as listed in a Page's subscribed_apps. */
const SANDBOX_APP = { id: '1000000000000001', name: 'LeadOps' };

export function routeGraphRequest(world: SandboxWorld, request: GraphRequest): unknown {
  const [id = '', edge, ...rest] = request.segments;
  if (id.startsWith('act_')) world.checkAccount(id);
  for (const surface of world.surfaces ?? []) {
    const answer = surface(request);
    if (answer !== undefined) return answer;
  }
  if (request.segments.length === 0 && request.method === 'GET' && request.params.ids)
    return multiIdLookup(world, request);
  if (rest.length > 0) throw unknownPath(`/${rest.join('/')}`);
  if (id === 'debug_token' && edge === undefined && request.method === 'GET' && world.debugToken)
    return world.debugToken(request);
  const found = world.resolve(id);
  if (!found) throw unsupportedRequest(request.method, id);
  const { node, context } = found;
  if (request.method === 'GET')
    return edge === undefined
      ? renderNode(node, request.params.fields, context)
      : getEdge(context, request, node, edge);
  if (request.method === 'POST') return post(context, request, node, edge);
  throw unsupportedRequest(request.method, id);
}

/**
 * `GET /?ids=a,b&fields=…`: several nodes in one call, keyed by id, each answered by the account
 * holding it; one unknown id fails the whole call, as on Meta.
 */
function multiIdLookup(world: SandboxWorld, request: GraphRequest): Record<string, unknown> {
  const ids = (request.params.ids ?? '').split(',').filter(Boolean);
  if (ids.length > 50) throw invalidParameter(`Too many IDs. Maximum: 50. Provided: ${ids.length}`);
  const found = ids.map((id) => ({ id, found: world.resolve(id) }));
  const missing = found.filter((entry) => !entry.found).map((entry) => entry.id);
  if (missing.length > 0)
    throw invalidParameter(`Some of the aliases you requested do not exist: ${missing.join(',')}`);
  const result: Record<string, unknown> = {};
  for (const entry of found) {
    if (entry.found)
      result[entry.id] = renderNode(entry.found.node, request.params.fields, entry.found.context);
  }
  return result;
}

function getEdge(context: RouteContext, request: GraphRequest, node: GraphNode, edge: string): unknown {
  const { account } = context;
  switch (`${node.type}/${edge}`) {
    case 'account/insights':
      return insights(context, request, 'account', () => true);
    case 'account/campaigns':
      return campaigns(context, request, account.campaigns);
    case 'account/adsets':
      return adsets(context, request, account.adsets);
    case 'account/ads':
      return ads(context, request, account.ads);
    case 'campaign/insights':
      return insights(context, request, 'campaign', (member) => member.campaign.id === node.object.id);
    case 'campaign/adsets':
      return adsets(
        context,
        request,
        account.adsets.filter((adset) => adset.campaignId === node.object.id),
      );
    case 'campaign/ads':
      return ads(
        context,
        request,
        account.ads.filter((ad) => ad.campaignId === node.object.id),
      );
    case 'adset/insights':
      return insights(context, request, 'adset', (member) => member.adset.id === node.object.id);
    case 'adset/ads':
      return ads(
        context,
        request,
        account.ads.filter((ad) => ad.adsetId === node.object.id),
      );
    case 'ad/insights':
      return insights(context, request, 'ad', (member) => member.ad?.id === node.object.id);
    case 'ad/leads':
      return leads(context, request, (lead) => lead.adId === node.object.id);
    case 'form/leads':
      return leads(context, request, (lead) => lead.formId === node.object.id);
    case 'page/leadgen_forms': {
      const forms = account.forms.filter((form) => form.pageId === node.object.id);
      const page = paginate(forms, request, context.pageSize, context.baseUrl);
      return { ...page, data: renderForms(page.data, request.params.fields, context) };
    }
    case 'page/subscribed_apps': {
      const fields = context.subscriptions.get(node.object.id);
      return { data: fields ? [{ ...SANDBOX_APP, subscribed_fields: fields }] : [] };
    }
    default:
      throw unknownPath(`/${edge}`);
  }
}

function post(
  context: RouteContext,
  request: GraphRequest,
  node: GraphNode,
  edge: string | undefined,
): unknown {
  if (edge === 'copies' && node.type === 'adset') {
    const answer = copyAdSet(
      context.account,
      node.object,
      request.params,
      context.clock.today,
      context.register ?? (() => {}),
    );
    reapplyAdReviews(context.account);
    return answer;
  }
  if (edge === undefined && (node.type === 'campaign' || node.type === 'adset' || node.type === 'ad')) {
    updateNode(context.account, node, request.params, !context.swallowWrite());
    // A status change recomputes effective statuses; ads Meta's review flagged stay flagged.
    reapplyAdReviews(context.account);
    return { success: true };
  }
  if (edge === 'subscribed_apps' && node.type === 'page') {
    const fields = parseStringList(request.params.subscribed_fields, 'subscribed_fields');
    if (!fields || fields.length === 0)
      throw invalidParameter('The parameter subscribed_fields is required.');
    context.subscriptions.set(node.object.id, fields);
    return { success: true };
  }
  if (edge === undefined) throw unsupportedRequest('POST', node.object.id);
  throw unknownPath(`/${edge}`);
}

function insights(
  context: RouteContext,
  request: GraphRequest,
  defaultLevel: InsightsLevel,
  inScope: (member: InsightsMember) => boolean,
) {
  const { account, clock } = context;
  const query = readInsightsRequest(request, defaultLevel, clock.today);
  const perAd = query.level === 'ad' || query.filters.some((rule) => rule.field.startsWith('ad.'));
  const members = insightsMembers(account, perAd).filter(
    (member) => inScope(member) && matchesFilters(query.filters, insightsFilterLookup(account, member)),
  );
  const totals = aggregateInsights(account, clock, query.level, members, query.periods, context.liveLeads);
  const page = paginate(totals, request, context.pageSize, context.baseUrl);
  return { ...page, data: page.data.map((row) => insightsRow(row, query.fields)) };
}

/** Insights filter on `campaign.*`, `adset.*` and `ad.*` fields only. */
function insightsFilterLookup(account: SandboxAccount, member: InsightsMember) {
  const lookup = lineageLookup(account, member, 'campaign');
  return (field: string) => (field.includes('.') ? lookup(field) : undefined);
}

/** Objects of an ads edge that pass `effective_status` and `filtering`. */
function listed<T>(
  context: RouteContext,
  request: GraphRequest,
  objects: readonly T[],
  level: LineageLevel,
  lineageOf: (object: T) => Lineage,
): T[] {
  const statuses = parseStringList(request.params.effective_status, 'effective_status');
  const rules: FilterRule[] = parseFiltering(request.params.filtering);
  return objects.filter((object) => {
    const lookup = lineageLookup(context.account, lineageOf(object), level);
    const status = lookup('effective_status');
    return (!statuses || statuses.includes(String(status))) && matchesFilters(rules, lookup);
  });
}

function campaigns(context: RouteContext, request: GraphRequest, objects: readonly SandboxCampaign[]) {
  const matching = listed(context, request, objects, 'campaign', (campaign) => ({ campaign }));
  const page = paginate(matching, request, context.pageSize, context.baseUrl);
  return { ...page, data: renderCampaigns(page.data, request.params.fields, context) };
}

function adsets(context: RouteContext, request: GraphRequest, objects: readonly SandboxAdSet[]) {
  const matching = listed(context, request, objects, 'adset', (adset) => ({
    campaign: campaignOf(context.account, adset),
    adset,
  }));
  const page = paginate(matching, request, context.pageSize, context.baseUrl);
  return { ...page, data: renderAdSets(page.data, request.params.fields, context) };
}

function ads(context: RouteContext, request: GraphRequest, objects: readonly SandboxAd[]) {
  const matching = listed(context, request, objects, 'ad', (ad) => ({
    campaign: campaignOf(context.account, ad),
    adset: context.account.adsets.find((adset) => adset.id === ad.adsetId),
    ad,
  }));
  const page = paginate(matching, request, context.pageSize, context.baseUrl);
  return { ...page, data: renderAds(page.data, request.params.fields, context) };
}

/** Newest first, as Meta lists them; `filtering` on time_created (unix seconds). */
function leads(context: RouteContext, request: GraphRequest, belongs: (lead: SandboxLead) => boolean) {
  const rules = parseFiltering(request.params.filtering);
  const matching = context.leads
    .filter(
      (lead) =>
        belongs(lead) &&
        matchesFilters(rules, (field) =>
          field === 'time_created' ? Math.floor(lead.createdTime / 1000) : undefined,
        ),
    )
    .sort((a, b) => b.createdTime - a.createdTime || b.id.localeCompare(a.id));
  const page = paginate(matching, request, context.pageSize, context.baseUrl);
  return { ...page, data: renderLeads(page.data, request.params.fields, context) };
}
