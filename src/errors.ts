/**
 * Coded errors: each carries a stable `code` for logs and tests, and a `userMessage`
 * that is safe to show in Slack (no tokens, no stack traces).
 */
export enum ErrorCode {
  ConfigInvalid = 'leadops_config_invalid',
  DatabaseTooNew = 'leadops_database_too_new',
  MigrationNeedsAccount = 'leadops_migration_needs_account',
  CommandInvalid = 'leadops_command_invalid',
  MetaTokenInvalid = 'leadops_meta_token_invalid',
  MetaRateLimited = 'leadops_meta_rate_limited',
  MetaPermission = 'leadops_meta_permission',
  MetaUnavailable = 'leadops_meta_unavailable',
  MetaRequestFailed = 'leadops_meta_request_failed',
}

export class LeadOpsError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly userMessage: string = message,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ConfigProblem {
  setting: string;
  problem: string;
}

/** One or more settings that stop start-up: every problem is listed, one line per setting. */
export class ConfigError extends LeadOpsError {
  readonly problems: readonly ConfigProblem[];

  constructor(
    readonly setting: string,
    problem: string,
    ...more: ConfigProblem[]
  ) {
    const problems = [{ setting, problem }, ...more];
    const heading = problems.length > 1 ? [`${problems.length} settings need attention:`] : [];
    const lines = problems.map((p) => `${p.setting}: ${p.problem}`);
    super(ErrorCode.ConfigInvalid, [...heading, ...lines].join('\n  '));
    this.problems = problems;
  }
}

/** A user typed something we cannot act on; the message says what and shows the usage. */
export class CommandError extends LeadOpsError {
  constructor(
    problem: string,
    readonly usage: string,
  ) {
    super(ErrorCode.CommandInvalid, problem);
  }
}

export function userMessageOf(error: unknown): string {
  if (error instanceof LeadOpsError) return error.userMessage;
  return 'Something went wrong on our side. The details are in the bot’s log.';
}
