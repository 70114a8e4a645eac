import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TokenInfo } from '../../src/meta/token-debug.js';
import { toTokenInfo } from '../../src/meta/token-debug.js';
import { evaluateToken, missingScopes, type TokenFigures } from '../../src/watchdog/checks/token.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { simulate } from './simulate.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-29T18:00:00Z');
const defaults = settingsOf('token', new Map(), 'USD');

const info = (change: Partial<TokenInfo> = {}): TokenInfo => ({
  isValid: true,
  type: 'SYSTEM_USER',
  application: 'LeadOps',
  expiresAt: null,
  dataAccessExpiresAt: null,
  scopes: ['ads_read', 'ads_management', 'leads_retrieval', 'pages_show_list'],
  granularScopes: [],
  error: null,
  ...change,
});

const figures = (change: Partial<TokenFigures> = {}): TokenFigures => ({
  now: NOW,
  timezone: 'America/Chicago',
  info: info(),
  checkedAt: NOW,
  refused: null,
  accountIds: ['1234'],
  pageIds: ['555'],
  ...change,
});

describe('token: debug_token read', () => {
  test('Meta’s shape to TokenInfo: seconds to ms, 0 = never, granular scopes kept', () => {
    assert.deepEqual(
      toTokenInfo({
        type: 'USER',
        application: 'LeadOps',
        expires_at: 1_796_407_200,
        data_access_expires_at: 0,
        is_valid: true,
        scopes: ['ads_read'],
        granular_scopes: [{ scope: 'ads_read', target_ids: ['1234'] }, { scope: 'business_management' }],
      }),
      info({
        type: 'USER',
        expiresAt: 1_796_407_200_000,
        scopes: ['ads_read'],
        granularScopes: [
          { scope: 'ads_read', targetIds: ['1234'] },
          { scope: 'business_management', targetIds: null },
        ],
      }),
    );
  });
});

describe('token: the check', () => {
  test('a system-user token with every scope: ok', () => {
    const result = evaluateToken(figures(), defaults);
    assert.equal(result.state, 'ok');
    assert.equal(
      result.summary,
      'Valid, never expires, has ads_read, ads_management, leads_retrieval · checked Nov 29, 12:00 PM CST.',
    );
  });

  test('5 days left → a warning naming the day; 8 days left → nothing', () => {
    const soon = evaluateToken(figures({ info: info({ expiresAt: NOW + 5 * DAY }) }), defaults);
    assert.deepEqual(
      soon.conditions.map((c) => [c.key, c.level, c.title]),
      [['token', 'soon', 'The Meta token expires in 5 days (Dec 4, 12:00 PM CST)']],
    );
    assert.equal(evaluateToken(figures({ info: info({ expiresAt: NOW + 8 * DAY }) }), defaults).state, 'ok');
  });

  test('7 days and 1 day before: two warnings, judged every run from the last answer (no new call)', () => {
    const expiresAt = NOW + 8 * DAY;
    const checkedAt = NOW;
    const run = (days: number) => {
      const now = NOW + days * DAY;
      return {
        at: now,
        result: evaluateToken(figures({ now, checkedAt, info: info({ expiresAt }) }), defaults),
      };
    };
    const { said } = simulate([run(0), run(1.5), run(2), run(5), run(7.5), run(7.9)]);
    assert.deepEqual(said, [[], ['start token'], [], [], ['change token urgent'], []]);
  });

  test('refused by Meta (190) or debug_token says invalid → at once, with Meta’s words', () => {
    const refused = evaluateToken(
      figures({
        refused: 'Error validating access token: Session has expired on Friday, 27-Nov-26 23:00:00 PST.',
      }),
      defaults,
    );
    assert.equal(refused.conditions[0]?.level, 'invalid');
    assert.match(
      refused.conditions[0]?.detail ?? '',
      /^Meta said: Error validating access token: Session has expired/,
    );
    const invalid = evaluateToken(
      figures({ info: info({ isValid: false, error: 'The session was invalidated' }) }),
      defaults,
    );
    assert.equal(invalid.conditions[0]?.level, 'invalid');
    assert.equal(invalid.conditions[0]?.detail, 'Meta said: The session was invalidated');
    assert.equal(invalid.conditions.length, 1, 'no scope complaint about an invalid token');
  });

  test('past its expiry without a refusal yet → invalid too', () => {
    const result = evaluateToken(figures({ info: info({ expiresAt: NOW - HOUR }) }), defaults);
    assert.equal(result.conditions[0]?.level, 'invalid');
  });

  test('a needed scope missing, or granted only on other assets → its own alert', () => {
    const noLeads = evaluateToken(
      figures({ info: info({ scopes: ['ads_read', 'ads_management'] }) }),
      defaults,
    );
    assert.deepEqual(
      noLeads.conditions.map((c) => [c.key, c.level, c.title]),
      [['scopes', 'leads_retrieval', 'The Meta token lacks leads_retrieval']],
    );
    const otherAccount = info({
      granularScopes: [
        { scope: 'ads_management', targetIds: ['9999'] },
        { scope: 'leads_retrieval', targetIds: ['555'] },
      ],
    });
    assert.deepEqual(missingScopes(otherAccount, ['1234'], ['555']), ['ads_management']);
    assert.deepEqual(missingScopes(otherAccount, ['9999'], ['555']), []);
    assert.deepEqual(
      missingScopes(otherAccount, ['9999', '1234'], ['555']),
      ['ads_management'],
      'every served account',
    );
    assert.deepEqual(missingScopes(otherAccount, ['1234'], ['555', '777']), [
      'ads_management',
      'leads_retrieval',
    ]);
  });

  test('never checked and not refused → unknown (held)', () => {
    assert.equal(evaluateToken(figures({ info: null, checkedAt: null }), defaults).state, 'unknown');
  });

  test('renewed: the alert ends once', () => {
    const { said } = simulate([
      { at: NOW, result: evaluateToken(figures({ refused: 'expired' }), defaults) },
      { at: NOW + HOUR, result: evaluateToken(figures({ refused: 'expired' }), defaults) },
      { at: NOW + 2 * HOUR, result: evaluateToken(figures(), defaults) },
    ]);
    assert.deepEqual(said, [['start token'], [], ['end token']]);
  });
});
