import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDotEnv, parseDotEnv } from '../src/cli.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'leadops-cli-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLE = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

/** `text` written as a `.env` file and loaded as `npm start` loads it, into a fresh environment. */
function loadAsStart(text: string, env: NodeJS.ProcessEnv = {}) {
  const path = join(dir, '.env');
  writeFileSync(path, text);
  loadDotEnv(path, env);
  return loadConfig(env, 'start');
}

/** `KEY=` lines of the example given a value; each must be there, empty, to be filled. */
function fill(text: string, values: Record<string, string>): string {
  let filled = text;
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=$`, 'm');
    assert.match(filled, line, `.env.example has an empty ${key}=`);
    filled = filled.replace(line, `${key}=${value}`);
  }
  return filled;
}

const META = { META_ACCESS_TOKEN: 'EAAB-meta-token', META_AD_ACCOUNT_ID: 'act_1234567890' };

describe('parseDotEnv', () => {
  test('a channel name is kept, quoted or not', () => {
    assert.deepEqual(
      parseDotEnv(
        [
          'REPORT_CHANNEL="#leadops"',
          'LEADS_CHANNEL=#new-leads',
          "APPROVALS_CHANNEL='#ads-approvals'",
          'export OTHER_CHANNEL = #other   # a comment after it',
        ].join('\n'),
      ),
      {
        REPORT_CHANNEL: '#leadops',
        LEADS_CHANNEL: '#new-leads',
        APPROVALS_CHANNEL: '#ads-approvals',
        OTHER_CHANNEL: '#other',
      },
    );
  });

  test('a # followed by a space is still a comment', () => {
    assert.deepEqual(parseDotEnv('APPROVERS= # fill in later\nPORT=3000 # the one server\n'), {
      APPROVERS: '',
      PORT: '3000',
    });
  });

  test("otherwise Node's syntax: comments, quotes, multi-line values, the last assignment wins", () => {
    assert.deepEqual(
      parseDotEnv(
        [
          '# a comment line',
          'PROTECTED=Brand – Always on,120',
          'CAPI_STAGE_LEAD="Initial Lead"',
          'KEY="two\nlines"',
          'LEADS_CHANNEL=#first',
          'LEADS_CHANNEL=C0LEADS',
          'REPORT_CHANNEL=C0REPORT',
          'REPORT_CHANNEL=#second',
        ].join('\n'),
      ),
      {
        PROTECTED: 'Brand – Always on,120',
        CAPI_STAGE_LEAD: 'Initial Lead',
        KEY: 'two\nlines',
        LEADS_CHANNEL: 'C0LEADS',
        REPORT_CHANNEL: '#second',
      },
    );
  });
});

describe('loadDotEnv', () => {
  test('real environment variables win over .env, even empty ones', () => {
    const path = join(dir, 'wins.env');
    writeFileSync(path, 'REPORT_CHANNEL=#from-file\nLEADS_CHANNEL=#from-file\nPORT=3000\n');
    const env: NodeJS.ProcessEnv = { REPORT_CHANNEL: 'C0REAL', LEADS_CHANNEL: '' };
    loadDotEnv(path, env);
    assert.deepEqual(env, { REPORT_CHANNEL: 'C0REAL', LEADS_CHANNEL: '', PORT: '3000' });
  });

  test('no file, nothing read', () => {
    const env: NodeJS.ProcessEnv = {};
    loadDotEnv(join(dir, 'missing.env'), env);
    assert.deepEqual(env, {});
  });
});

describe('the shipped .env.example', () => {
  test('filled in, it loads into a valid config that posts to #leadops', () => {
    const config = loadAsStart(fill(EXAMPLE, META));
    assert.deepEqual(config.channels, { report: '#leadops', leads: '#leadops', approvals: '#leadops' });
    assert.equal(config.slack.transport.kind, 'socket');
    assert.deepEqual(config.meta.adAccountIds, ['act_1234567890']);
    assert.equal(config.port, 3000);
    assert.equal(config.databasePath, 'data/leadops.sqlite');
  });

  test('as copied, it names exactly the settings it leaves empty, all at once', () => {
    assert.throws(
      () => loadAsStart(EXAMPLE),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.problems.map((p) => p.setting),
          ['META_ACCESS_TOKEN', 'META_AD_ACCOUNT_ID'],
        );
        return true;
      },
    );
  });

  test('its channel names, written without quotes, still load', () => {
    const unquoted = fill(EXAMPLE, META).replace(/^# (\w+_CHANNEL)="(.*)"$/gm, '$1=$2');
    const config = loadAsStart(unquoted.replace('REPORT_CHANNEL="#leadops"', 'REPORT_CHANNEL=#leadops'));
    assert.deepEqual(config.channels, {
      report: '#leadops',
      leads: '#new-leads',
      approvals: '#ads-approvals',
    });
  });

  test('every commented example, uncommented, is a valid setting', () => {
    const all = fill(EXAMPLE, META).replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1');
    const config = loadAsStart(all);
    assert.deepEqual(config.channels, {
      report: '#leadops',
      leads: '#new-leads',
      approvals: '#ads-approvals',
    });
    assert.equal(config.maxDailyBudget, '500');
    assert.deepEqual(config.protected, ['Brand – Always on', '120200000000000001']);
    assert.equal(config.timezone, 'America/Chicago');
  });
});

test('npm start with nothing set: every required setting named, one line each, exit 1', async () => {
  // An empty folder (no .env) and an environment with nothing but PATH.
  const empty = mkdtempSync(join(dir, 'empty-'));
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main], {
    cwd: empty,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.deepEqual(stderr.trimEnd().split('\n'), [
    'LeadOps cannot start: 5 settings need attention:',
    '  SLACK_BOT_TOKEN: is required: the bot token (xoxb-…) from your Slack app',
    '  SLACK_SIGNING_SECRET: is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)',
    '  META_ACCESS_TOKEN: is required: a system-user token with ads_read, ads_management, leads_retrieval',
    '  META_AD_ACCOUNT_ID: is required: your ad account id, e.g. act_1234567890',
    '  REPORT_CHANNEL: is required: the channel (id or name) where LeadOps posts',
  ]);
});
