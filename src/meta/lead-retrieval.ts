import { BatchLoader } from './batch-loader.js';
import { toMetaError } from './errors.js';
import type { GraphClient } from './graph-client.js';

/** A Lead Ads lead as LeadOps keeps it; `raw` is Graph's JSON, stored untouched. */
export interface MetaLead {
  id: string;
  createdTime: number;
  formId: string | null;
  adId: string | null;
  adName: string | null;
  adsetId: string | null;
  adsetName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  isOrganic: boolean;
  platform: string | null;
  fieldData: { name: string; values: string[] }[];
  raw: unknown;
}

export interface MetaLeadForm {
  id: string;
  pageId: string | null;
  name: string;
  questions: { key: string; label: string }[];
}

interface RawLead {
  id: string;
  created_time?: string;
  form_id?: string;
  ad_id?: string;
  ad_name?: string;
  adset_id?: string;
  adset_name?: string;
  campaign_id?: string;
  campaign_name?: string;
  is_organic?: boolean;
  platform?: string;
  field_data?: { name: string; values?: string[] }[];
}

interface RawForm {
  id: string;
  name?: string;
  page?: { id?: string };
  questions?: { key?: string; label?: string; type?: string }[];
}

const LEAD_FIELDS =
  'id,created_time,form_id,ad_id,ad_name,adset_id,adset_name,campaign_id,campaign_name,is_organic,platform,field_data';
const FORM_FIELDS = 'id,name,page,questions';

/** Meta writes `2026-11-29T16:30:00+0000`, which Date.parse does not read everywhere. */
function parseMetaTime(text: string | undefined): number {
  if (!text) return Number.NaN;
  return Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

function toLead(raw: RawLead): MetaLead {
  return {
    id: raw.id,
    createdTime: parseMetaTime(raw.created_time),
    formId: raw.form_id ?? null,
    adId: raw.ad_id ?? null,
    adName: raw.ad_name ?? null,
    adsetId: raw.adset_id ?? null,
    adsetName: raw.adset_name ?? null,
    campaignId: raw.campaign_id ?? null,
    campaignName: raw.campaign_name ?? null,
    isOrganic: raw.is_organic === true,
    platform: raw.platform ?? null,
    fieldData: (raw.field_data ?? []).map((f) => ({ name: f.name, values: f.values ?? [] })),
    raw,
  };
}

function toForm(raw: RawForm, pageId: string | null): MetaLeadForm {
  return {
    id: raw.id,
    pageId: raw.page?.id ?? pageId,
    name: raw.name ?? raw.id,
    questions: (raw.questions ?? [])
      .filter((q): q is { key: string; label?: string } => typeof q.key === 'string')
      .map((q) => ({ key: q.key, label: q.label ?? q.key })),
  };
}

/** Lead Ads reads, with the Page token (Meta's better rate limits for lead retrieval). */
export class LeadRetrieval {
  private readonly leads = new BatchLoader<MetaLead>((ids) => this.fetchLeads(ids));

  constructor(
    private readonly graph: GraphClient,
    private readonly pageToken: string,
  ) {}

  /** One lead; leads asked for in the same moment are fetched in one call. */
  lead(id: string): Promise<MetaLead> {
    return this.leads.load(id);
  }

  private async fetchOne(id: string): Promise<MetaLead> {
    return toLead(
      await this.graph.get<RawLead>([id], { fields: LEAD_FIELDS }, { token: this.pageToken, fresh: true }),
    );
  }

  /**
   * Several leads through `GET /?ids=…`. Meta fails the whole call when one id is not
   * readable, so a refused batch is retried one by one: a bad lead never holds back the others.
   */
  private async fetchLeads(ids: string[]): Promise<Map<string, MetaLead | Error>> {
    const results = new Map<string, MetaLead | Error>();
    const one = async (id: string) => {
      results.set(id, await this.fetchOne(id).catch((error: unknown) => toMetaError(error)));
    };
    if (ids.length === 1) {
      await one(ids[0] as string);
      return results;
    }
    try {
      const raw = await this.graph.get<Record<string, RawLead>>(
        [],
        { ids: ids.join(','), fields: LEAD_FIELDS },
        { token: this.pageToken, fresh: true },
      );
      for (const id of ids) {
        const lead = raw[id];
        results.set(id, lead ? toLead(lead) : new Error(`Meta returned no lead ${id}`));
      }
    } catch (error) {
      if (toMetaError(error).retryable) throw error;
      await Promise.all(ids.map(one));
    }
    return results;
  }

  async form(id: string): Promise<MetaLeadForm> {
    return toForm(
      await this.graph.get<RawForm>([id], { fields: FORM_FIELDS }, { token: this.pageToken }),
      null,
    );
  }

  async forms(pageId: string): Promise<MetaLeadForm[]> {
    const rows = await this.graph.getAll<RawForm>(
      [pageId, 'leadgen_forms'],
      { fields: FORM_FIELDS, limit: 100 },
      { token: this.pageToken, fresh: true },
    );
    return rows.map((row) => toForm(row, pageId));
  }

  /** Leads created after `sinceSeconds` (Meta's filter is in whole seconds), every page. */
  async leadsSince(formId: string, sinceSeconds: number): Promise<MetaLead[]> {
    const rows = await this.graph.getAll<RawLead>(
      [formId, 'leads'],
      {
        fields: LEAD_FIELDS,
        limit: 100,
        filtering: [{ field: 'time_created', operator: 'GREATER_THAN', value: sinceSeconds }],
      },
      { token: this.pageToken, fresh: true },
    );
    return rows.map(toLead);
  }
}
