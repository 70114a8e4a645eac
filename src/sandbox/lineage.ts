// Filter fields for ads objects: `name`, `effective_status`, … on the object itself and
// `campaign.name`, `adset.id`, `ad.effective_status`, … on it and its parents.
import {
  adSetEffectiveStatus,
  type SandboxAccount,
  type SandboxAd,
  type SandboxAdSet,
  type SandboxCampaign,
} from './account.js';
import type { FieldLookup } from './filtering.js';

export interface Lineage {
  campaign: SandboxCampaign;
  adset?: SandboxAdSet;
  ad?: SandboxAd;
}

export type LineageLevel = keyof Lineage;

export function lineageLookup(
  account: SandboxAccount,
  lineage: Lineage,
  ownLevel: LineageLevel,
): FieldLookup {
  return (field) => {
    const dot = field.indexOf('.');
    const level = dot === -1 ? ownLevel : field.slice(0, dot);
    const attribute = dot === -1 ? field : field.slice(dot + 1);
    if (level === 'campaign') return campaignAttribute(lineage.campaign, attribute);
    if (level === 'adset' && lineage.adset) return adSetAttribute(account, lineage.adset, attribute);
    if (level === 'ad' && lineage.ad) return adAttribute(lineage.ad, attribute);
    return undefined;
  };
}

function campaignAttribute(campaign: SandboxCampaign, attribute: string): string | undefined {
  if (attribute === 'effective_status') return campaign.status;
  return commonAttribute(campaign, attribute);
}

function adSetAttribute(account: SandboxAccount, adset: SandboxAdSet, attribute: string): string | undefined {
  if (attribute === 'effective_status') return adSetEffectiveStatus(account, adset);
  if (attribute === 'campaign_id') return adset.campaignId;
  return commonAttribute(adset, attribute);
}

function adAttribute(ad: SandboxAd, attribute: string): string | undefined {
  if (attribute === 'effective_status') return ad.effectiveStatus;
  if (attribute === 'campaign_id') return ad.campaignId;
  if (attribute === 'adset_id') return ad.adsetId;
  return commonAttribute(ad, attribute);
}

function commonAttribute(object: { id: string; name: string; status: string }, attribute: string) {
  if (attribute === 'id') return object.id;
  if (attribute === 'name') return object.name;
  if (attribute === 'status' || attribute === 'configured_status') return object.status;
  return undefined;
}
