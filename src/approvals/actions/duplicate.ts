// Duplicate a winner (guide §3): Meta's `/copies` edge copies the ad set with its ads
// (`deep_copy`), created PAUSED; then the copy gets its own daily budget, the ads that were on
// in the original are turned on in the copy, and the copy itself last — so nothing spends at
// the original's budget. Undo pauses the copy (Meta keeps it; delete it in Ads Manager).
import type { Proposal } from '../../db/proposals.js';
import type { AdObjectRef, AdObjectState } from '../../meta/ad-account.js';
import { type MetaError, toMetaError } from '../../meta/errors.js';
import type { CurrencyCode } from '../../money.js';
import type { PlayResult } from '../../rules/plan.js';
import { differences, unclear } from './object-change.js';
import { type ActionOutcome, draftOf, type ProposalActionKind } from './types.js';
import { adsManagerAdSetUrl, perDay, titleName } from './words.js';

/** An ad set Meta no longer delivers nor lets anyone change: nothing to copy. */
const GONE = new Set(['DELETED', 'ARCHIVED']);

function link(accountId: string, adsetId: string, text: string): string {
  return `<${adsManagerAdSetUrl(accountId, adsetId)}|${text}>`;
}

/** Once the copy exists, a refusal says so, and that approving again goes on with it. */
function afterCopy(copyId: string, step: string, error: MetaError): ActionOutcome {
  const made = `Meta made the copy ${copyId} (paused), but ${step}`;
  if (unclear(error))
    return {
      status: 'unconfirmed',
      note: `${made} got no clear answer (${error.details.graphMessage}). Check the copy in Ads Manager — LeadOps does not retry it.`,
    };
  return {
    status: 'failed',
    note: `${made} was refused. ${error.userMessage} Approving again goes on with that copy; no second copy is made.`,
  };
}

async function apply(
  proposal: Proposal,
  context: Parameters<ProposalActionKind['apply']>[1],
): Promise<ActionOutcome> {
  const { port, currency } = context;
  const budget = proposal.after.dailyBudgetCents;
  if (budget === null) throw new Error(`proposal ${proposal.id} has no budget for the copy`);
  let result: PlayResult = proposal.result ?? {};
  if (!result.copyId) {
    const source: AdObjectRef = { type: 'adset', id: proposal.target.id };
    let state: AdObjectState;
    let ads: AdObjectState[];
    try {
      state = await port.readAdObject(source);
      ads = await port.adsOf(source.id);
    } catch (thrown) {
      return {
        status: 'failed',
        note: `LeadOps could not read the ad set from Meta first, so nothing was copied. ${toMetaError(thrown).userMessage}`,
      };
    }
    if (GONE.has(state.status))
      return {
        status: 'stale',
        note: `The ad set is ${state.status} now, so there is nothing to copy. Nothing was written.`,
      };
    try {
      const copy = await port.copyAdSet(source.id, { deepCopy: true, statusOption: 'PAUSED' });
      const on = new Set(ads.filter((ad) => ad.status === 'ACTIVE').map((ad) => ad.id));
      result = {
        copyId: copy.adsetId,
        adCopies: copy.ads.map((ad) => ({ ...ad, active: on.has(ad.sourceId) })),
      };
      context.keep(result);
    } catch (thrown) {
      const error = toMetaError(thrown);
      if (unclear(error))
        return {
          status: 'unconfirmed',
          note: `Meta gave no clear answer to the copy (${error.details.graphMessage}); a copy may or may not exist. Check the campaign in Ads Manager — LeadOps does not retry it.`,
        };
      return { status: 'failed', note: `${error.userMessage} Nothing was copied.` };
    }
  }
  const copyId = result.copyId as string;
  const copy: AdObjectRef = { type: 'adset', id: copyId };
  try {
    await port.updateAdObject(copy, { dailyBudgetCents: budget });
  } catch (thrown) {
    return afterCopy(copyId, `its daily budget of ${perDay(budget, currency)}`, toMetaError(thrown));
  }
  for (const ad of (result.adCopies ?? []).filter((a) => a.active)) {
    try {
      await port.updateAdObject({ type: 'ad', id: ad.copyId }, { status: 'ACTIVE' });
    } catch (thrown) {
      return afterCopy(copyId, `turning on its ad ${ad.copyId}`, toMetaError(thrown));
    }
  }
  try {
    await port.updateAdObject(copy, { status: 'ACTIVE' });
  } catch (thrown) {
    return afterCopy(copyId, 'turning it on', toMetaError(thrown));
  }
  let after: AdObjectState;
  try {
    after = await port.readAdObject(copy);
  } catch (thrown) {
    return {
      status: 'unconfirmed',
      note: `Meta accepted the copy ${copyId} but it could not be read back (${toMetaError(thrown).userMessage}). Check it in Ads Manager.`,
    };
  }
  const missing = differences(proposal.after, after, currency);
  if (missing.length > 0)
    return {
      status: 'unconfirmed',
      note: `Meta answered success, but the copy ${copyId} shows ${missing.join(' and ')}. Check it in Ads Manager — LeadOps does not retry it.`,
    };
  return { status: 'applied', note: null };
}

export const duplicateAction: ProposalActionKind = {
  action: 'duplicate',
  capped: true,
  withinCeiling: true,
  apply,
  undo: (original) => {
    const copyId = original.result?.copyId;
    if (!copyId) return null;
    return {
      ...draftOf(original),
      target: { type: 'adset', id: copyId, name: `${original.adsetName} - Copy` },
      action: 'pause',
      before: original.after,
      after: { ...original.after, status: 'PAUSED' },
    };
  },
  words: {
    headline: (proposal, currency: CurrencyCode) =>
      `Duplicate ${titleName(proposal)} at ${perDay(proposal.after.dailyBudgetCents, currency)}`,
    change: (proposal, currency) =>
      `copy the ad set with its ads at ${perDay(proposal.after.dailyBudgetCents, currency)} (the original: ${perDay(proposal.before.dailyBudgetCents, currency)}) and turn the copy on`,
    confirmed: (proposal, currency) => {
      const copyId = proposal.result?.copyId;
      const original = link(proposal.accountId, proposal.target.id, `original ${proposal.target.id}`);
      if (!copyId) return `the copy of ${original}`;
      return `${link(proposal.accountId, copyId, `copy ${copyId}`)} ${proposal.after.status} at ${perDay(proposal.after.dailyBudgetCents, currency)}, next to the ${original}`;
    },
  },
};
