// A lookalike audience of the signed cases (guide §5.3, §5.5): its source, a customer list of
// the leads marked Signed case, is uploaded by `/audience lookalike` before it proposes; on
// Approve Meta creates the lookalike — Meta checks the source (its size, the country, the
// ratio) as it creates it and its refusal is shown. No Undo: Meta keeps an audience until it is
// deleted in Ads Manager, and one in use cannot be.
import type { Proposal } from '../../db/proposals.js';
import { escapeMrkdwn } from '../../messages/text.js';
import { toMetaError } from '../../meta/errors.js';
import { formatCount } from '../../money.js';
import type { LookalikePlay } from '../../rules/plan.js';
import { unclear } from './object-change.js';
import type { ProposalActionKind } from './types.js';
import { audiencesUrl } from './words.js';

function playOf(proposal: Pick<Proposal, 'play'>): LookalikePlay {
  const play = proposal.play;
  if (play?.kind !== 'lookalike') throw new Error('a lookalike proposal without its spec');
  return play;
}

/** `1%`, `2.5%`. */
export function ratioPercent(ratio: number): string {
  const pct = Math.round(ratio * 1000) / 10;
  return `${pct}%`;
}

export const createLookalikeAction: ProposalActionKind = {
  action: 'create_lookalike',
  capped: false,
  withinCeiling: false,
  async apply(proposal, context) {
    const play = playOf(proposal);
    try {
      const audienceId = await context.port.createLookalike({
        name: play.name,
        description: `A ${ratioPercent(play.ratio)} lookalike in ${play.country} of ${play.sourceName}, made by LeadOps.`,
        originAudienceId: play.sourceAudienceId,
        ratio: play.ratio,
        country: play.country,
      });
      context.keep({ audienceId });
      return { status: 'applied', note: null };
    } catch (thrown) {
      const error = toMetaError(thrown);
      if (unclear(error))
        return {
          status: 'unconfirmed',
          note: `Meta gave no clear answer (${error.details.graphMessage}); the audience may or may not exist. Check Audiences in Ads Manager — LeadOps does not retry it.`,
        };
      return { status: 'failed', note: `${error.userMessage} No audience was created.` };
    }
  },
  undo: () => null,
  words: {
    headline: (proposal) => `Create the lookalike audience “${escapeMrkdwn(playOf(proposal).name)}”`,
    change: (proposal) => {
      const play = playOf(proposal as Proposal);
      return `create a ${ratioPercent(play.ratio)} lookalike in ${play.country} of “${escapeMrkdwn(play.sourceName)}”`;
    },
    confirmed: (proposal) => {
      const id = proposal.result?.audienceId ?? '—';
      return `the audience “${escapeMrkdwn(playOf(proposal).name)}” (id ${id}), ready to pick in <${audiencesUrl(proposal.accountId)}|Ads Manager → Audiences>`;
    },
    facts: (proposal) => {
      const play = playOf(proposal);
      const people = `${formatCount(play.sourceSize)} ${play.sourceSize === 1 ? 'person' : 'people'}`;
      return [
        `Source: “${escapeMrkdwn(play.sourceName)}” (${people}${play.valueBased ? ', each with its case value' : ''})`,
        `country ${play.country} (${escapeMrkdwn(play.countryFrom)})`,
        `ratio ${play.ratio.toFixed(2)}`,
      ].join(' · ');
    },
    noUndo:
      'Meta keeps an audience until it is deleted: delete it in Ads Manager (Audiences) if it is not wanted.',
  },
};
