// What every kind of proposal action provides: the check against Meta, the write and its
// confirmation, the undo Meta allows, and its words. One file per action, listed in index.ts.
import type { Proposal } from '../../db/proposals.js';
import { AD_OBJECT_NOUNS } from '../../messages/ad-objects.js';
import type { AdObjectChange, AdObjectRef, AdObjectState, AdSetCopy } from '../../meta/ad-account.js';
import type { LookalikeSpec } from '../../meta/custom-audiences.js';
import type { CurrencyCode } from '../../money.js';
import type { PlayResult, ProposalAction, ProposalDraft } from '../../rules/plan.js';

/** What applying a status or budget change needs from Meta: read an object fresh, and change it. */
export interface AdObjectPort {
  readAdObject(ref: AdObjectRef): Promise<AdObjectState>;
  updateAdObject(ref: AdObjectRef, change: AdObjectChange): Promise<void>;
}

/** Meta, for one account, as the actions use it. */
export interface ActionPort extends AdObjectPort {
  /** An ad set's ads, read fresh. */
  adsOf(adsetId: string): Promise<AdObjectState[]>;
  /** `POST /{adset_id}/copies`. */
  copyAdSet(
    adsetId: string,
    options: { deepCopy: boolean; statusOption: 'PAUSED' | 'ACTIVE' | 'INHERITED_FROM_SOURCE' },
  ): Promise<AdSetCopy>;
  /** `POST /act_…/customaudiences` with `subtype=LOOKALIKE`; the new audience's id. */
  createLookalike(spec: LookalikeSpec): Promise<string>;
}

export interface ActionContext {
  port: ActionPort;
  /** The proposal's account currency: budgets are said in it. */
  currency: CurrencyCode;
  /** Keeps what Meta created at once (an ad set's copy), so a retry or the message can use it. */
  keep(result: PlayResult): void;
}

/** How an approved proposal ended (the caller records it); `note` says why in people's words. */
export interface ActionOutcome {
  status: 'applied' | 'unconfirmed' | 'failed' | 'stale';
  note: string | null;
}

/** What an action says: pure, on the proposal alone (mrkdwn, names escaped). */
export interface ActionWords {
  /** The title after `Proposal #N — `: `Pause “Houston – Broad”`. */
  headline(proposal: Proposal, currency: CurrencyCode): string;
  /** The change in a line: `pause the ad set (ACTIVE → PAUSED)`. */
  change(proposal: Pick<Proposal, 'action' | 'before' | 'after' | 'target'>, currency: CurrencyCode): string;
  /** What Meta shows once applied, after `Meta confirms `: `PAUSED`, `$48.00/day`. */
  confirmed(proposal: Proposal, currency: CurrencyCode): string;
  /** The facts line under the change, when not the rule's figures. */
  facts?(proposal: Proposal, currency: CurrencyCode): string;
  /** Why there is no Undo, when Meta allows none LeadOps makes. */
  noUndo?: string;
}

export interface ProposalActionKind {
  action: ProposalAction;
  /** Counts against MAX_CHANGES_PER_DAY for its ad set. */
  capped: boolean;
  /** Its new daily budget must stay within MAX_DAILY_BUDGET when approved. */
  withinCeiling: boolean;
  /**
   * Runs once per approval: reads what it acts on fresh from Meta (stale when it no longer
   * matches), writes — never retried blindly — and reads back.
   */
  apply(proposal: Proposal, context: ActionContext): Promise<ActionOutcome>;
  /** The change that puts an applied one back; null when Meta allows none LeadOps makes. */
  undo(original: Proposal): ProposalDraft | null;
  words: ActionWords;
}

/** The draft a proposal was made from, for an undo to start from. */
export function draftOf(proposal: Proposal): ProposalDraft {
  return {
    rule: proposal.rule,
    alsoRules: [],
    adsetId: proposal.adsetId,
    adsetName: proposal.adsetName,
    campaignId: proposal.campaignId,
    campaignName: proposal.campaignName,
    target: proposal.target,
    action: proposal.action,
    before: proposal.before,
    after: proposal.after,
    reason: `undo of proposal #${proposal.id}`,
    figures: proposal.figures,
    urgent: false,
    severity: null,
  };
}

/** `ad`, `ad set`, `campaign`: what a proposal's target is called in a sentence. */
export function objectKind(target: Proposal['target']): string {
  return AD_OBJECT_NOUNS[target.type];
}

/** The target as Meta's own objects: an ad, ad set or campaign (an account is none of them). */
export function adObjectRef(target: Proposal['target']): AdObjectRef {
  if (target.type === 'account') throw new Error(`${target.id} is an ad account, not an ad object`);
  return { type: target.type, id: target.id };
}

/** One account's ActionPort from its ad objects (AdAccount) and its audiences (CustomAudiences). */
export function actionPortOf(
  ads: Omit<ActionPort, 'createLookalike'>,
  audiences: Pick<ActionPort, 'createLookalike'>,
): ActionPort {
  return {
    readAdObject: (ref) => ads.readAdObject(ref),
    updateAdObject: (ref, change) => ads.updateAdObject(ref, change),
    adsOf: (adsetId) => ads.adsOf(adsetId),
    copyAdSet: (adsetId, options) => ads.copyAdSet(adsetId, options),
    createLookalike: (spec) => audiences.createLookalike(spec),
  };
}
