import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import {
  catchUpDecision,
  latestSlotToday,
  reportDateAt,
  reportScheduleFor,
  scheduledSlots,
  scheduleZones,
  slotReporting,
} from '../../src/reports/schedule.js';
import { Scheduler } from '../../src/scheduler.js';

const CHICAGO = { expression: '0 8 * * *', timezone: 'America/Chicago' };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the schedule, in its time zone', () => {
  test('08:00 in Chicago across the March DST change: 14:00Z, then 13:00Z', () => {
    const slots = scheduledSlots(CHICAGO, at('2027-03-12T00:00:00Z'), at('2027-03-16T00:00:00Z'));
    assert.deepEqual(slots.map(iso), [
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z', // Sunday: clocks went forward at 02:00
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  test('and back across the November change: 13:00Z, then 14:00Z', () => {
    const slots = scheduledSlots(CHICAGO, at('2026-10-31T00:00:00Z'), at('2026-11-02T23:59:59Z'));
    assert.deepEqual(slots.map(iso), [
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  test('six fields (seconds) and several times a day', () => {
    const slots = scheduledSlots(
      { expression: '30 15 8,17 * * *', timezone: 'Europe/Berlin' },
      at('2026-11-29T00:00:00Z'),
      at('2026-11-29T23:59:59Z'),
    );
    assert.deepEqual(slots.map(iso), ['2026-11-29T07:15:30.000Z', '2026-11-29T16:15:30.000Z']);
  });
});

describe('node-cron fires where the catch-up looks (the Scheduler the bot uses)', () => {
  afterEach(() => mock.timers.reset());

  async function nextRunAt(now: string, timezone: string, expression = '0 8 * * *'): Promise<string | null> {
    mock.timers.enable({ apis: ['Date'], now: at(now) });
    const scheduler = new Scheduler(timezone, silentLogger);
    try {
      scheduler.add('report', expression, async () => undefined);
      const next = scheduler.nextRun('report');
      return next ? iso(next.getTime()) : null;
    } finally {
      await scheduler.stop();
      mock.timers.reset();
    }
  }

  test('the night before the spring change, the next 08:00 is already daylight time', async () => {
    assert.equal(await nextRunAt('2027-03-13T20:00:00Z', 'America/Chicago'), '2027-03-14T13:00:00.000Z');
    assert.equal(await nextRunAt('2027-03-14T13:00:01Z', 'America/Chicago'), '2027-03-15T13:00:00.000Z');
    assert.equal(await nextRunAt('2026-10-31T20:00:00Z', 'America/Chicago'), '2026-11-01T14:00:00.000Z');
  });

  test('TIMEZONE decides: 08:00 in Berlin is 07:00Z in winter', async () => {
    assert.equal(await nextRunAt('2026-11-29T06:00:00Z', 'Europe/Berlin'), '2026-11-29T07:00:00.000Z');
  });

  test('every slot the walker finds is one node-cron fires at', async () => {
    for (const start of ['2027-03-13T20:00:00Z', '2026-10-31T20:00:00Z']) {
      const next = await nextRunAt(start, 'America/Chicago');
      const walked = scheduledSlots(CHICAGO, at(start), at(start) + 86_400_000)[0];
      assert.equal(next, walked === undefined ? null : iso(walked));
    }
  });
});

describe('catchUpDecision', () => {
  const LONG_AGO = 0;

  test('before today’s slot: nothing due', () => {
    assert.deepEqual(
      catchUpDecision(at('2026-11-29T13:59:00Z'), CHICAGO, 'America/Chicago', null, LONG_AGO),
      {
        due: false,
        reason: 'no slot yet today',
        reportDate: null,
      },
    );
  });

  test('from the slot on, yesterday’s report is due until it is posted', () => {
    const slot = at('2026-11-29T14:00:00Z');
    for (const now of [slot, slot + 90 * 60_000, at('2026-11-30T05:59:00Z')]) {
      assert.deepEqual(catchUpDecision(now, CHICAGO, 'America/Chicago', '2026-11-27', LONG_AGO), {
        due: true,
        reportDate: '2026-11-28',
        slot,
      });
    }
    assert.deepEqual(catchUpDecision(slot + 60_000, CHICAGO, 'America/Chicago', '2026-11-28', LONG_AGO), {
      due: false,
      reason: 'already posted',
      reportDate: '2026-11-28',
    });
  });

  test('only today’s slot: after midnight yesterday’s missed report is not posted', () => {
    const decision = catchUpDecision(
      at('2026-11-30T07:00:00Z'),
      CHICAGO,
      'America/Chicago',
      '2026-11-27',
      LONG_AGO,
    );
    assert.equal(decision.due, false);
  });

  test('a slot before LeadOps first ran is not a missed one', () => {
    const firstStart = at('2026-11-29T16:00:00Z');
    assert.deepEqual(catchUpDecision(firstStart, CHICAGO, 'America/Chicago', null, firstStart), {
      due: false,
      reason: 'slot before LeadOps was running',
      reportDate: '2026-11-28',
    });
    assert.equal(
      catchUpDecision(at('2026-11-30T15:00:00Z'), CHICAGO, 'America/Chicago', null, firstStart).due,
      true,
    );
  });

  test('on the DST Sunday the slot is at 13:00Z', () => {
    assert.deepEqual(
      catchUpDecision(at('2027-03-14T15:00:00Z'), CHICAGO, 'America/Chicago', null, LONG_AGO),
      {
        due: true,
        reportDate: '2027-03-13',
        slot: at('2027-03-14T13:00:00Z'),
      },
    );
  });

  test('a schedule zone other than the account’s: the report is the account’s yesterday at the slot', () => {
    const london = { expression: '0 3 * * *', timezone: 'Europe/London' };
    // 03:00 in London on Nov 29 is 21:00 on Nov 28 in Chicago: the last whole day there is Nov 27.
    assert.equal(latestSlotToday(london, at('2026-11-29T04:00:00Z')), at('2026-11-29T03:00:00Z'));
    assert.equal(reportDateAt(at('2026-11-29T03:00:00Z'), 'America/Chicago'), '2026-11-27');
    const decision = catchUpDecision(at('2026-11-29T04:00:00Z'), london, 'America/Chicago', null, LONG_AGO);
    assert.equal(decision.due && decision.reportDate, '2026-11-27');
  });

  test('two slots a day: one report date, posted once', () => {
    const twice = { expression: '0 8,17 * * *', timezone: 'America/Chicago' };
    const evening = at('2026-11-29T23:30:00Z');
    assert.equal(latestSlotToday(twice, evening), at('2026-11-29T23:00:00Z'));
    assert.equal(catchUpDecision(evening, twice, 'America/Chicago', '2026-11-28', LONG_AGO).due, false);
  });
});

describe('each account on its own clock', () => {
  afterEach(() => mock.timers.reset());
  const tokyo = { id: 'act_3003', timezone: 'Asia/Tokyo' };
  const chicago = { id: 'act_1001', timezone: 'America/Chicago' };
  const berlin = { id: 'act_2002', timezone: 'Europe/Berlin' };
  const chicago2 = { id: 'act_1002', timezone: 'America/Chicago' };

  test('accounts sharing a zone share a task; TIMEZONE makes one for all', () => {
    const zones = scheduleZones([chicago, tokyo, chicago2, berlin], null);
    assert.deepEqual(
      [...zones.entries()].map(([zone, accounts]) => [zone, accounts.map((a) => a.id)]),
      [
        ['America/Chicago', ['act_1001', 'act_1002']],
        ['Asia/Tokyo', ['act_3003']],
        ['Europe/Berlin', ['act_2002']],
      ],
    );
    assert.deepEqual([...scheduleZones([chicago, tokyo], 'Europe/London').keys()], ['Europe/London']);
    assert.deepEqual(reportScheduleFor(tokyo, '0 8 * * *', null), {
      expression: '0 8 * * *',
      timezone: 'Asia/Tokyo',
    });
    assert.deepEqual(reportScheduleFor(tokyo, '0 8 * * *', 'UTC').timezone, 'UTC');
  });

  test('Tokyo and Chicago each get 08:00 local across Chicago’s spring change (Tokyo has none)', () => {
    const from = at('2027-03-12T00:00:00Z');
    const to = at('2027-03-16T00:00:00Z');
    assert.deepEqual(scheduledSlots(reportScheduleFor(tokyo, '0 8 * * *', null), from, to).map(iso), [
      '2027-03-12T23:00:00.000Z',
      '2027-03-13T23:00:00.000Z',
      '2027-03-14T23:00:00.000Z',
      '2027-03-15T23:00:00.000Z',
    ]);
    assert.deepEqual(scheduledSlots(reportScheduleFor(chicago, '0 8 * * *', null), from, to).map(iso), [
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  test('the node-cron tasks the bot makes per zone fire at 08:00 local in each, DST included', async () => {
    const next = async (now: string) => {
      mock.timers.enable({ apis: ['Date'], now: at(now) });
      const scheduler = new Scheduler('UTC', silentLogger);
      try {
        for (const zone of scheduleZones([tokyo, chicago], null).keys())
          scheduler.add(`report@${zone}`, '0 8 * * *', async () => undefined, zone);
        return Object.fromEntries(
          scheduler.names().map((name) => [name, iso(scheduler.nextRun(name)?.getTime() ?? 0)]),
        );
      } finally {
        await scheduler.stop();
        mock.timers.reset();
      }
    };
    assert.deepEqual(await next('2027-03-13T20:00:00Z'), {
      'report@Asia/Tokyo': '2027-03-13T23:00:00.000Z',
      'report@America/Chicago': '2027-03-14T13:00:00.000Z',
    });
    assert.deepEqual(await next('2026-10-31T20:00:00Z'), {
      'report@Asia/Tokyo': '2026-10-31T23:00:00.000Z',
      'report@America/Chicago': '2026-11-01T14:00:00.000Z',
    });
  });

  test('the report date is each account’s own yesterday; the slot that reports a date is in its next day', () => {
    // 23:00Z Mar 13 is 08:00 Mar 14 in Tokyo and 17:00 Mar 13 in Chicago.
    assert.equal(reportDateAt(at('2027-03-13T23:00:00Z'), 'Asia/Tokyo'), '2027-03-13');
    assert.equal(reportDateAt(at('2027-03-13T23:00:00Z'), 'America/Chicago'), '2027-03-12');
    assert.equal(
      slotReporting(reportScheduleFor(chicago, '0 8 * * *', null), chicago.timezone, '2027-03-13'),
      at('2027-03-14T13:00:00Z'),
    );
    assert.equal(
      slotReporting(reportScheduleFor(tokyo, '0 8 * * *', null), tokyo.timezone, '2027-03-13'),
      at('2027-03-13T23:00:00Z'),
    );
  });
});
