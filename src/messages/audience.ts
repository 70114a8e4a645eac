import type { Account } from '../accounts/account.js';
import type { SyncResult } from '../audiences/sync.js';
import { formatCount } from '../money.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

const leads = (n: number) => (n === 1 ? '1 lead' : `${formatCount(n)} leads`);

/**
 * The answer to `/audience sync`: what was uploaded, what Meta took, how to use the audience.
 * With several accounts served, `account` names the one whose audience it is.
 */
export function buildAudienceSyncReply(
  result: SyncResult,
  account: Pick<Account, 'id' | 'name'> | null = null,
): Reply {
  const name = `“${escapeMrkdwn(result.audienceName)}”`;
  const headline =
    result.added === 0
      ? `:white_check_mark: No new leads to upload: ${name} already has ${leads(result.total)}.`
      : `:white_check_mark: Uploaded ${leads(result.added)} to ${name} in ${result.batches} ${result.batches === 1 ? 'batch' : 'batches'} (${result.created ? 'a new audience' : `${formatCount(result.total)} in it now`}). Meta received ${formatCount(result.numReceived)}${result.numInvalid > 0 ? `, ${formatCount(result.numInvalid)} of them invalid` : ''}.`;
  const where = account ? ` in ${escapeMrkdwn(account.name)} (${account.id}), with its leads only` : '';
  const notes = [
    `Audience ${escapeMrkdwn(result.audienceId)}${where} · email, phone, name and lead id, SHA-256 hashed · Meta takes up to 24 hours to match them.`,
    'Exclude it in each ad set’s targeting (Audience → Exclude) so past leads stop seeing the ads.',
  ];
  if (result.unmatchable > 0)
    notes.push(`${leads(result.unmatchable)} without a usable email or phone could not be added.`);
  return {
    visibility: 'ephemeral',
    text: headline.replace(/^:white_check_mark: /, ''),
    blocks: [section(headline), context(notes.join('\n'))],
  };
}

/**
 * `/audience lookalike` before there are enough signed cases: Meta needs `minimum` people in a
 * lookalike's source. Nothing was uploaded nor proposed.
 */
export function buildLookalikeTooSmallReply(
  signed: number,
  minimum: number,
  account: Pick<Account, 'id' | 'name'> | null = null,
): Reply {
  const cases = signed === 1 ? '1 signed case' : `${formatCount(signed)} signed cases`;
  const where = account ? ` in ${escapeMrkdwn(account.name)} (${account.id})` : '';
  const text = `Not enough signed cases for a lookalike yet: Meta needs at least ${formatCount(minimum)} people in its source, and LeadOps has ${cases}${where} with an email or phone. Nothing was uploaded or proposed — mark leads Signed case on their alerts as cases come in.`;
  return { visibility: 'ephemeral', text, blocks: [section(`:warning: ${text}`)] };
}
