import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readUsage, readUsageByScope } from '../../src/meta/usage.js';

const APP_USAGE = '{"call_count":28,"total_time":25,"total_cputime":25}';
const BUC_USAGE =
  '{"123":[{"type":"ads_insights","call_count":98,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":2}]}';
const INSIGHTS_THROTTLE = '{"app_id_util_pct":12.3,"acc_id_util_pct":45.5}';

describe('readUsage', () => {
  test('x-app-usage', () => {
    assert.deepEqual(readUsage({ 'x-app-usage': APP_USAGE }), { maxPercent: 28, regainAccessMs: 0 });
  });

  test('x-business-use-case-usage, with minutes to regain access', () => {
    assert.deepEqual(readUsage({ 'x-business-use-case-usage': BUC_USAGE }), {
      maxPercent: 98,
      regainAccessMs: 120_000,
    });
  });

  test('x-fb-ads-insights-throttle', () => {
    assert.deepEqual(readUsage({ 'x-fb-ads-insights-throttle': INSIGHTS_THROTTLE }), {
      maxPercent: 45.5,
      regainAccessMs: 0,
    });
  });

  test('x-ad-account-usage', () => {
    assert.deepEqual(
      readUsage({ 'x-ad-account-usage': '{"acc_id_util_pct":9.67,"reset_time_duration":0}' }),
      {
        maxPercent: 9.67,
        regainAccessMs: 0,
      },
    );
  });

  test('the highest of all headers', () => {
    assert.deepEqual(
      readUsage({
        'x-app-usage': APP_USAGE,
        'x-business-use-case-usage': BUC_USAGE,
        'x-fb-ads-insights-throttle': INSIGHTS_THROTTLE,
        'content-type': 'application/json',
      }),
      { maxPercent: 98, regainAccessMs: 120_000 },
    );
  });

  test('several accounts and types in the business use case header', () => {
    const header = JSON.stringify({
      '123': [
        {
          type: 'ads_management',
          call_count: 10,
          total_cputime: 5,
          total_time: 7,
          estimated_time_to_regain_access: 0,
        },
      ],
      '456': [
        {
          type: 'ads_insights',
          call_count: 100,
          total_cputime: 60,
          total_time: 100,
          estimated_time_to_regain_access: 15,
        },
      ],
    });
    assert.deepEqual(readUsage({ 'x-business-use-case-usage': header }), {
      maxPercent: 100,
      regainAccessMs: 900_000,
    });
  });

  test('malformed JSON is ignored', () => {
    assert.deepEqual(
      readUsage({ 'x-app-usage': '{"call_count":28,', 'x-fb-ads-insights-throttle': INSIGHTS_THROTTLE }),
      {
        maxPercent: 45.5,
        regainAccessMs: 0,
      },
    );
    assert.deepEqual(readUsage({ 'x-app-usage': 'not json', 'x-business-use-case-usage': '' }), {
      maxPercent: 0,
      regainAccessMs: 0,
    });
  });

  test('no headers', () => {
    assert.deepEqual(readUsage({}), { maxPercent: 0, regainAccessMs: 0 });
  });
});

describe('readUsageByScope', () => {
  test('the app, each account the business use case header names (as act_…), and the call’s own account', () => {
    const usage = readUsageByScope({
      'x-app-usage': APP_USAGE,
      'x-business-use-case-usage': BUC_USAGE,
      'x-ad-account-usage': '{"acc_id_util_pct":9.67,"reset_time_duration":0}',
      'x-fb-ads-insights-throttle': INSIGHTS_THROTTLE,
    });
    assert.deepEqual(usage.app, { percent: 28, regainAccessMs: 0 });
    assert.deepEqual([...usage.accounts], [['act_123', { percent: 98, regainAccessMs: 120_000 }]]);
    assert.deepEqual(usage.callAccount, { percent: 45.5, regainAccessMs: 0 });
  });

  test('no headers: nothing known', () => {
    assert.deepEqual(readUsageByScope({}), { app: null, accounts: new Map(), callAccount: null });
  });
});
