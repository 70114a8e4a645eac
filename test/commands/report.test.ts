import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { parseReportArgs, REPORT_USAGE, reportCommand } from '../../src/commands/report.js';
import type { Invocation, Services } from '../../src/commands/types.js';
import { openDatabase } from '../../src/db/open.js';
import { CommandError } from '../../src/errors.js';
import { EUR, fakeMeta, fakeSlack, JPY, USD } from '../support/report-fakes.js';

const TODAY = '2026-11-29';

function assertCommandError(text: string, message: RegExp): void {
  assert.throws(
    () => parseReportArgs(text, TODAY),
    (error: unknown) => {
      assert.ok(error instanceof CommandError, `CommandError for "${text}"`);
      assert.equal(error.usage, REPORT_USAGE);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseReportArgs', () => {
  test('no range: yesterday, in the account’s time zone', () => {
    const yesterday = { since: '2026-11-28', until: '2026-11-28', preset: 'yesterday' };
    assert.deepEqual(parseReportArgs('', TODAY), yesterday);
    assert.deepEqual(parseReportArgs('  ', TODAY), yesterday);
  });

  test('any range /cpl accepts: presets and YYYY-MM-DD..YYYY-MM-DD', () => {
    assert.deepEqual(parseReportArgs('last_7d', TODAY), {
      since: '2026-11-22',
      until: '2026-11-28',
      preset: 'last_7d',
    });
    assert.deepEqual(parseReportArgs('TODAY', TODAY), {
      since: '2026-11-29',
      until: '2026-11-29',
      preset: 'today',
    });
    assert.deepEqual(parseReportArgs('last_month', TODAY), {
      since: '2026-10-01',
      until: '2026-10-31',
      preset: 'last_month',
    });
    assert.deepEqual(parseReportArgs('2026-11-01..2026-11-15', TODAY), {
      since: '2026-11-01',
      until: '2026-11-15',
      preset: null,
    });
    assert.deepEqual(parseReportArgs('2026-11-20', TODAY), {
      since: '2026-11-20',
      until: '2026-11-20',
      preset: null,
    });
  });

  test('mistakes say what is wrong', () => {
    assertCommandError('last_8d', /not a date range I know/);
    assertCommandError('2026-02-30', /not a real date/);
    assertCommandError('2026-11-15..2026-11-01', /starts .* after it ends/);
    assertCommandError('2026-11-30', /ends in the future/);
    assertCommandError('yesterday adsets', /one range/);
    assertCommandError('soon', /not a real date/);
  });
});

describe('/report with several accounts', () => {
  /** Sunday Nov 29, 2026, noon in Chicago. */
  const NOON = Date.parse('2026-11-29T18:00:00Z');

  function services(accounts: Account[]) {
    const dir = mkdtempSync(join(tmpdir(), 'leadops-report-cmd-'));
    const slack = fakeSlack();
    const meta = fakeMeta();
    const fake = {
      config: {
        channels: { report: 'C0AGENCY', leads: 'C0AGENCY', approvals: 'C0AGENCY' },
        databasePath: join(dir, 'leadops.sqlite'),
        slack: { transport: { kind: 'http' } },
        speed: { slaMinutes: 5 },
      },
      db: openDatabase(':memory:'),
      clock: { nowMilliseconds: () => NOON },
      accounts: { served: () => accounts },
      messenger: slack.messenger,
      adAccountOf: (account: Account) => meta.adAccountOf(account),
    } as unknown as Services;
    return {
      services: fake,
      slack,
      meta,
      done: () => {
        fake.db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const asked = (text: string, channelId = 'C0GENERAL', channelName = 'general'): Invocation => ({
    userId: 'U0ASKER',
    channelId,
    channelName,
    text,
  });

  test('in a home channel: that account’s report, posted there', async () => {
    const { services: s, slack, done } = services([USD, EUR, JPY]);
    try {
      const reply = await reportCommand.handle(asked('', 'C0BERLIN', 'client-berlin'), s);
      assert.equal(reply.visibility, 'ephemeral');
      assert.equal(
        reply.text,
        'Posted the report of Berliner Kanzlei for Yesterday (Nov 28, 2026) in <#C0BERLIN>.',
      );
      assert.deepEqual(
        slack.posts.map((p) => [p.channel, p.message.text]),
        [['C0BERLIN', 'Yesterday (Nov 28, 2026): €123.45 spend · 2 leads · CPL €61.73']],
      );
    } finally {
      done();
    }
  });

  test('act_… names one anywhere; an account without a home channel posts to REPORT_CHANNEL', async () => {
    const { services: s, slack, done } = services([USD, EUR, JPY]);
    try {
      const reply = await reportCommand.handle(asked(`last_7d ${JPY.id}`), s);
      // Noon in Chicago is 03:00 on Nov 30 in Tokyo: the account's own last 7 days.
      assert.equal(
        reply.text,
        'Posted the report of Tokyo Law Office for Last 7 days (Nov 23 – Nov 29, 2026) in <#C0AGENCY>.',
      );
      assert.equal(slack.posts[0]?.channel, 'C0AGENCY');
      assert.match(String(slack.posts[0]?.message.text), /^Last 7 days \(Nov 23 – Nov 29, 2026\): ¥/);
    } finally {
      done();
    }
  });

  test('none named outside a home channel: the list of accounts, nothing posted, no Graph call', async () => {
    const { services: s, slack, meta, done } = services([USD, EUR]);
    try {
      await assert.rejects(
        reportCommand.handle(asked('yesterday'), s),
        (error: unknown) =>
          error instanceof CommandError &&
          /Which ad account\? Add one of act_1001 \(Acme Injury Law, C0ACME\), act_2002/.test(error.message),
      );
      assert.equal(slack.posts.length, 0);
      assert.equal(meta.calls.size, 0);
    } finally {
      done();
    }
  });

  test('one account: no act_… needed, the answer as before', async () => {
    const { services: s, done } = services([USD]);
    try {
      const reply = await reportCommand.handle(asked(''), s);
      assert.equal(reply.text, 'Posted the report for Yesterday (Nov 28, 2026) in <#C0ACME>.');
    } finally {
      done();
    }
  });
});
