import type { StoredLead } from '../../src/db/leads.js';
import type { MetaLead } from '../../src/meta/lead-retrieval.js';

/** Nov 29, 2026, 10:30 AM in Chicago: when the fixture leads were created. */
export const LEAD_CREATED = Date.UTC(2026, 10, 29, 16, 30);

/** A lead as Meta returns it; override what a test is about. */
export function metaLeadFixture(id: string, extra: Partial<MetaLead> = {}): MetaLead {
  return {
    id,
    createdTime: LEAD_CREATED,
    formId: 'form-1',
    adId: 'ad-1',
    adName: 'Hail Video',
    adsetId: 'adset-1',
    adsetName: 'Houston Homeowners',
    campaignId: 'camp-1',
    campaignName: 'Storm Season',
    isOrganic: false,
    platform: 'fb',
    fieldData: [],
    raw: { id },
    ...extra,
  };
}

/** A complete lead as the store returns it; override what a test is about. */
export function storedLeadFixture(id: string, extra: Partial<StoredLead> = {}): StoredLead {
  return {
    id,
    pageId: 'page-1',
    formId: 'form-1',
    adId: 'ad-1',
    adName: 'Hail Video',
    adsetId: 'adset-1',
    adsetName: 'Houston Homeowners',
    campaignId: 'camp-1',
    campaignName: 'Storm Season',
    accountId: null,
    createdTime: LEAD_CREATED,
    receivedAt: LEAD_CREATED,
    receivedVia: 'webhook',
    state: 'complete',
    fullName: 'Dana Whitfield',
    phone: '+1 (713) 555-0142',
    email: 'dana@example.com',
    answers: [],
    isOrganic: false,
    platform: 'fb',
    readError: null,
    purgedAt: null,
    ...extra,
  };
}
