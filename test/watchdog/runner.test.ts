import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import type { AccountStatus } from '../../src/accounts/registry.js';
import { openDatabase } from '../../src/db/open.js';
import { readCheckStatuses, readConditions, writeMute } from '../../src/db/watchdog-state.js';
import { silentLogger } from '../../src/log.js';
import type { ChannelMessage, Messenger } from '../../src/messages/messenger.js';
import type { AccountHealthReader, AccountStanding } from '../../src/meta/account-health.js';
import type { GraphStatus } from '../../src/meta/graph-client.js';
import type { TokenDebug, TokenInfo } from '../../src/meta/token-debug.js';
import { slackMessageRef } from '../../src/slack/message-ref.js';
import { Watchdog } from '../../src/watchdog/runner.js';
import { CHICAGO, TOKYO } from '../support/accounts.js';

/** Sunday Nov 29, 2026, noon in Chicago, 3 AM Monday in Tokyo. */
const NOW = Date.parse('2026-11-29T18:00:00Z');
const HOUR = 3_600_000;

const LOST = 'act_999';

const TOKEN: TokenInfo = {
  isValid: true,
  type: 'SYSTEM_USER',
  application: 'LeadOps',
  expiresAt: null,
  dataAccessExpiresAt: null,
  scopes: ['ads_read', 'ads_management', 'leads_retrieval'],
  granularScopes: [],
  error: null,
};

/**
 * The real Watchdog on an in-memory store, with the registry, Meta's reads and Slack faked:
 * what Meta says of each account is set per account, what is posted is recorded per channel.
 */
function harness(initial: { served: Account[]; unreadable?: AccountStatus[] }) {
  const db = openDatabase(':memory:');
  let now = NOW;
  let served = initial.served;
  let unreadable = initial.unreadable ?? [];
  const standings = new Map<string, Partial<AccountStanding>>();
  const broken = new Set<string>();
  /** Accounts the registry's last read failed for (and Meta refuses this run's reads of). */
  const refused = new Map<string, string>();
  const posts: { channel: string; message: ChannelMessage }[] = [];
  let inspections = 0;
  let refreshes = 0;
  let calls = 0;
  const messenger = {
    post: async (channel: string, message: ChannelMessage) => {
      posts.push({ channel, message });
      return slackMessageRef(channel, String(posts.length));
    },
  } as unknown as Messenger;
  const readerFor = (account: Account) => {
    if (broken.has(account.id)) throw new Error(`no reader for ${account.id}`);
    return {
      accountId: account.id,
      standing: async () => {
        calls++;
        const error = refused.get(account.id);
        if (error) throw new Error(error);
        return {
          name: account.name,
          timezone: account.timezone,
          currency: account.currency,
          accountStatus: 1,
          disableReason: 0,
          amountSpentCents: 0,
          spendCapCents: null,
          ...standings.get(account.id),
        };
      },
      flaggedAds: async () => [],
      campaignFigures: async () => [],
      dailySpend: async () => [],
    } as unknown as AccountHealthReader;
  };
  const watchdog = new Watchdog({
    db,
    clock: { nowMilliseconds: () => now },
    logger: silentLogger,
    accounts: {
      served: () => served,
      statuses: () => [
        ...served.map((a) => ({
          id: a.id,
          name: a.name,
          homeChannel: a.homeChannel,
          ok: !refused.has(a.id),
          lastError: refused.get(a.id) ?? null,
        })),
        ...unreadable,
      ],
      refresh: async () => {
        refreshes++;
      },
    },
    readerFor,
    tokenDebug: {
      inspect: async () => {
        inspections++;
        return TOKEN;
      },
    } as unknown as TokenDebug,
    graphStatus: (): GraphStatus => ({ token: 'valid', lastCallAt: null, lastError: null, calls }),
    messenger,
    fallback: { report: '#report', leads: '#leads', approvals: '#approvals' },
    approvers: ['U0BOSS'],
    cron: '*/15 * * * *',
    webhooksConfigured: true,
    pageIds: [],
    accessToken: 'token',
  });
  return {
    db,
    watchdog,
    posts,
    in: (channel: string) => posts.filter((post) => post.channel === channel).map((post) => post.message),
    standings,
    broken,
    refused,
    inspections: () => inspections,
    refreshes: () => refreshes,
    advance: (ms: number) => {
      now += ms;
    },
    setAccounts(next: { served: Account[]; unreadable?: AccountStatus[] }) {
      served = next.served;
      unreadable = next.unreadable ?? [];
    },
  };
}

const lost: AccountStatus = {
  id: LOST,
  name: null,
  homeChannel: '#client-lost',
  ok: false,
  lastError: '(#100) Object with ID act_999 does not exist',
};

describe('the watchdog per account', () => {
  test('each account judged on its own, alerted in its home channel, in its currency and zone, named when there are several', async () => {
    const h = harness({ served: [CHICAGO, TOKYO] });
    h.standings.set(TOKYO.id, { spendCapCents: 1_000_000, amountSpentCents: 950_000 });
    const result = await h.watchdog.runAll();

    assert.deepEqual(
      result.checks.map((c) => `${c.account} ${c.check} ${c.state}`).sort(),
      [
        'act_1001 account ok',
        'act_1001 ads ok',
        'act_1001 cpl ok',
        'act_1001 delivery ok',
        'act_1001 drought ok',
        'act_1001 token ok',
        // No Graph answer in this harness: usage figures unknown.
        'act_1001 usage unknown',
        'act_3003 account alert',
        'act_3003 ads ok',
        'act_3003 cpl ok',
        'act_3003 delivery ok',
        'act_3003 drought ok',
        'act_3003 usage unknown',
      ],
      'the token once, with the first account',
    );
    assert.equal(h.inspections(), 1, 'debug_token once per run, not once per account');
    assert.equal(h.refreshes(), 1, 'accounts not read for a while are read again first');
    assert.deepEqual(h.in('#approvals'), [], 'nothing wrong in Chicago: nothing in its channel');
    const [alert] = h.in('C0TOKYO');
    assert.equal(
      alert?.text,
      ':rotating_light: Watchdog · Sakura Law (act_3003) — Spend cap almost reached: ¥950,000 of ¥1,000,000 (95%)',
    );
    assert.match(
      JSON.stringify(alert?.blocks),
      /<@U0BOSS> · Sakura Law \(act_3003\) · Ad account · since Nov 30, 3:00 AM GMT\+9/,
    );

    // Conditions are the account's: Chicago has none.
    assert.deepEqual(
      readConditions(h.db, TOKYO.id).map((r) => r.key),
      ['spend-cap'],
    );
    assert.deepEqual(readConditions(h.db, CHICAGO.id), []);
    assert.equal(readCheckStatuses(h.db, TOKYO.id).has('token'), false);
    assert.equal(readCheckStatuses(h.db, CHICAGO.id).get('token')?.state, 'ok');

    // The JPY account has no drought min_spend: its drought is not judged, and says so.
    assert.match(
      result.checks.find((c) => c.account === TOKYO.id && c.check === 'drought')?.summary ?? '',
      /droughts are not judged until `min_spend` is set \(in JPY\)/,
    );

    await h.watchdog.runAll();
    assert.equal(h.posts.length, 1, 'nothing repeated');
  });

  test('a mute is one account’s: the other account is still told', async () => {
    const h = harness({ served: [CHICAGO, TOKYO] });
    writeMute(h.db, TOKYO.id, 'account', NOW + 2 * HOUR, 'U0BOSS', NOW);
    h.standings.set(TOKYO.id, { accountStatus: 3 });
    h.standings.set(CHICAGO.id, { accountStatus: 3 });
    await h.watchdog.runAll();
    assert.deepEqual(
      h.in('#approvals').map((m) => m.text),
      [':rotating_light: Watchdog · Brazos & Reyes (act_1001) — The ad account is unsettled'],
    );
    assert.deepEqual(h.in('C0TOKYO'), []);
    h.advance(2 * HOUR);
    await h.watchdog.runAll();
    assert.deepEqual(
      h.in('C0TOKYO').map((m) => m.text),
      [':rotating_light: Watchdog · Sakura Law (act_3003) — The ad account is unsettled'],
    );
    assert.equal(h.in('#approvals').length, 1);
  });

  test('one account failing does not stop the others', async () => {
    const h = harness({ served: [CHICAGO, TOKYO] });
    h.broken.add(TOKYO.id);
    h.standings.set(CHICAGO.id, { accountStatus: 9 });
    const result = await h.watchdog.runAll();
    assert.deepEqual(result.failedAccounts, [{ account: TOKYO.id, error: 'no reader for act_3003' }]);
    assert.equal(result.checks.filter((c) => c.account === CHICAGO.id).length, 7);
    assert.equal(h.in('#approvals').length, 1);
  });

  test('an account the token cannot read: told once in its home channel (no money, UTC); “resolved” once it is read', async () => {
    const h = harness({ served: [CHICAGO], unreadable: [lost] });
    await h.watchdog.runAll();
    await h.watchdog.runAll();
    const alerts = h.in('#client-lost');
    assert.equal(alerts.length, 1);
    assert.equal(
      alerts[0]?.text,
      ':rotating_light: Watchdog · act_999 — LeadOps cannot read the ad account act_999',
    );
    const blocks = JSON.stringify(alerts[0]?.blocks);
    assert.match(blocks, /Meta said: \(#100\) Object with ID act_999 does not exist/);
    assert.match(blocks, /since Nov 29, 6:00 PM UTC/);
    assert.doesNotMatch(blocks, /[$¥€]/);
    assert.deepEqual(h.in('#approvals'), [], 'the readable account carries on quietly');
    assert.deepEqual(
      readConditions(h.db, LOST).map((r) => [r.check, r.key, r.announcedLevel]),
      [['account', 'unreadable', 'unreadable']],
    );
    const health = h.watchdog.health() as Record<string, { findings: { check: string; key: string }[] }>;
    assert.deepEqual(Object.keys(health), [CHICAGO.id, LOST]);
    assert.deepEqual(
      health[LOST]?.findings.map((f) => `${f.check} ${f.key}`),
      ['account unreadable'],
    );

    // Meta lets LeadOps read it now: the registry serves it (in euros, in Berlin).
    const berlin: Account = {
      id: LOST,
      name: 'Müller Recht',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      homeChannel: '#client-lost',
      pixelId: null,
    };
    h.setAccounts({ served: [CHICAGO, berlin] });
    h.advance(HOUR);
    await h.watchdog.runAll();
    await h.watchdog.runAll();
    const resolved = h.in('#client-lost').slice(1);
    assert.deepEqual(
      resolved.map((m) => m.text),
      [':white_check_mark: Resolved · Müller Recht (act_999) — LeadOps cannot read the ad account act_999'],
    );
    assert.match(
      JSON.stringify(resolved[0]?.blocks),
      /From Nov 29, 7:00 PM GMT\+1 to Nov 29, 8:00 PM GMT\+1/,
    );
  });

  test('a served account Meta refuses now (known from before): its account check says so; the standing’s alerts held', async () => {
    const h = harness({ served: [CHICAGO, TOKYO] });
    h.standings.set(TOKYO.id, { spendCapCents: 1_000_000, amountSpentCents: 950_000 });
    await h.watchdog.runAll();
    h.refused.set(TOKYO.id, '(#200) Ad account owner has NOT grant ads_read permission');
    await h.watchdog.runAll();
    await h.watchdog.runAll();
    assert.deepEqual(
      h.in('C0TOKYO').map((m) => m.text),
      [
        ':rotating_light: Watchdog · Sakura Law (act_3003) — Spend cap almost reached: ¥950,000 of ¥1,000,000 (95%)',
        ':rotating_light: Watchdog · Sakura Law (act_3003) — LeadOps cannot read the ad account “Sakura Law” (act_3003)',
      ],
    );
    h.refused.delete(TOKYO.id);
    await h.watchdog.runAll();
    assert.deepEqual(
      h
        .in('C0TOKYO')
        .slice(2)
        .map((m) => m.text),
      [
        ':white_check_mark: Resolved · Sakura Law (act_3003) — LeadOps cannot read the ad account “Sakura Law” (act_3003)',
      ],
      'the spend cap, held meanwhile, is neither ended nor told again',
    );
    assert.deepEqual(h.in('#approvals'), []);
  });

  test('one account: messages and /healthz as before (no account named)', async () => {
    const h = harness({ served: [CHICAGO] });
    h.standings.set(CHICAGO.id, { accountStatus: 3 });
    const result = await h.watchdog.runAll();
    assert.equal(result.alertsPosted, 1);
    assert.deepEqual(
      h.in('#approvals').map((m) => m.text),
      [':rotating_light: Watchdog — The ad account is unsettled'],
    );
    assert.doesNotMatch(JSON.stringify(h.posts), /act_1001/);
    const health = h.watchdog.health() as { findings: { check: string }[]; checks: Record<string, unknown> };
    assert.deepEqual(
      health.findings.map((f) => f.check),
      ['account'],
    );
    assert.ok('drought' in health.checks);
    // /watchdog run in the account runs its checks and the token's.
    const ran = await h.watchdog.run(CHICAGO);
    assert.equal(ran.checks.length, 7);
  });
});
