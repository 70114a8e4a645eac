import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig, pixelFor, type SandboxEndpoint } from '../src/config.js';
import { ConfigError, ErrorCode } from '../src/errors.js';

type Env = Record<string, string | undefined>;

const HTTP_ENV: Env = {
  SLACK_BOT_TOKEN: 'xoxb-111-222-abc',
  SLACK_SIGNING_SECRET: 'signing-secret',
  META_ACCESS_TOKEN: 'EAAB-meta-token',
  META_AD_ACCOUNT_ID: 'act_1234567890',
  REPORT_CHANNEL: 'C0REPORT',
};

const SANDBOX: SandboxEndpoint = {
  graphUrl: 'http://127.0.0.1:4010',
  accessToken: 'sandbox-token',
  adAccountIds: ['act_999'],
  appSecret: 'sandbox-secret',
  verifyToken: 'sandbox-verify',
  pageIds: ['111', '222'],
};

function configError(env: Env, setting: string, mode: 'start' | 'demo' = 'start'): ConfigError {
  let caught: unknown;
  try {
    loadConfig(env, mode, mode === 'demo' ? SANDBOX : undefined);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError for ${setting}, got ${String(caught)}`);
  assert.equal(caught.code, ErrorCode.ConfigInvalid);
  assert.equal(caught.setting, setting);
  assert.ok(caught.message.startsWith(`${setting}: `), caught.message);
  assert.deepEqual(
    caught.problems.map((p) => p.setting),
    [setting],
  );
  return caught;
}

describe('loadConfig', () => {
  test('a full HTTP-mode env, with every default', () => {
    assert.deepEqual(loadConfig(HTTP_ENV, 'start'), {
      mode: 'start',
      logLevel: 'info',
      port: 3000,
      databasePath: 'data/leadops.sqlite',
      slack: {
        transport: { kind: 'http', botToken: 'xoxb-111-222-abc', signingSecret: 'signing-secret' },
        apiUrl: 'https://slack.com/api/',
        postsPerSecond: 1,
      },
      meta: {
        accessToken: 'EAAB-meta-token',
        adAccountIds: ['act_1234567890'],
        accountChannels: new Map(),
        appSecret: null,
        verifyToken: null,
        pageAccessToken: 'EAAB-meta-token',
        pageIds: [],
        pixel: { all: null, byAccount: new Map() },
        graphUrl: 'https://graph.facebook.com',
        apiVersion: null,
        cacheSeconds: 60,
      },
      channels: { report: 'C0REPORT', leads: 'C0REPORT', approvals: 'C0REPORT' },
      approvers: [],
      cron: { report: '0 8 * * *', rules: '0 */4 * * *', leadsPoll: '*/5 * * * *', watchdog: '*/15 * * * *' },
      timezone: null,
      proposalTtlHours: 24,
      maxDailyBudget: null,
      protected: [],
      leadRetentionDays: null,
      speed: { slaMinutes: 5 },
      conversions: {
        caseValue: '0',
        defaultCountryCode: '1',
        testEventCode: null,
        stages: {
          lead: 'Lead',
          contacted: 'Contacted',
          qualified: 'QualifiedLead',
          signed: 'SignedCase',
          junk: null,
        },
      },
    });
  });

  test('every optional setting, read and trimmed', () => {
    const config = loadConfig(
      {
        ...HTTP_ENV,
        LOG_LEVEL: 'debug',
        PORT: '8080',
        DATABASE_PATH: '/var/lib/leadops.sqlite',
        SLACK_API_URL: 'http://localhost:9000/api/',
        META_AD_ACCOUNT_ID: ' 1234567890 ',
        META_APP_SECRET: 'app-secret',
        META_VERIFY_TOKEN: 'verify',
        META_PAGE_ACCESS_TOKEN: 'EAAB-page-token',
        META_PAGE_ID: '111, 222,,',
        META_PIXEL_ID: '333',
        META_GRAPH_URL: 'http://localhost:4010//',
        META_API_VERSION: 'v24.0',
        META_CACHE_SECONDS: '0',
        LEADS_CHANNEL: 'C0LEADS',
        APPROVALS_CHANNEL: 'C0APPROVE',
        APPROVERS: 'U0123ABCD, W0456EFGH',
        REPORT_CRON: '30 7 * * 1-5',
        TIMEZONE: 'America/Chicago',
        PROPOSAL_TTL_HOURS: '48',
        MAX_DAILY_BUDGET: '250',
        PROTECTED: 'Brand, Always On',
        LEAD_RETENTION_DAYS: '90',
        CASE_VALUE: '$1,200',
        DEFAULT_COUNTRY_CODE: '44',
        META_TEST_EVENT_CODE: 'TEST123',
        CAPI_STAGE_LEAD: 'Initial Lead',
        CAPI_STAGE_CONTACTED: 'MQL',
        CAPI_STAGE_QUALIFIED: 'SQL',
        CAPI_STAGE_SIGNED: 'Converted',
        CAPI_STAGE_JUNK: 'Disqualified',
      },
      'start',
    );
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.port, 8080);
    assert.equal(config.databasePath, '/var/lib/leadops.sqlite');
    assert.equal(config.slack.apiUrl, 'http://localhost:9000/api/');
    assert.deepEqual(config.meta, {
      accessToken: 'EAAB-meta-token',
      adAccountIds: ['act_1234567890'],
      accountChannels: new Map(),
      appSecret: 'app-secret',
      verifyToken: 'verify',
      pageAccessToken: 'EAAB-page-token',
      pageIds: ['111', '222'],
      pixel: { all: '333', byAccount: new Map() },
      graphUrl: 'http://localhost:4010',
      apiVersion: 'v24.0',
      cacheSeconds: 0,
    });
    assert.deepEqual(config.channels, { report: 'C0REPORT', leads: 'C0LEADS', approvals: 'C0APPROVE' });
    assert.deepEqual(config.approvers, ['U0123ABCD', 'W0456EFGH']);
    assert.equal(config.cron.report, '30 7 * * 1-5');
    assert.equal(config.timezone, 'America/Chicago');
    assert.equal(config.proposalTtlHours, 48);
    assert.equal(config.maxDailyBudget, '250');
    assert.deepEqual(config.protected, ['Brand', 'Always On']);
    assert.equal(config.leadRetentionDays, 90);
    assert.deepEqual(config.conversions, {
      caseValue: '1200',
      defaultCountryCode: '44',
      testEventCode: 'TEST123',
      stages: {
        lead: 'Initial Lead',
        contacted: 'MQL',
        qualified: 'SQL',
        signed: 'Converted',
        junk: 'Disqualified',
      },
    });
  });

  test('Socket Mode when SLACK_APP_TOKEN is set', () => {
    assert.deepEqual(loadConfig({ ...HTTP_ENV, SLACK_APP_TOKEN: 'xapp-1-abc' }, 'start').slack.transport, {
      kind: 'socket',
      botToken: 'xoxb-111-222-abc',
      appToken: 'xapp-1-abc',
      signingSecret: 'signing-secret',
    });
    const { SLACK_SIGNING_SECRET: _, ...noSecret } = HTTP_ENV;
    assert.deepEqual(loadConfig({ ...noSecret, SLACK_APP_TOKEN: 'xapp-1-abc' }, 'start').slack.transport, {
      kind: 'socket',
      botToken: 'xoxb-111-222-abc',
      appToken: 'xapp-1-abc',
      signingSecret: null,
    });
  });

  test('empty values count as unset', () => {
    const config = loadConfig({ ...HTTP_ENV, SLACK_APP_TOKEN: '', PORT: '  ', LEADS_CHANNEL: '' }, 'start');
    assert.equal(config.slack.transport.kind, 'http');
    assert.equal(config.port, 3000);
    assert.equal(config.channels.leads, 'C0REPORT');
  });

  test('SPEED_SLA_MINUTES: decimals allowed; zero, negative or words refused with the setting named', () => {
    assert.equal(loadConfig({ ...HTTP_ENV, SPEED_SLA_MINUTES: '0.5' }, 'start').speed.slaMinutes, 0.5);
    for (const bad of ['0', '-1', 'five', '5m'])
      assert.match(
        configError({ ...HTTP_ENV, SPEED_SLA_MINUTES: bad }, 'SPEED_SLA_MINUTES').message,
        /minutes above 0/,
      );
  });

  test('demo mode with no Slack tokens: terminal and the sandbox account', () => {
    const config = loadConfig({}, 'demo', SANDBOX);
    assert.equal(config.mode, 'demo');
    assert.deepEqual(config.slack.transport, { kind: 'terminal' });
    assert.equal(config.databasePath, 'data/demo.sqlite');
    assert.deepEqual(config.channels, { report: null, leads: null, approvals: null });
    assert.deepEqual(config.meta, {
      accessToken: 'sandbox-token',
      accountChannels: new Map(),
      adAccountIds: ['act_999'],
      appSecret: 'sandbox-secret',
      verifyToken: 'sandbox-verify',
      pageAccessToken: 'sandbox-token',
      pageIds: ['111', '222'],
      graphUrl: 'http://127.0.0.1:4010',
      pixel: { all: null, byAccount: new Map() },
      apiVersion: null,
      cacheSeconds: 60,
    });
  });

  test('demo mode ignores real Meta settings', () => {
    const config = loadConfig({ META_ACCESS_TOKEN: 'EAAB-real', META_AD_ACCOUNT_ID: '42' }, 'demo', SANDBOX);
    assert.equal(config.meta.accessToken, 'sandbox-token');
    assert.deepEqual(config.meta.adAccountIds, ['act_999']);
  });

  test('demo mode without its sandbox', () => {
    assert.throws(
      () => loadConfig({}, 'demo'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(error.message.startsWith('META_GRAPH_URL: '), error.message);
        return true;
      },
    );
  });

  test('defaults: act_ prefix, page token fallback, channel fallbacks, budget as typed', () => {
    const config = loadConfig(
      { ...HTTP_ENV, META_AD_ACCOUNT_ID: '1234567890', MAX_DAILY_BUDGET: '250', LEADS_CHANNEL: 'C0LEADS' },
      'start',
    );
    assert.deepEqual(config.meta.adAccountIds, ['act_1234567890']);
    assert.equal(config.meta.pageAccessToken, 'EAAB-meta-token');
    assert.equal(config.maxDailyBudget, '250');
    assert.deepEqual(config.channels, { report: 'C0REPORT', leads: 'C0LEADS', approvals: 'C0REPORT' });
    assert.equal(config.proposalTtlHours, 24);
    assert.equal(config.databasePath, 'data/leadops.sqlite');
  });

  describe('each missing or malformed setting names itself', () => {
    const without = (name: string): Env => ({ ...HTTP_ENV, [name]: undefined });
    const cases: [string, Env, string][] = [
      ['SLACK_BOT_TOKEN missing in start mode', without('SLACK_BOT_TOKEN'), 'SLACK_BOT_TOKEN'],
      [
        'SLACK_BOT_TOKEN with the wrong prefix',
        { ...HTTP_ENV, SLACK_BOT_TOKEN: 'xoxp-user-token' },
        'SLACK_BOT_TOKEN',
      ],
      [
        'SLACK_APP_TOKEN with the wrong prefix',
        { ...HTTP_ENV, SLACK_APP_TOKEN: 'xoxb-nope' },
        'SLACK_APP_TOKEN',
      ],
      ['SLACK_SIGNING_SECRET missing in HTTP mode', without('SLACK_SIGNING_SECRET'), 'SLACK_SIGNING_SECRET'],
      ['META_ACCESS_TOKEN missing', without('META_ACCESS_TOKEN'), 'META_ACCESS_TOKEN'],
      ['META_AD_ACCOUNT_ID missing', without('META_AD_ACCOUNT_ID'), 'META_AD_ACCOUNT_ID'],
      ['META_AD_ACCOUNT_ID malformed', { ...HTTP_ENV, META_AD_ACCOUNT_ID: 'act_abc' }, 'META_AD_ACCOUNT_ID'],
      ['REPORT_CHANNEL missing with Slack', without('REPORT_CHANNEL'), 'REPORT_CHANNEL'],
      ['PORT not a number', { ...HTTP_ENV, PORT: 'abc' }, 'PORT'],
      ['PORT too large', { ...HTTP_ENV, PORT: '70000' }, 'PORT'],
      ['REPORT_CRON not a cron', { ...HTTP_ENV, REPORT_CRON: 'not a cron' }, 'REPORT_CRON'],
      ['TIMEZONE unknown', { ...HTTP_ENV, TIMEZONE: 'Mars/Base' }, 'TIMEZONE'],
      ['APPROVERS not user ids', { ...HTTP_ENV, APPROVERS: 'bob' }, 'APPROVERS'],
      ['MAX_DAILY_BUDGET not dollars', { ...HTTP_ENV, MAX_DAILY_BUDGET: 'lots' }, 'MAX_DAILY_BUDGET'],
      ['MAX_DAILY_BUDGET negative', { ...HTTP_ENV, MAX_DAILY_BUDGET: '-5' }, 'MAX_DAILY_BUDGET'],
      ['LEAD_RETENTION_DAYS zero', { ...HTTP_ENV, LEAD_RETENTION_DAYS: '0' }, 'LEAD_RETENTION_DAYS'],
      ['PROPOSAL_TTL_HOURS zero', { ...HTTP_ENV, PROPOSAL_TTL_HOURS: '0' }, 'PROPOSAL_TTL_HOURS'],
      ['META_PAGE_ID not numeric', { ...HTTP_ENV, META_PAGE_ID: '123,abc' }, 'META_PAGE_ID'],
      ['META_API_VERSION malformed', { ...HTTP_ENV, META_API_VERSION: '24' }, 'META_API_VERSION'],
      ['LOG_LEVEL unknown', { ...HTTP_ENV, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [
        'CAPI_STAGE_SIGNED not an event name',
        { ...HTTP_ENV, CAPI_STAGE_SIGNED: '<b>won</b>' },
        'CAPI_STAGE_SIGNED',
      ],
    ];
    for (const [title, env, setting] of cases) {
      test(title, () => {
        configError(env, setting);
      });
    }

    test('REPORT_CHANNEL is required in demo mode once Slack tokens are set', () => {
      configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'REPORT_CHANNEL', 'demo');
    });

    test('the message says what is expected', () => {
      assert.equal(
        configError({ ...HTTP_ENV, SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN').message,
        'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-',
      );
      assert.equal(
        configError({ ...HTTP_ENV, MAX_DAILY_BUDGET: 'lots' }, 'MAX_DAILY_BUDGET').message,
        'MAX_DAILY_BUDGET: must be an amount in the account\'s currency, e.g. 250 or 99.50 (got "lots")',
      );
      assert.equal(
        configError({ ...HTTP_ENV, REPORT_CRON: 'not a cron' }, 'REPORT_CRON').message,
        'REPORT_CRON: is not a cron expression ("not a cron"), e.g. "0 8 * * *"',
      );
      assert.equal(
        configError({ ...HTTP_ENV, META_AD_ACCOUNT_ID: 'act_abc' }, 'META_AD_ACCOUNT_ID').message,
        'META_AD_ACCOUNT_ID: "act_abc" must look like act_1234567890 or 1234567890',
      );
    });
  });

  describe('every problem at once', () => {
    function problemsOf(env: Env, mode: 'start' | 'demo' = 'start'): ConfigError {
      try {
        loadConfig(env, mode, mode === 'demo' ? SANDBOX : undefined);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return error;
      }
      assert.fail('expected a ConfigError');
    }

    test('with nothing set, every required setting is named, one line each', () => {
      const error = problemsOf({});
      assert.equal(
        error.message,
        [
          '5 settings need attention:',
          '  SLACK_BOT_TOKEN: is required: the bot token (xoxb-…) from your Slack app',
          '  SLACK_SIGNING_SECRET: is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)',
          '  META_ACCESS_TOKEN: is required: a system-user token with ads_read, ads_management, leads_retrieval',
          '  META_AD_ACCOUNT_ID: is required: your ad account id, e.g. act_1234567890',
          '  REPORT_CHANNEL: is required: the channel (id or name) where LeadOps posts',
        ].join('\n'),
      );
      assert.equal(error.setting, 'SLACK_BOT_TOKEN');
    });

    test('malformed and missing settings together, each named once with its own problem', () => {
      const error = problemsOf({
        SLACK_BOT_TOKEN: 'xoxp-user-token',
        SLACK_APP_TOKEN: 'xapp-1-abc',
        META_AD_ACCOUNT_ID: 'act_abc',
        PORT: 'abc',
        REPORT_CRON: 'not a cron',
        REPORT_CHANNEL: '#leadops',
      });
      assert.deepEqual(error.problems, [
        { setting: 'SLACK_BOT_TOKEN', problem: 'must be a bot token starting with xoxb-' },
        { setting: 'META_AD_ACCOUNT_ID', problem: '"act_abc" must look like act_1234567890 or 1234567890' },
        { setting: 'PORT', problem: 'must be a port number (0–65535)' },
        { setting: 'REPORT_CRON', problem: 'is not a cron expression ("not a cron"), e.g. "0 8 * * *"' },
        {
          setting: 'META_ACCESS_TOKEN',
          problem: 'is required: a system-user token with ads_read, ads_management, leads_retrieval',
        },
      ]);
      assert.equal(error.message.split('\n').length, 1 + error.problems.length);
    });

    test('the demo lists its problems too, and needs no Meta settings', () => {
      const error = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', TIMEZONE: 'Mars/Base' }, 'demo');
      assert.deepEqual(
        error.problems.map((p) => p.setting),
        ['TIMEZONE', 'SLACK_SIGNING_SECRET', 'REPORT_CHANNEL'],
      );
    });
  });
});

describe('several ad accounts', () => {
  test('META_AD_ACCOUNT_ID lists accounts (act_ prefix added, repeats dropped); ACCOUNT_CHANNELS gives their home channels', () => {
    const config = loadConfig(
      {
        ...HTTP_ENV,
        META_AD_ACCOUNT_ID: 'act_1001, 2002,act_1001',
        ACCOUNT_CHANNELS: 'act_1001=C0ACME, 2002=#client-beta',
        META_PIXEL_ID: 'act_1001=5551,act_2002=5552',
      },
      'start',
    );
    assert.deepEqual(config.meta.adAccountIds, ['act_1001', 'act_2002']);
    assert.deepEqual(
      [...config.meta.accountChannels],
      [
        ['act_1001', 'C0ACME'],
        ['act_2002', '#client-beta'],
      ],
    );
    assert.equal(pixelFor(config, 'act_2002'), '5552');
    assert.equal(pixelFor(config, 'act_3003'), null);
    assert.equal(
      pixelFor(loadConfig({ ...HTTP_ENV, META_PIXEL_ID: '777' }, 'start'), 'act_1234567890'),
      '777',
    );
  });

  test('a malformed entry stops start-up with one line naming it', () => {
    const cases: [Env, string][] = [
      [
        { META_AD_ACCOUNT_ID: 'act_1001,act_20x2' },
        'META_AD_ACCOUNT_ID: "act_20x2" must look like act_1234567890 or 1234567890',
      ],
      [
        { ACCOUNT_CHANNELS: 'act_1234567890=C0ACME,act_1234567890' },
        'ACCOUNT_CHANNELS: "act_1234567890" is not act_<id>=<channel id or #name>',
      ],
      [{ ACCOUNT_CHANNELS: 'act_999=C0ACME' }, 'ACCOUNT_CHANNELS: names act_999, not in META_AD_ACCOUNT_ID'],
      [
        { META_PIXEL_ID: 'act_1=abc' },
        'META_PIXEL_ID: must be a numeric dataset id, or act_<id>=<dataset id> pairs',
      ],
    ];
    for (const [env, message] of cases) {
      const setting = message.split(':')[0] ?? '';
      assert.equal(configError({ ...HTTP_ENV, ...env }, setting).message, message);
    }
  });
});
