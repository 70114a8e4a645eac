import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AdSetFigures,
  aboveFrequencyCap,
  adsetFloorFor,
  adsetSpendFloor,
  bestAndWorst,
  FREQUENCY_CAP,
  spentWithoutLeads,
} from '../../src/reports/floors.js';

function adset(
  name: string,
  spendCents: number,
  leads: number,
  frequency: number | null = 1.2,
): AdSetFigures {
  return { id: `id-${name}`, name, campaignName: 'Campaign', spendCents, leads, frequency };
}

describe('best and worst ad sets by CPL', () => {
  test('the floor keeps a $3 ad set with one lucky lead from winning', () => {
    const adsets = [
      adset('Tiny', 300, 1),
      adset('Good', 6000, 3),
      adset('Bad', 9000, 1),
      adset('Mid', 5000, 2),
    ];
    const { best, worst } = bestAndWorst(adsets, adsetSpendFloor(1));
    assert.equal(best?.name, 'Good');
    assert.equal(worst?.name, 'Bad');
  });

  test('at the floor counts; ad sets without leads are never best or worst', () => {
    const adsets = [adset('At floor', 2000, 1), adset('No leads', 50_000, 0), adset('Above', 9000, 2)];
    const { best, worst } = bestAndWorst(adsets, 2000);
    assert.equal(best?.name, 'At floor');
    assert.equal(worst?.name, 'Above');
  });

  test('one qualifying ad set is the best, and there is no worst', () => {
    assert.deepEqual(bestAndWorst([adset('Only', 5000, 1), adset('Small', 100, 1)], 2000), {
      best: adset('Only', 5000, 1),
      worst: null,
    });
    assert.deepEqual(bestAndWorst([], 2000), { best: null, worst: null });
  });

  test('CPL compared exactly (no rounding); ties go to more leads, then the name', () => {
    // $33.333… vs $33.33: the exact comparison sees the difference rounding hides.
    const { best, worst } = bestAndWorst([adset('Thirds', 10_000, 3), adset('Minor', 3333, 1)], 2000);
    assert.equal(best?.name, 'Minor');
    assert.equal(worst?.name, 'Thirds');
    const tie = bestAndWorst([adset('B', 6000, 2), adset('A', 3000, 1), adset('C', 9000, 3)], 2000);
    assert.equal(tie.best?.name, 'C');
    assert.equal(tie.worst?.name, 'A');
  });

  test('the floor scales with the days of the range', () => {
    assert.equal(adsetSpendFloor(1), 2000);
    assert.equal(adsetSpendFloor(7), 14_000);
  });
});

describe('call-outs', () => {
  test('spent with no leads: any spend, biggest first', () => {
    const adsets = [
      adset('A', 500, 0),
      adset('B', 0, 0),
      adset('C', 7000, 0),
      adset('D', 7000, 1),
      adset('E', 501, 0),
    ];
    assert.deepEqual(
      spentWithoutLeads(adsets).map((a) => a.name),
      ['C', 'E', 'A'],
    );
  });

  test('frequency above the fatigue cap (4.0, strictly above), highest first', () => {
    assert.equal(FREQUENCY_CAP, 4);
    const adsets = [
      adset('At cap', 100, 1, 4.0),
      adset('Over', 100, 1, 4.01),
      adset('Way over', 100, 1, 6.2),
      adset('Unknown', 100, 1, null),
    ];
    assert.deepEqual(
      aboveFrequencyCap(adsets).map((a) => a.name),
      ['Way over', 'Over'],
    );
    assert.deepEqual(
      aboveFrequencyCap(adsets, 5).map((a) => a.name),
      ['Way over'],
    );
  });
});

describe('the ad-set floor in the account’s currency', () => {
  test('USD: the documented $20 a day; any other currency: 2% of the account’s spend, never a converted dollar', () => {
    assert.deepEqual(adsetFloorFor('USD', 7, 1_000_000), { amount: 14_000, share: null });
    assert.deepEqual(adsetFloorFor('JPY', 1, 960_000), { amount: 19_200, share: 0.02 });
    assert.deepEqual(adsetFloorFor('JPY', 1, 960_010), { amount: 19_201, share: 0.02 }, 'up to a whole yen');
    assert.deepEqual(
      adsetFloorFor('EUR', 1, 1_234_567),
      { amount: 24_700, share: 0.02 },
      'up to a whole euro',
    );
    assert.deepEqual(adsetFloorFor('EUR', 1, 0), { amount: 0, share: 0.02 });
  });

  test('a yen account: a ¥300 ad set is kept out when the account spent ¥960,000', () => {
    const adsets = [adset('Tiny', 300, 1), adset('Good', 60_000, 3), adset('Bad', 90_000, 1)];
    const { best, worst } = bestAndWorst(adsets, adsetFloorFor('JPY', 1, 960_000).amount);
    assert.equal(best?.name, 'Good');
    assert.equal(worst?.name, 'Bad');
  });
});
