// POST /{adset_id}/copies (guide §3): a copy of an ad set — with copies of its ads when
// `deep_copy` — under new ids, created PAUSED or as the original, the way Meta refuses it.
import type { SandboxAccount, SandboxAd, SandboxAdSet } from './account.js';
import { invalidParameter, invalidParameterForUser } from './graph-errors.js';
import { hash32 } from './random.js';

const STATUS_OPTIONS = new Set(['ACTIVE', 'PAUSED', 'INHERITED_FROM_SOURCE']);

/** Numbers the copies of one account: '1203' + the seed's digits + a counter (no original has that prefix). */
const copyCounters = new WeakMap<SandboxAccount, number>();

function nextCopyId(account: SandboxAccount): string {
  const counter = (copyCounters.get(account) ?? 0) + 1;
  copyCounters.set(account, counter);
  const seedDigits = String(hash32('ids', account.seed) % 100_000_000).padStart(8, '0');
  return `1203${seedDigits}${String(counter).padStart(6, '0')}`;
}

export interface CopyAnswer {
  copied_adset_id: string;
  ad_object_ids: { ad_object_type: 'ad_set' | 'ad'; source_id: string; copied_id: string }[];
}

/**
 * Copies `source` (and its ads with `deep_copy`) into the same campaign. A copy delivers like
 * its original from `today` on (no history). `register` makes the new ids known to the emulator.
 */
export function copyAdSet(
  account: SandboxAccount,
  source: SandboxAdSet,
  params: Record<string, string>,
  today: string,
  register: (id: string) => void,
): CopyAnswer {
  const statusOption = params.status_option ?? 'PAUSED';
  if (!STATUS_OPTIONS.has(statusOption))
    throw invalidParameter('param status_option must be one of {ACTIVE, PAUSED, INHERITED_FROM_SOURCE}');
  const deep = params.deep_copy === 'true' || params.deep_copy === '1';
  const ads = account.ads.filter((ad) => ad.adsetId === source.id);
  const rejected = ads.find((ad) => ad.effectiveStatus === 'DISAPPROVED');
  if (deep && rejected) {
    throw invalidParameterForUser(
      1885183,
      "Ad Can't Be Copied",
      `The ad “${rejected.name}” was rejected because it doesn't follow our Advertising Policies, so this ad set can't be copied with its ads. Edit the ad or delete it, then try again.`,
    );
  }
  if (deep && ads.length > 51)
    throw invalidParameterForUser(
      1885194,
      'Too Many Objects to Copy',
      'A deep copy can copy at most 51 ads at once. Copy the ad set without its ads instead.',
    );
  const status = (original: SandboxAdSet['status']): SandboxAdSet['status'] =>
    statusOption === 'INHERITED_FROM_SOURCE' ? original : (statusOption as SandboxAdSet['status']);
  const copy: SandboxAdSet = {
    ...source,
    id: nextCopyId(account),
    name: `${source.name} - Copy`,
    status: status(source.status),
    createdDate: today,
  };
  account.adsets.push(copy);
  register(copy.id);
  const answer: CopyAnswer = {
    copied_adset_id: copy.id,
    ad_object_ids: [{ ad_object_type: 'ad_set', source_id: source.id, copied_id: copy.id }],
  };
  if (deep) {
    for (const ad of ads) {
      const adCopy: SandboxAd = {
        ...ad,
        id: nextCopyId(account),
        adsetId: copy.id,
        status: status(ad.status),
        // A fresh copy has not worn out yet.
        fatigue: undefined,
      };
      account.ads.push(adCopy);
      register(adCopy.id);
      answer.ad_object_ids.push({ ad_object_type: 'ad', source_id: ad.id, copied_id: adCopy.id });
    }
  }
  return answer;
}
