import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/registry.js';
import type { ApprovalDesk } from '../approvals/desk.js';
import type { AudienceSync } from '../audiences/sync.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { LeadOutcomes } from '../conversions/outcomes.js';
import type { Database } from '../db/open.js';
import type { HomeTab } from '../home/home-tab.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import type { Reply } from '../messages/reply.js';
import type { AdAccount } from '../meta/ad-account.js';
import type { RulesEngine } from '../rules/engine.js';
import type { SpeedToLead } from '../speed/desk.js';
import type { Watchdog } from '../watchdog/runner.js';

/** What command handlers may use; built once by the composition root. */
export interface Services {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Meta's questions about one served account, in its currency (one object per account). */
  adAccountOf(account: Account): AdAccount;
  /** The ad accounts served: their names, currencies, time zones and home channels. */
  accounts: AccountRegistry;
  /** Posts to channels (Slack, or the terminal in the demo). */
  messenger: Messenger;
  /** Evaluates the rules and posts proposals (`/rules run`, RULES_CRON). */
  rules: RulesEngine;
  /** Proposals and the people who decide them: clicks, apply, expiry. */
  approvals: ApprovalDesk;
  /** Watches for silent failures and alerts the approvals channel (`/watchdog`, WATCHDOG_CRON). */
  watchdog: Watchdog;
  /** Lead outcomes (the alerts' buttons, the terminal's `qualify N`) and their Conversions API events. */
  outcomes: LeadOutcomes;
  /** The "LeadOps — past leads" exclusion audience (`/audience sync`). */
  audiences: AudienceSync;
  /** Speed to lead: lead clocks, Claim, round-robin, reminders and escalations. */
  speed: SpeedToLead;
  /** The App Home tab: built per viewer, published when opened and when something on it changes. */
  home: HomeTab;
}

/** Who asked, and where (Slack gives the channel's id and its name, without `#`). */
export interface Invocation {
  userId: string;
  channelId: string | null;
  channelName: string | null;
  text: string;
}

/**
 * A slash command apart from its transport: Slack and the terminal both call `handle`.
 * A malformed argument throws CommandError (shown as an ephemeral usage message).
 */
export interface SlashCommand {
  /** Without the slash: `cpl`. */
  name: string;
  usage: string;
  summary: string;
  handle(invocation: Invocation, services: Services): Promise<Reply>;
}
