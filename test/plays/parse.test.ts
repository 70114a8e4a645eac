import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countryOfPhone } from '../../src/audiences/calling-codes.js';
import { lookalikeValue, mainCountry, parseLookalikeArgs } from '../../src/audiences/lookalike.js';
import { parseDuplicate } from '../../src/commands/adsets.js';
import type { AdSetState } from '../../src/meta/ad-account.js';
import { duplicateProblem, findAdSet } from '../../src/plays/duplicate.js';

const adset = (over: Partial<AdSetState> = {}): AdSetState => ({
  id: '2001',
  name: 'Houston – Broad',
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetCents: 4000,
  lifetimeBudgetCents: null,
  campaignId: '1001',
  ...over,
});

describe('/adsets duplicate: its words', () => {
  test('the name (any number of words, quotes dropped) then the budget last', () => {
    assert.deepEqual(parseDuplicate(['duplicate', 'Houston', '–', 'Broad', '120']), {
      query: 'Houston – Broad',
      amount: '120',
    });
    assert.deepEqual(parseDuplicate(['DUPLICATE', '“Houston', '–', 'Broad”', '$1,200.50']), {
      query: 'Houston – Broad',
      amount: '$1,200.50',
    });
    assert.deepEqual(parseDuplicate(['duplicate', '2001', '80']), { query: '2001', amount: '80' });
  });

  test('a missing verb, ad set or budget is a problem', () => {
    assert.match(String((parseDuplicate([]) as { problem: string }).problem), /Say what to do/);
    assert.match(
      String((parseDuplicate(['clone', 'x', '1']) as { problem: string }).problem),
      /“clone” is not/,
    );
    assert.match(
      String((parseDuplicate(['duplicate', '80']) as { problem: string }).problem),
      /Give the ad set/,
    );
  });

  test('the ad set by id or exact name in any case; two of one name ask for the id', () => {
    const list = [adset(), adset({ id: '2002', name: 'Dallas' }), adset({ id: '2003', name: 'Dallas' })];
    assert.equal((findAdSet(list, '2001') as { adset: AdSetState }).adset.id, '2001');
    assert.equal((findAdSet(list, 'houston – BROAD') as { adset: AdSetState }).adset.id, '2001');
    assert.deepEqual(findAdSet(list, 'Dallas'), {
      problem: '2 ad sets are named “Dallas”: give the id of the one to copy (2002, 2003).',
    });
    assert.deepEqual(findAdSet(list, 'Austin'), {
      problem: 'No ad set “Austin” in this ad account (its name as in Ads Manager, or its id).',
    });
  });

  test('the budget within MAX_DAILY_BUDGET, in the account’s currency; only ad sets with a daily budget', () => {
    const guard = { protected: [], ceiling: 50_000, currency: 'USD' };
    assert.equal(duplicateProblem(adset(), 12_000, guard), null);
    assert.equal(
      duplicateProblem(adset(), 60_000, guard),
      '$600.00/day is above MAX_DAILY_BUDGET ($500.00/day).',
    );
    assert.equal(
      duplicateProblem(adset(), 9000, { ...guard, currency: 'JPY', ceiling: 8000 }),
      '¥9,000/day is above MAX_DAILY_BUDGET (¥8,000/day).',
    );
    assert.match(
      String(duplicateProblem(adset({ dailyBudgetCents: null }), 100, guard)),
      /no daily budget of its own/,
    );
    assert.match(String(duplicateProblem(adset(), 100, { ...guard, protected: ['1001'] })), /PROTECTED/);
  });
});

describe('/audience lookalike: its words', () => {
  test('a whole percent 1–10 and an ISO country, in any order; 1% and no country by default', () => {
    assert.deepEqual(parseLookalikeArgs([]), { percent: 1, country: null });
    assert.deepEqual(parseLookalikeArgs(['3%', 'de']), { percent: 3, country: 'DE' });
    assert.deepEqual(parseLookalikeArgs(['JP', '10']), { percent: 10, country: 'JP' });
  });

  test('outside 1–10%, a fraction, not ISO 3166, or twice: a problem', () => {
    const problem = (args: string[]) => (parseLookalikeArgs(args) as { problem: string }).problem;
    assert.match(
      problem(['11%']),
      /11% is not a lookalike size LeadOps makes: a whole percent from 1% to 10%/,
    );
    assert.match(problem(['0']), /not a lookalike size/);
    assert.match(problem(['1.5%']), /not a lookalike size/);
    assert.equal(problem(['UK']), '“UK” is not an ISO 3166 country code (e.g. US, DE, JP).');
    assert.match(problem(['1%', '2%']), /one size/);
    assert.match(problem(['US', 'DE']), /one country/);
    assert.match(problem(['Texas']), /neither a size/);
  });

  test('the main country: where most signed cases’ international numbers are, else DEFAULT_COUNTRY_CODE’s', () => {
    assert.deepEqual(mainCountry(['+49 30 1234567', '+4930555', '+1 713 555 0100', '0030 555 1234'], '1'), {
      country: 'DE',
      from: 'where most signed cases’ phone numbers are',
    });
    assert.deepEqual(
      mainCountry(['+81 90 0000 1234', '+1 713 555 0100'], '1').country,
      'JP',
      'a tie: alphabetical',
    );
    assert.deepEqual(mainCountry(['(713) 555-0100', null], '81'), {
      country: 'JP',
      from: 'DEFAULT_COUNTRY_CODE +81',
    });
    assert.equal(mainCountry([], '999').country, 'US');
  });

  test('phone numbers with their country code; national numbers say nothing', () => {
    assert.equal(countryOfPhone('+1 (713) 555-0100'), 'US');
    assert.equal(countryOfPhone('0049 30 231250'), 'DE');
    assert.equal(countryOfPhone('+353 1 555 0000'), 'IE');
    assert.equal(countryOfPhone('030 231250'), null);
    assert.equal(countryOfPhone(null), null);
  });

  test('a case value as LOOKALIKE_VALUE: whole units of the currency', () => {
    assert.equal(lookalikeValue(450_050, 'USD'), 4500.5);
    assert.equal(lookalikeValue(800_000, 'JPY'), 800_000);
  });
});
