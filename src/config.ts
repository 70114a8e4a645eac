import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { type AccountId, normaliseAccountId } from './accounts/account.js';
import { ConfigError, type ConfigProblem } from './errors.js';

/** How the process was started: the real bot, or the demo against the sandbox account. */
export type RunMode = 'start' | 'demo';

export type SlackTransport =
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret: string | null }
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'terminal' };

export interface Config {
  mode: RunMode;
  logLevel: string;
  port: number;
  databasePath: string;
  slack: {
    transport: SlackTransport;
    apiUrl: string;
    /** SLACK_POSTS_PER_SECOND: each channel's posting pace (Slack allows about 1, short bursts). */
    postsPerSecond: number;
  };
  meta: {
    accessToken: string;
    /** META_AD_ACCOUNT_ID: the accounts served from the start (Slack may connect more). */
    adAccountIds: AccountId[];
    /** ACCOUNT_CHANNELS: each account's home channel. */
    accountChannels: ReadonlyMap<AccountId, string>;
    appSecret: string | null;
    verifyToken: string | null;
    pageAccessToken: string;
    pageIds: string[];
    /** META_PIXEL_ID: one dataset for every account, or one per account. */
    pixel: { all: string | null; byAccount: ReadonlyMap<AccountId, string> };
    graphUrl: string;
    apiVersion: string | null;
    cacheSeconds: number;
  };
  channels: { report: string | null; leads: string | null; approvals: string | null };
  approvers: string[];
  cron: { report: string; rules: string; leadsPoll: string; watchdog: string };
  timezone: string | null;
  proposalTtlHours: number;
  /** MAX_DAILY_BUDGET: a decimal amount in each account's own currency. */
  maxDailyBudget: string | null;
  protected: string[];
  leadRetentionDays: number | null;
  /** Speed to lead: SPEED_SLA_MINUTES (decimals allowed); the escalation comes at three times it. */
  speed: { slaMinutes: number };
  conversions: {
    /** CASE_VALUE: a decimal amount in each account's own currency. */
    caseValue: string;
    defaultCountryCode: string;
    testEventCode: string | null;
    /** Conversions API event names for each stage; junk is sent only when CAPI_STAGE_JUNK is set. */
    stages: { lead: string; contacted: string; qualified: string; signed: string; junk: string | null };
  };
}

type Env = Record<string, string | undefined>;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const list = optionalText.transform((value) =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [],
);

function positiveInteger(fallback: number) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number above 0' });
      return z.NEVER;
    }
    return Number(value);
  });
}

function cron(fallback: string) {
  return optionalText.transform((value, ctx) => {
    const expression = value ?? fallback;
    if (!isValidCron(expression)) {
      ctx.addIssue({
        code: 'custom',
        message: `is not a cron expression ("${expression}"), e.g. "0 8 * * *"`,
      });
      return z.NEVER;
    }
    return expression;
  });
}

/** An amount in the account's own currency, kept as decimal text: each account reads it in its own unit. */
const amount = optionalText.transform((value, ctx) => {
  // A currency sign people type (`$1,200`, `¥8,000`) and thousands separators are dropped.
  const text = value?.replace(/^[^\d.-]{1,3}/, '').replaceAll(',', '');
  if (text !== undefined && !/^\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an amount in the account's currency, e.g. 250 or 99.50 (got "${value}")`,
    });
    return z.NEVER;
  }
  return text;
});

/** `act_1=X,act_2=Y`: each entry checked, the first bad one named. */
function accountPairs(what: string, valid: (value: string) => boolean) {
  return list.transform((entries, ctx) => {
    const pairs = new Map<AccountId, string>();
    for (const entry of entries) {
      const [rawId = '', value = ''] = entry.split('=').map((part) => part.trim());
      const id = normaliseAccountId(rawId);
      if (!id || !valid(value)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not act_<id>=<${what}>` });
        return z.NEVER;
      }
      pairs.set(id, value);
    }
    return pairs;
  });
}

const timezone = optionalText.refine(
  (zone) => {
    if (zone === undefined) return true;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/Chicago' },
);

/** A Conversions API event name (a CRM stage): free-form for Meta, kept to a sane shape here. */
const stageName = optionalText.refine((v) => v === undefined || /^[A-Za-z][\w .-]{0,49}$/.test(v), {
  message: 'must be an event name of letters, digits, spaces, _ . or - (at most 50), e.g. QualifiedLead',
});

const envSchema = z.object({
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: optionalText.pipe(z.url({ message: 'must be a URL' }).optional()),
  META_ACCESS_TOKEN: optionalText,
  META_AD_ACCOUNT_ID: list.transform((entries, ctx) => {
    const ids: AccountId[] = [];
    for (const entry of entries) {
      const id = normaliseAccountId(entry);
      if (!id) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" must look like act_1234567890 or 1234567890` });
        return z.NEVER;
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }),
  ACCOUNT_CHANNELS: accountPairs('channel id or #name', (channel) =>
    /^(#[\w.-]+|[CG][A-Z0-9]+)$/.test(channel),
  ),
  META_APP_SECRET: optionalText,
  META_VERIFY_TOKEN: optionalText,
  META_PAGE_ACCESS_TOKEN: optionalText,
  META_PAGE_ID: list.refine((ids) => ids.every((id) => /^\d+$/.test(id)), {
    message: 'must be numeric Page ids, comma-separated',
  }),
  META_PIXEL_ID: optionalText.transform((value, ctx) => {
    if (value === undefined) return { all: null, byAccount: new Map<AccountId, string>() };
    if (/^\d+$/.test(value)) return { all: value, byAccount: new Map<AccountId, string>() };
    const byAccount = accountPairs('dataset id', (id) => /^\d+$/.test(id)).safeParse(value);
    if (!byAccount.success) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a numeric dataset id, or act_<id>=<dataset id> pairs',
      });
      return z.NEVER;
    }
    return { all: null, byAccount: byAccount.data };
  }),
  META_GRAPH_URL: optionalText.pipe(z.url({ message: 'must be a URL' }).optional()),
  META_API_VERSION: optionalText.refine((v) => v === undefined || /^v\d+\.\d+$/.test(v), {
    message: 'must look like v24.0',
  }),
  SLACK_POSTS_PER_SECOND: optionalText.transform((value, ctx) => {
    if (value === undefined) return 1;
    const rate = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || rate <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a number of messages a second, e.g. 1' });
      return z.NEVER;
    }
    return rate;
  }),
  META_CACHE_SECONDS: optionalText.transform((value, ctx) => {
    if (value === undefined) return 60;
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number of seconds (0 turns the cache off)' });
      return z.NEVER;
    }
    return Number(value);
  }),
  PORT: optionalText.transform((value, ctx) => {
    if (value === undefined) return 3000;
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be a port number (0–65535)' });
      return z.NEVER;
    }
    return port;
  }),
  DATABASE_PATH: optionalText,
  REPORT_CHANNEL: optionalText,
  LEADS_CHANNEL: optionalText,
  APPROVALS_CHANNEL: optionalText,
  APPROVERS: list.refine((ids) => ids.every((id) => /^[UW][A-Z0-9]+$/.test(id)), {
    message: 'must be Slack user ids such as U0123ABCD, comma-separated',
  }),
  REPORT_CRON: cron('0 8 * * *'),
  RULES_CRON: cron('0 */4 * * *'),
  LEADS_POLL_CRON: cron('*/5 * * * *'),
  WATCHDOG_CRON: cron('*/15 * * * *'),
  TIMEZONE: timezone,
  PROPOSAL_TTL_HOURS: positiveInteger(24),
  MAX_DAILY_BUDGET: amount,
  PROTECTED: list,
  LEAD_RETENTION_DAYS: optionalText.transform((value, ctx) => {
    if (value === undefined) return null;
    if (!/^\d+$/.test(value) || Number(value) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number of days above 0 (unset keeps leads)' });
      return z.NEVER;
    }
    return Number(value);
  }),
  CASE_VALUE: amount,
  SPEED_SLA_MINUTES: optionalText.transform((value, ctx) => {
    if (value === undefined) return 5;
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a number of minutes above 0, e.g. 5 or 0.5' });
      return z.NEVER;
    }
    return Number(value);
  }),
  DEFAULT_COUNTRY_CODE: optionalText.refine((v) => v === undefined || /^\d{1,3}$/.test(v), {
    message: 'must be a country calling code such as 1 or 44',
  }),
  META_TEST_EVENT_CODE: optionalText,
  CAPI_STAGE_LEAD: stageName,
  CAPI_STAGE_CONTACTED: stageName,
  CAPI_STAGE_QUALIFIED: stageName,
  CAPI_STAGE_SIGNED: stageName,
  CAPI_STAGE_JUNK: stageName,
});

type ParsedEnv = z.infer<typeof envSchema>;

/** The sandbox's own credentials: the demo needs no Meta settings at all. */
export interface SandboxEndpoint {
  graphUrl: string;
  accessToken: string;
  adAccountIds: AccountId[];
  appSecret: string;
  verifyToken: string;
  pageIds: string[];
}

/** Records the first problem of each setting; later ones for the same setting are dropped. */
type Note = (setting: string, problem: string) => void;

/**
 * Reads and checks every setting. All problems found become one ConfigError, one line per
 * setting, so a new user fixes them in one go rather than one restart at a time.
 */
export function loadConfig(env: Env, mode: RunMode, sandbox?: SandboxEndpoint): Config {
  const problems: ConfigProblem[] = [];
  const note: Note = (setting, problem) => {
    if (!problems.some((p) => p.setting === setting)) problems.push({ setting, problem });
  };
  const e = parseSettings(env, note);
  const transport = slackTransport(e, mode, note);
  const meta = metaSettings(e, mode, note, sandbox);
  const report = e.REPORT_CHANNEL ?? null;
  if (transport?.kind !== 'terminal' && !report) {
    note('REPORT_CHANNEL', 'is required: the channel (id or name) where LeadOps posts');
  }
  const [first, ...more] = problems;
  if (first) throw new ConfigError(first.setting, first.problem, ...more);
  if (!transport || !meta) throw new Error('a missing setting was not reported');
  return {
    mode,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    databasePath: e.DATABASE_PATH ?? (mode === 'demo' ? 'data/demo.sqlite' : 'data/leadops.sqlite'),
    slack: {
      transport,
      apiUrl: e.SLACK_API_URL ?? 'https://slack.com/api/',
      postsPerSecond: e.SLACK_POSTS_PER_SECOND,
    },
    meta,
    channels: {
      report,
      leads: e.LEADS_CHANNEL ?? report,
      approvals: e.APPROVALS_CHANNEL ?? report,
    },
    approvers: e.APPROVERS,
    cron: {
      report: e.REPORT_CRON,
      rules: e.RULES_CRON,
      leadsPoll: e.LEADS_POLL_CRON,
      watchdog: e.WATCHDOG_CRON,
    },
    timezone: e.TIMEZONE ?? null,
    proposalTtlHours: e.PROPOSAL_TTL_HOURS,
    maxDailyBudget: e.MAX_DAILY_BUDGET ?? null,
    protected: e.PROTECTED,
    leadRetentionDays: e.LEAD_RETENTION_DAYS,
    speed: { slaMinutes: e.SPEED_SLA_MINUTES },
    conversions: {
      caseValue: e.CASE_VALUE ?? '0',
      defaultCountryCode: e.DEFAULT_COUNTRY_CODE ?? '1',
      testEventCode: e.META_TEST_EVENT_CODE ?? null,
      stages: {
        lead: e.CAPI_STAGE_LEAD ?? 'Lead',
        contacted: e.CAPI_STAGE_CONTACTED ?? 'Contacted',
        qualified: e.CAPI_STAGE_QUALIFIED ?? 'QualifiedLead',
        signed: e.CAPI_STAGE_SIGNED ?? 'SignedCase',
        junk: e.CAPI_STAGE_JUNK ?? null,
      },
    },
  };
}

/**
 * The schema's reading of env. A setting with a problem is noted and then read as unset, so
 * the checks that follow (what is required when) still run and report theirs too.
 */
function parseSettings(env: Env, note: Note): ParsedEnv {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const unset: Env = {};
  for (const issue of result.error.issues) {
    const setting = String(issue.path[0] ?? 'settings');
    note(setting, issue.message);
    unset[setting] = undefined;
  }
  return envSchema.parse({ ...env, ...unset });
}

function slackTransport(e: ParsedEnv, mode: RunMode, note: Note): SlackTransport | null {
  const botToken = e.SLACK_BOT_TOKEN;
  if (!botToken && mode === 'demo') return { kind: 'terminal' };
  if (!botToken) note('SLACK_BOT_TOKEN', 'is required: the bot token (xoxb-…) from your Slack app');
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    note('SLACK_SIGNING_SECRET', 'is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)');
  }
  if (!botToken) return null;
  if (e.SLACK_APP_TOKEN) {
    return {
      kind: 'socket',
      botToken,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
    };
  }
  return e.SLACK_SIGNING_SECRET ? { kind: 'http', botToken, signingSecret: e.SLACK_SIGNING_SECRET } : null;
}

function metaSettings(
  e: ParsedEnv,
  mode: RunMode,
  note: Note,
  sandbox?: SandboxEndpoint,
): Config['meta'] | null {
  const common = {
    pixel: e.META_PIXEL_ID,
    apiVersion: e.META_API_VERSION ?? null,
    cacheSeconds: e.META_CACHE_SECONDS,
  };
  if (mode === 'demo') {
    if (!sandbox) {
      note('META_GRAPH_URL', 'the demo needs its sandbox account running');
      return null;
    }
    return {
      ...common,
      accessToken: sandbox.accessToken,
      adAccountIds: sandbox.adAccountIds,
      accountChannels: e.ACCOUNT_CHANNELS,
      appSecret: sandbox.appSecret,
      verifyToken: sandbox.verifyToken,
      pageAccessToken: sandbox.accessToken,
      pageIds: sandbox.pageIds,
      graphUrl: sandbox.graphUrl,
    };
  }
  if (!e.META_ACCESS_TOKEN) {
    note(
      'META_ACCESS_TOKEN',
      'is required: a system-user token with ads_read, ads_management, leads_retrieval',
    );
  }
  if (e.META_AD_ACCOUNT_ID.length === 0) {
    note('META_AD_ACCOUNT_ID', 'is required: your ad account id, e.g. act_1234567890');
  }
  const strays = [...e.ACCOUNT_CHANNELS.keys()].filter((id) => !e.META_AD_ACCOUNT_ID.includes(id));
  if (strays.length > 0) note('ACCOUNT_CHANNELS', `names ${strays.join(', ')}, not in META_AD_ACCOUNT_ID`);
  if (!e.META_ACCESS_TOKEN || e.META_AD_ACCOUNT_ID.length === 0) return null;
  return {
    ...common,
    accessToken: e.META_ACCESS_TOKEN,
    adAccountIds: e.META_AD_ACCOUNT_ID,
    accountChannels: e.ACCOUNT_CHANNELS,
    appSecret: e.META_APP_SECRET ?? null,
    verifyToken: e.META_VERIFY_TOKEN ?? null,
    pageAccessToken: e.META_PAGE_ACCESS_TOKEN ?? e.META_ACCESS_TOKEN,
    pageIds: e.META_PAGE_ID,
    graphUrl: (e.META_GRAPH_URL ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
  };
}

/** The Conversions API dataset of an account: its own pair, else the one for all. */
export function pixelFor(config: Config, id: AccountId): string | null {
  return config.meta.pixel.byAccount.get(id) ?? config.meta.pixel.all;
}
