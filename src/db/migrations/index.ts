import { settings } from './001-settings.js';
import { leadsAndOutbox } from './002-leads-outbox.js';
import { reportRuns } from './003-report-runs.js';
import { rulesProposalsAudit } from './004-rules-proposals-audit.js';
import { watchdog } from './005-watchdog.js';
import { leadOutcomes } from './006-lead-outcomes.js';
import { accounts } from './007-accounts.js';
import { startedAt } from './008-started-at.js';
import { watchdogAccounts } from './009-watchdog-accounts.js';
import { rulesPerAccount } from './010-rules-per-account.js';
import { reportRunsPerAccount } from './011-report-runs-per-account.js';
import { leadAccounts } from './012-lead-accounts.js';
import { messageRefs } from './013-message-refs.js';
import { proposalPlays } from './014-proposal-plays.js';
import { speedToLead } from './015-speed-to-lead.js';
import { speedStatsIndexes } from './016-speed-stats-indexes.js';
import { followUps } from './017-follow-ups.js';
import { proposalPlayResults } from './018-proposal-play-results.js';
import { outboxPosting } from './019-outbox-posting.js';
import { speedPolish } from './020-speed-polish.js';
import type { Migration } from './migration.js';

/** In order; `PRAGMA user_version` records how far a database has come. */
export const MIGRATIONS: readonly Migration[] = [
  settings,
  leadsAndOutbox,
  reportRuns,
  rulesProposalsAudit,
  watchdog,
  leadOutcomes,
  accounts,
  startedAt,
  watchdogAccounts,
  rulesPerAccount,
  reportRunsPerAccount,
  leadAccounts,
  messageRefs,
  proposalPlays,
  speedToLead,
  speedStatsIndexes,
  followUps,
  proposalPlayResults,
  outboxPosting,
  speedPolish,
];
