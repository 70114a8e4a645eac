import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FallbackChannels } from './accounts/account.js';
import { AccountRegistry } from './accounts/registry.js';
import { actionPortOf } from './approvals/actions/types.js';
import { ApprovalDesk } from './approvals/desk.js';
import { type Clock, systemClock } from './clock.js';
import { TERMINAL_APPROVALS_CHANNEL } from './commands/rules.js';
import type { Services } from './commands/types.js';
import { type Config, pixelFor } from './config.js';
import { createLeadQuality } from './conversions/wiring.js';
import { openDatabase } from './db/open.js';
import { pendingStats } from './db/outbox.js';
import { recordStart } from './db/started-at.js';
import { FOLLOW_UPS_CRON, FollowUpJob } from './followups/job.js';
import { findingsFrom, HomeTab } from './home/home-tab.js';
import { checkHealth } from './http/health.js';
import { receiveLeadgen, verifySubscription } from './http/meta-webhook.js';
import { type HttpRoutes, sendJson, startHttpServer } from './http/server.js';
import { leadAlertJob } from './leads/alert-job.js';
import { LEAD_ALERT, recordNotices } from './leads/intake.js';
import { LeadAccounts } from './leads/lead-account.js';
import { pollLeads } from './leads/poll.js';
import { purgeExpiredLeads } from './leads/retention.js';
import type { Logger } from './log.js';
import type { Messenger } from './messages/messenger.js';
import { AccountHealthReader } from './meta/account-health.js';
import { AdAccount, adAccountsOf } from './meta/ad-account.js';
import { AdOwners } from './meta/ad-owners.js';
import { CustomAudiences } from './meta/custom-audiences.js';
import { GraphClient, type GraphClientOptions, type RetryPolicy } from './meta/graph-client.js';
import { LeadRetrieval } from './meta/lead-retrieval.js';
import { TokenDebug } from './meta/token-debug.js';
import { DEFAULT_OUTBOX_OPTIONS, OutboxWorker, type OutboxWorkerOptions } from './outbox/worker.js';
import { DailyReportJob, jobResult, REPORT_CATCH_UP_CRON } from './reports/daily-job.js';
import { reportChannel, reportsDirectory } from './reports/publish.js';
import { RulesEngine } from './rules/engine.js';
import { Scheduler } from './scheduler.js';
import { ChannelPacer, SLACK_PACE } from './slack/channel-pacer.js';
import { connectSlack, type SlackRetry } from './slack/slack-app.js';
import { slackMessenger } from './slack/slack-messenger.js';
import { slackPeople } from './slack/slack-people.js';
import { SpeedToLead } from './speed/desk.js';
import { terminalPeople } from './speed/people.js';
import { startTerminalChat } from './terminal/chat.js';
import { terminalMessenger } from './terminal/terminal-messenger.js';
import { Watchdog } from './watchdog/runner.js';

export interface LeadOpsOptions {
  logger: Logger;
  clock?: Clock;
  /** Tests shorten backoffs; production keeps the defaults. */
  metaRetry?: RetryPolicy;
  /** The Graph scheduler's pace (tests shorten its ticks and spacing); the defaults otherwise. */
  metaScheduler?: GraphClientOptions['scheduler'];
  slackRetry?: SlackRetry;
  outbox?: OutboxWorkerOptions;
  /** Terminal transport streams (demo without Slack tokens). */
  terminal?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    onExit: () => void;
    /** Printed before the first prompt; gets the bot's HTTP address. */
    greeting?: (url: string) => string;
    /** Runs after the greeting, before the first prompt (the demo prints the report). */
    beforePrompt?: (services: Services) => Promise<void>;
  };
}

/** The scheduled jobs, by name; `runJob` runs one now (start-up, tests, the demo). */
export type JobName =
  | 'leads-poll'
  | 'leads-retention'
  | 'report'
  | 'report-catch-up'
  | 'rules'
  | 'proposals-expiry'
  | 'watchdog'
  | 'speed-to-lead'
  | 'follow-ups';

export interface LeadOps {
  url: string;
  port: number;
  services: Services;
  runJob(name: JobName): Promise<unknown>;
  /** When node-cron will next run a scheduled job (null when it is not scheduled). */
  nextRun(name: JobName): Date | null;
  /** The terminal demo: shows the chat's prompt again after something printed on its own. */
  promptAgain(): void;
  stop(): Promise<void>;
}

const DEFAULT_META_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
const DEFAULT_SLACK_RETRY: SlackRetry = { retries: 3, minTimeout: 1000, maxTimeout: 30_000 };
const RETENTION_CRON = '15 3 * * *';
/** Pending proposals past PROPOSAL_TTL_HOURS are marked expired this often. */
const PROPOSALS_EXPIRY_CRON = '*/5 * * * *';
/** Where the terminal demo "posts" when no channel is configured. */
const TERMINAL_CHANNEL = '#leads';
/** Speed to lead's timers (round-robin at opening time, reminders, escalations) are looked at this often. */
const SPEED_TICK_CRON = '*/15 * * * * *';

/** The composition root: config, database, Meta, Slack (or terminal), HTTP and schedules, wired once. */
export async function startLeadOps(config: Config, options: LeadOpsOptions): Promise<LeadOps> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.nowMilliseconds();
  // A database from before several accounts belongs to the first configured one.
  const db = openDatabase(config.databasePath, { accountId: config.meta.adAccountIds[0] ?? null });
  // Leads before the first start never reached this database: comparisons with Meta start after it.
  const firstStart = recordStart(db, startedAt) === startedAt;
  const graph = new GraphClient({
    graphUrl: config.meta.graphUrl,
    apiVersion: config.meta.apiVersion,
    accessToken: config.meta.accessToken,
    appSecret: config.meta.appSecret,
    cacheTtlMs: config.meta.cacheSeconds * 1000,
    timeoutMs: 30_000,
    retry: options.metaRetry ?? DEFAULT_META_RETRY,
    ...(options.metaScheduler ? { scheduler: options.metaScheduler } : {}),
    clock,
    logger: logger.child({ component: 'meta' }),
  });
  const accounts = new AccountRegistry({
    db,
    clock,
    logger: logger.child({ component: 'accounts' }),
    readInfo: (id) => new AdAccount(graph, id).info(),
    pixelFor: (id) => pixelFor(config, id),
    fromEnvironment: config.meta.adAccountIds.map((id) => ({
      id,
      homeChannel: config.meta.accountChannels.get(id) ?? null,
    })),
  });
  // Every served account is read once before anything works on one; an unreadable one is reported, not fatal.
  await accounts.start().catch(async (error: unknown) => {
    db.close();
    throw error;
  });
  // A person waits for commands and clicks: their calls go ahead of scheduled work's, which
  // Meta's limits slow first (rules, reports; the watchdog and lead polling are background too).
  const adAccountOf = adAccountsOf(graph, 'person');
  const backgroundAdAccountOf = adAccountsOf(graph, 'background');
  // Where an account without a home channel gets its messages (the terminal demo's defaults when unset).
  const fallbackChannels: FallbackChannels = {
    report: reportChannel(config),
    leads: config.channels.leads ?? TERMINAL_CHANNEL,
    approvals: config.channels.approvals ?? TERMINAL_APPROVALS_CHANNEL,
  };
  const retrieval = new LeadRetrieval(graph, config.meta.pageAccessToken);
  const transport = config.slack.transport;
  // The terminal chat's prompt, shown again after the bot posts on its own (set once the chat starts).
  let promptAgain = () => {};
  // Slack's pace per channel, kept by every post and by the outbox's lead alerts (none in the terminal).
  const pacer =
    transport.kind === 'terminal'
      ? null
      : new ChannelPacer(clock, { ...SLACK_PACE, perSecond: config.slack.postsPerSecond });
  const slackOut =
    transport.kind === 'terminal' || !pacer
      ? null
      : slackMessenger(transport.botToken, config.slack.apiUrl, logger, pacer);
  const messenger: Messenger =
    slackOut ?? terminalMessenger(options.terminal?.output ?? process.stdout, clock, () => promptAgain());
  const approvals = new ApprovalDesk({
    db,
    clock,
    logger: logger.child({ component: 'approvals' }),
    messenger,
    accounts,
    portOf: (account) => actionPortOf(adAccountOf(account), new CustomAudiences(graph, account.id)),
    approvers: config.approvers,
    protected: config.protected,
    maxDailyBudget: config.maxDailyBudget,
    channels: fallbackChannels,
  });
  const rules = new RulesEngine({
    db,
    clock,
    logger: logger.child({ component: 'rules' }),
    adAccountOf: backgroundAdAccountOf,
    desk: approvals,
    protected: config.protected,
    maxDailyBudget: config.maxDailyBudget,
    proposalTtlHours: config.proposalTtlHours,
  });
  const watchdog = new Watchdog({
    db,
    clock,
    logger: logger.child({ component: 'watchdog' }),
    accounts,
    readerFor: (account) => new AccountHealthReader(graph, account),
    tokenDebug: new TokenDebug(graph, config.meta.accessToken),
    graphStatus: () => graph.getStatus(),
    usageOf: (id) => graph.usageOf(id),
    messenger,
    fallback: fallbackChannels,
    approvers: config.approvers,
    cron: config.cron.watchdog,
    webhooksConfigured: config.meta.appSecret !== null,
    pageIds: config.meta.pageIds,
    accessToken: config.meta.accessToken,
  });
  // Each lead's account (its ad's): where its alert goes, its clock, money and dataset.
  const leadAccounts = new LeadAccounts({
    db,
    clock,
    logger: logger.child({ component: 'leads' }),
    owners: new AdOwners(graph),
    served: () => accounts.served(),
    defaults: {
      fallback: fallbackChannels,
      timezone: config.timezone ?? 'UTC',
      dataset: config.meta.pixel.all,
    },
  });
  const quality = createLeadQuality({
    db,
    clock,
    logger: logger.child({ component: 'conversions' }),
    graph,
    messenger,
    config,
    accounts: leadAccounts,
  });
  // The App Home tab: published when opened, and when a lead on it changes (its alert is
  // refreshed then: claimed, assigned, contacted) or a proposal is posted or decided.
  const home = new HomeTab({
    db,
    clock,
    logger: logger.child({ component: 'home' }),
    publisher: slackOut,
    approvers: config.approvers,
    slaMinutes: config.speed.slaMinutes,
    accounts,
    findingsOf: findingsFrom(
      () => watchdog.health(),
      () => accounts.statuses()[0]?.id ?? null,
    ),
  });
  const refreshAlert = quality.refresher.refresh.bind(quality.refresher);
  quality.refresher.refresh = async (leadId) => {
    await refreshAlert(leadId);
    home.changed('everyone');
  };
  const decide = approvals.click.bind(approvals);
  approvals.click = async (click) => {
    const outcome = await decide(click);
    home.changed(config.approvers);
    return outcome;
  };
  // A new proposal (and one posted late, after Slack was down) is on the approvers' Home tab too.
  const postProposal = approvals.post.bind(approvals);
  approvals.post = async (proposal, account) => {
    const posted = await postProposal(proposal, account);
    home.changed(config.approvers);
    return posted;
  };
  const speed = new SpeedToLead({
    db,
    clock,
    logger: logger.child({ component: 'speed' }),
    messenger,
    people:
      transport.kind === 'terminal'
        ? terminalPeople
        : slackPeople(transport.botToken, config.slack.apiUrl, logger, clock),
    accounts: leadAccounts,
    refresher: quality.refresher,
    approvers: config.approvers,
    slaMinutes: config.speed.slaMinutes,
    severalAccounts: () => accounts.served().length > 1,
  });
  const services: Services = {
    config,
    db,
    clock,
    logger,
    adAccountOf,
    accounts,
    messenger,
    rules,
    approvals,
    watchdog,
    outcomes: quality.outcomes,
    audiences: quality.audiences,
    speed,
    home,
  };

  const cleanups: (() => Promise<void> | void)[] = [() => db.close(), () => graph.close(), () => home.stop()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'shutdown step failed');
      }
    }
  };

  try {
    let slackEvents: HttpRoutes['POST /slack/events'];
    if (transport.kind !== 'terminal') {
      const slack = await connectSlack(
        transport,
        config.slack.apiUrl,
        options.slackRetry ?? DEFAULT_SLACK_RETRY,
        services,
        logger,
      );
      cleanups.push(() => slack.stop());
      slackEvents = slack.requestListener ?? undefined;
    }

    const worker = new OutboxWorker(
      db,
      clock,
      logger.child({ component: 'outbox' }),
      {
        [LEAD_ALERT]: leadAlertJob({
          db,
          clock,
          logger,
          retrieval,
          messenger,
          accounts: leadAccounts,
          speed,
        }),
        ...quality.jobs,
      },
      { ...(options.outbox ?? DEFAULT_OUTBOX_OPTIONS), ...(pacer ? { pacer } : {}) },
    );
    cleanups.push(() => worker.stop());
    quality.outcomes.onQueued(() => worker.wake());

    // The jobs that serve every account run on TIMEZONE, else the first account's clock.
    const scheduleZone = config.timezone ?? accounts.served()[0]?.timezone ?? 'UTC';
    const reportJob = new DailyReportJob({
      db,
      clock,
      logger: logger.child({ component: 'report' }),
      adAccountOf: backgroundAdAccountOf,
      accounts,
      messenger,
      expression: config.cron.report,
      timezone: config.timezone,
      channels: {
        report: reportChannel(config),
        leads: config.channels.leads ?? reportChannel(config),
        approvals: config.channels.approvals ?? reportChannel(config),
      },
      directory: reportsDirectory(config),
      firstStart,
      slaMinutes: config.speed.slaMinutes,
    });
    cleanups.push(() => reportJob.idle());

    // What each applied change did: follow-ups 24 h and 72 h on, in the proposal's thread.
    const followUps = new FollowUpJob({
      db,
      clock,
      logger: logger.child({ component: 'follow-ups' }),
      messenger,
      accounts,
      adAccountOf,
      channelOf: (account) => approvals.channelOf(account),
    });

    const jobs: Record<JobName, () => Promise<unknown>> = {
      report: async () => jobResult(await reportJob.run()),
      'report-catch-up': async () => {
        // Accounts Meta did not answer for (or not read for an hour) are read again; their zones planned.
        await accounts.refresh(true);
        await planReports();
        return jobResult(await reportJob.catchUp());
      },
      'leads-poll': async () => {
        const result = await pollLeads({ db, clock, logger, retrieval }, config.meta.pageIds);
        if (result.added > 0) worker.wake();
        return result;
      },
      'leads-retention': async () =>
        config.leadRetentionDays === null
          ? 0
          : purgeExpiredLeads(db, config.leadRetentionDays, clock.nowMilliseconds()),
      rules: () => rules.runAll(accounts.served(), 'schedule'),
      'proposals-expiry': () => approvals.sweep(),
      watchdog: () => watchdog.runAll(),
      'speed-to-lead': () => speed.tick(),
      'follow-ups': () => followUps.run(),
    };

    const scheduler = new Scheduler(scheduleZone, logger);
    cleanups.push(() => scheduler.stop());
    // One REPORT_CRON task per time zone the served accounts' reports run in (TIMEZONE: one for all);
    // planned again at every catch-up, so accounts connected since get theirs.
    const REPORT_TASK = 'report@';
    const planReports = async () => {
      const zones = reportJob.zones();
      for (const zone of zones)
        if (!scheduler.names().includes(REPORT_TASK + zone))
          scheduler.add(
            REPORT_TASK + zone,
            config.cron.report,
            async () => jobResult(await reportJob.run(zone)),
            zone,
          );
      for (const name of scheduler.names())
        if (name.startsWith(REPORT_TASK) && !zones.includes(name.slice(REPORT_TASK.length)))
          await scheduler.remove(name);
    };
    await planReports();
    // A report missed (bot down) or failed is posted later the same day; the demo prints its own.
    if (transport.kind !== 'terminal')
      scheduler.add('report-catch-up', REPORT_CATCH_UP_CRON, jobs['report-catch-up']);
    if (config.meta.pageIds.length > 0)
      scheduler.add('leads-poll', config.cron.leadsPoll, jobs['leads-poll']);
    if (config.leadRetentionDays !== null)
      scheduler.add('leads-retention', RETENTION_CRON, jobs['leads-retention']);
    scheduler.add('rules', config.cron.rules, jobs.rules);
    scheduler.add('proposals-expiry', PROPOSALS_EXPIRY_CRON, jobs['proposals-expiry']);
    scheduler.add('watchdog', config.cron.watchdog, jobs.watchdog);
    scheduler.add('speed-to-lead', SPEED_TICK_CRON, jobs['speed-to-lead']);
    scheduler.add('follow-ups', FOLLOW_UPS_CRON, jobs['follow-ups']);

    const webhook = {
      verifyToken: config.meta.verifyToken,
      appSecret: config.meta.appSecret,
      intake: (notices: Parameters<typeof recordNotices>[1]) => {
        recordNotices(db, notices, clock.nowMilliseconds());
        worker.wake();
      },
      logger,
    };
    const routes: HttpRoutes = {
      'GET /healthz': (_req: IncomingMessage, res: ServerResponse) => {
        const health = checkHealth(
          db,
          graph.getStatus(),
          accounts.statuses(),
          startedAt,
          clock.nowMilliseconds(),
          (id) => graph.usageOf(id),
        );
        const outbox = health.db === 'ok' ? pendingStats(db) : null;
        const findings = health.db === 'ok' ? watchdog.health() : null;
        sendJson(res, health.ok ? 200 : 503, { ...health, outbox, watchdog: findings });
      },
      'GET /webhooks/meta': verifySubscription(webhook),
      'POST /webhooks/meta': receiveLeadgen(webhook),
      'POST /slack/events': slackEvents,
    };
    const server = await startHttpServer(config.port, routes, logger);
    cleanups.push(() => server.close());

    // Work left by a previous run, then the safety net once at start-up.
    worker.wake();
    // Speed-to-lead timers and follow-ups that fell due while the bot was down go out now, once.
    const startUp: JobName[] = ['proposals-expiry', 'speed-to-lead', 'follow-ups'];
    if (config.meta.pageIds.length > 0) startUp.push('leads-poll');
    if (transport.kind !== 'terminal') startUp.push('report-catch-up');
    for (const name of startUp) {
      jobs[name]().catch((error: Error) =>
        logger.warn({ job: name, err: { message: error.message } }, 'start-up run failed'),
      );
    }

    if (transport.kind === 'terminal' && options.terminal) {
      const { greeting, beforePrompt, ...streams } = options.terminal;
      if (greeting) streams.output.write(greeting(server.url));
      if (beforePrompt)
        await beforePrompt(services).catch((error: Error) =>
          logger.warn({ err: { message: error.message } }, 'start-up step failed'),
        );
      const chat = startTerminalChat({ ...streams, services });
      promptAgain = () => chat.promptAgain();
      cleanups.push(() => chat.close());
    }
    logger.info({ port: server.port, transport: transport.kind }, 'LeadOps is running');
    return {
      url: server.url,
      port: server.port,
      services,
      runJob: (name) => jobs[name](),
      nextRun: (name) => {
        if (name !== 'report') return scheduler.nextRun(name);
        // The soonest of the report's tasks (one per time zone).
        const runs = scheduler
          .names()
          .filter((task) => task.startsWith('report@'))
          .flatMap((task) => scheduler.nextRun(task) ?? []);
        return runs.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
      },
      promptAgain: () => promptAgain(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
