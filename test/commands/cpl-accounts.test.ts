import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import type { AccountStatus } from '../../src/accounts/registry.js';
import { cplCommand } from '../../src/commands/cpl.js';
import { runCommand } from '../../src/commands/index.js';
import type { Invocation, Services } from '../../src/commands/types.js';
import { openDatabase } from '../../src/db/open.js';
import { ErrorCode } from '../../src/errors.js';
import type { InsightRow } from '../../src/insights/types.js';
import { silentLogger } from '../../src/log.js';
import type { InsightsQuery } from '../../src/meta/ad-account.js';
import { MetaError } from '../../src/meta/errors.js';

/** Sunday Nov 29, 2026, noon in Chicago, evening in Berlin, and already Monday 3 AM in Tokyo. */
const NOW = Date.parse('2026-11-29T18:00:00Z');

function account(
  id: string,
  name: string,
  currency: string,
  timezone: string,
  homeChannel: string | null,
): Account {
  return { id, name, currency, timezone, homeChannel, pixelId: null };
}

const ACME = account('act_1001', 'Acme Injury Law', 'USD', 'America/Chicago', 'C0ACME');
const BAYOU = account('act_1002', 'Bayou Dental', 'USD', 'America/Chicago', null);
const BERLIN = account('act_2002', 'Kanzlei Berlin', 'EUR', 'Europe/Berlin', '#client-berlin');
const TOKYO = account('act_3003', 'Tokyo Seikotsuin', 'JPY', 'Asia/Tokyo', '#client-tokyo');

function row(level: InsightRow['level'], id: string, name: string, spend: number, leads: number): InsightRow {
  return {
    level,
    objectId: id,
    name,
    campaignId: level === 'account' ? null : id,
    campaignName: level === 'account' ? null : name,
    spendCents: spend,
    impressions: 10_000,
    clicks: 100,
    leads,
    reach: null,
    frequency: null,
    dateStart: '2026-11-22',
    dateStop: '2026-11-28',
  };
}

/** What each account's insights answer: its spend and leads (one campaign, or one account row). */
const FIGURES: Record<string, [number, number]> = {
  act_1001: [123_456, 42],
  act_1002: [80_000, 10],
  act_2002: [123_456, 4],
  act_3003: [462_569, 0],
};

interface Setup {
  served: Account[];
  /** Configured accounts Meta never answered for. */
  unread?: AccountStatus[];
  failing?: Record<string, Error>;
  /** Each insights answer takes this long (to see how many run at once). */
  delayMs?: number;
  /** What a refresh from Meta makes readable. */
  onRefresh?: () => void;
}

function services(setup: Setup) {
  const calls: { id: string; currency: string; query: InsightsQuery }[] = [];
  const flight = { now: 0, most: 0 };
  const fake = {
    db: openDatabase(':memory:'),
    clock: { nowMilliseconds: () => NOW },
    logger: silentLogger,
    config: { approvers: [] },
    accounts: {
      served: () => setup.served,
      statuses: (): AccountStatus[] => [
        ...setup.served.map((a) => ({
          id: a.id,
          name: a.name,
          homeChannel: a.homeChannel,
          ok: true,
          lastError: null,
        })),
        ...(setup.unread ?? []),
      ],
      refresh: async () => setup.onRefresh?.(),
    },
    adAccountOf: (of: Account) => ({
      async insights(query: InsightsQuery): Promise<InsightRow[]> {
        calls.push({ id: of.id, currency: of.currency, query });
        flight.most = Math.max(flight.most, ++flight.now);
        await new Promise((resolve) => setTimeout(resolve, setup.delayMs ?? 0));
        flight.now--;
        const failure = setup.failing?.[of.id];
        if (failure) throw failure;
        const [spend, leads] = FIGURES[of.id] ?? [0, 0];
        return [
          row(
            query.level,
            query.level === 'account' ? of.id : `${of.id}-c1`,
            `${of.name} campaign`,
            spend,
            leads,
          ),
        ];
      },
    }),
  };
  return { services: fake as unknown as Services, calls, flight };
}

function asked(text: string, place: Partial<Invocation> = {}): Invocation {
  return { userId: 'U0ASKER', channelId: 'C0ELSEWHERE', channelName: 'general', text, ...place };
}

const tokenError = () =>
  new MetaError(
    ErrorCode.MetaPermission,
    'Graph error 200',
    'Meta refused: (#200) no access. Check that the token has ads_read.',
    {
      status: 400,
      code: 200,
      subcode: null,
      type: 'OAuthException',
      graphMessage: 'no access',
      fbtraceId: null,
      headers: {},
    },
    false,
  );

describe('/cpl: which account it is about (through the real command handler)', () => {
  const ALL = [ACME, BAYOU, BERLIN, TOKYO];

  test('in a home channel (by id): that account, as the single-account answer', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await cplCommand.handle(
      asked('last_7d', { channelId: 'C0ACME', channelName: 'client-acme' }),
      s,
    );
    assert.deepEqual(
      calls.map((c) => [c.id, c.query.level, c.query.since, c.query.until]),
      [['act_1001', 'campaign', '2026-11-22', '2026-11-28']],
    );
    assert.equal(reply.visibility, 'in_channel');
    assert.match(
      reply.text,
      /^Last 7 days \(Nov 22 – Nov 28, 2026\): \$1,234\.56 spend · 42 leads · CPL \$29\.39/,
    );
    assert.match(JSON.stringify(reply.blocks), /Acme Injury Law · America\/Chicago/);
  });

  test('in a home channel given by name: yen, and the week as Tokyo sees it', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await cplCommand.handle(
      asked('', { channelId: 'C0TOKYO', channelName: 'client-tokyo' }),
      s,
    );
    assert.deepEqual(
      calls.map((c) => [c.id, c.currency, c.query.since, c.query.until]),
      [['act_3003', 'JPY', '2026-11-23', '2026-11-29']],
    );
    assert.match(reply.text, /^Last 7 days \(Nov 23 – Nov 29, 2026\): ¥462,569 spend · 0 leads · CPL —/);
  });

  test('act_… anywhere in the text names the account; the rest are the usual arguments', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await cplCommand.handle(asked('last_7d act_2002 adsets'), s);
    assert.deepEqual(
      calls.map((c) => [c.id, c.query.level, c.query.since]),
      [['act_2002', 'adset', '2026-11-22']],
    );
    assert.match(reply.text, /€1,234\.56 spend · 4 leads · CPL €308\.64/);
  });

  test('the only account needs no act_…', async () => {
    const { services: s, calls } = services({ served: [BERLIN] });
    await cplCommand.handle(asked('yesterday'), s);
    assert.deepEqual(
      calls.map((c) => [c.id, c.query.level, c.query.since]),
      [['act_2002', 'campaign', '2026-11-28']],
    );
  });

  test('several accounts, none chosen: one account-level call each, a line each, a total per currency', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await cplCommand.handle(asked('last_7d'), s);
    assert.deepEqual(calls.map((c) => [c.id, c.query.level, c.query.since, c.query.until]).sort(), [
      ['act_1001', 'account', '2026-11-22', '2026-11-28'],
      ['act_1002', 'account', '2026-11-22', '2026-11-28'],
      ['act_2002', 'account', '2026-11-22', '2026-11-28'],
      ['act_3003', 'account', '2026-11-23', '2026-11-29'],
    ]);
    assert.equal(reply.visibility, 'in_channel');
    assert.equal(reply.text, 'Last 7 days, 4 ad accounts: $2,034.56 · €1,234.56 · ¥462,569 spend');
    const text = JSON.stringify(reply.blocks);
    assert.match(text, /\*Tokyo Seikotsuin\* · act_3003 · Nov 23 – Nov 29, 2026/);
    assert.match(text, /\*Total USD\* \(2 accounts\): \$2,034\.56 spend · 52 leads · CPL \$39\.13/);
    assert.match(text, /\*Total JPY\* \(1 account\): ¥462,569 spend/);
  });

  test('one account failing shows its reason; the others still answer', async () => {
    const { services: s } = services({
      served: ALL,
      failing: { act_2002: tokenError() },
      unread: [
        {
          id: 'act_4004',
          name: null,
          homeChannel: null,
          ok: false,
          lastError: 'Meta said: Unsupported get request.',
        },
      ],
    });
    const reply = await cplCommand.handle(asked(''), s);
    const text = JSON.stringify(reply.blocks);
    assert.match(
      text,
      /\*Kanzlei Berlin\* · act_2002\\n:warning: not read — Meta refused: \(#200\) no access/,
    );
    assert.match(text, /\*act_4004\* · act_4004\\n:warning: not read — Meta said: Unsupported get request\./);
    assert.match(text, /\*Total USD\* \(2 accounts\)/);
    assert.doesNotMatch(text, /Total EUR/);
    assert.match(text, /The totals leave out the 2 accounts not read/);
  });

  test('every account failing: the one reason, privately', async () => {
    const { services: s } = services({
      served: [ACME, BERLIN],
      failing: { act_1001: tokenError(), act_2002: tokenError() },
    });
    const reply = await runCommand(cplCommand, asked('last_7d'), s);
    assert.equal(reply.visibility, 'ephemeral');
    assert.match(reply.text, /^Meta refused: \(#200\) no access/);
  });

  test('ad sets or a name filter with several accounts and none chosen: the list of accounts, no call', async () => {
    for (const text of ['last_7d adsets', 'houston']) {
      const { services: s, calls } = services({ served: ALL });
      const reply = await runCommand(cplCommand, asked(text), s);
      assert.equal(reply.visibility, 'ephemeral', text);
      assert.match(
        reply.text,
        /^Which ad account\? Add one of act_1001 \(Acme Injury Law, C0ACME\), act_1002 \(Bayou Dental\)/,
      );
      assert.match(reply.text, /Usage: \/cpl/);
      assert.equal(calls.length, 0, text);
    }
  });

  test('an act_… LeadOps does not serve: the list, no call', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await runCommand(cplCommand, asked('last_7d act_999'), s);
    assert.equal(reply.visibility, 'ephemeral');
    assert.match(reply.text, /^LeadOps does not serve act_999\. The accounts: act_1001/);
    assert.equal(calls.length, 0);
  });

  test('a bad range with several accounts: usage, no call', async () => {
    const { services: s, calls } = services({ served: ALL });
    const reply = await runCommand(cplCommand, asked('last_8d'), s);
    assert.equal(reply.visibility, 'ephemeral');
    assert.match(reply.text, /“last_8d” is not a date range I know/);
    assert.equal(calls.length, 0);
  });

  test('a few accounts at a time, never all at once', async () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      account(`act_50${i}`, `Location ${i}`, 'USD', 'America/Chicago', null),
    );
    const { services: s, calls, flight } = services({ served: many, delayMs: 20 });
    const reply = await cplCommand.handle(asked('last_7d'), s);
    assert.equal(calls.length, 10, 'one call per account');
    assert.equal(flight.most, 4);
    assert.match(reply.text, /10 ad accounts/);
  });

  test('no account readable yet: read again first, then the single-account answer', async () => {
    const setup: Setup = { served: [] };
    setup.onRefresh = () => {
      setup.served = [BERLIN];
    };
    const { services: s, calls } = services(setup);
    const reply = await cplCommand.handle(asked('last_7d'), s);
    assert.deepEqual(
      calls.map((c) => [c.id, c.query.level]),
      [['act_2002', 'campaign']],
    );
    assert.match(reply.text, /^Last 7 days \(Nov 22 – Nov 28, 2026\): €1,234\.56 spend/);
  });

  test('still none readable: why, privately', async () => {
    const { services: s, calls } = services({
      served: [],
      unread: [{ id: 'act_4004', name: null, homeChannel: null, ok: false, lastError: 'Meta said: no.' }],
    });
    const reply = await runCommand(cplCommand, asked(''), s);
    assert.equal(reply.visibility, 'ephemeral');
    assert.equal(reply.text, 'No ad account could be read from Meta. act_4004: Meta said: no.');
    assert.equal(calls.length, 0);
  });
});
