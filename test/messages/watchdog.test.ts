import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildWatchdogAlert,
  buildWatchdogResolved,
  buildWatchdogStatusReply,
} from '../../src/messages/watchdog.js';
import type { Announcement, ConditionRecord } from '../../src/watchdog/types.js';
import type { WatchdogView } from '../../src/watchdog/view.js';

const TZ = 'America/Chicago';
const NOW = Date.parse('2026-11-29T18:00:00Z');
const HOUR = 3_600_000;

const record = (change: Partial<ConditionRecord> = {}): ConditionRecord => ({
  check: 'drought',
  key: 'drought',
  level: 'drought',
  title: 'No leads for 4 h while spending $112.00',
  detail: 'Last lead Nov 29, 8:00 AM CST (4 h ago).',
  fix: 'Check the forms & the Page’s <lead access>.',
  active: true,
  startedAt: NOW,
  seenAt: NOW,
  endedAt: null,
  announcedLevel: null,
  announcedAt: null,
  ...change,
});

const info = {
  check: 'drought' as const,
  checkTitle: 'Lead drought',
  summary: 'Last lead Nov 29, 12:30 PM CST (0 min ago).',
  approvers: ['U0BOSS', 'U0PARTNER'],
  timezone: TZ,
  now: NOW + HOUR,
  account: null,
};

describe('watchdog alert', () => {
  test('what is wrong, the figures, what to do, the approvers mentioned (Slack-escaped)', () => {
    const announcements: Announcement[] = [{ kind: 'start', record: record() }];
    assert.deepEqual(buildWatchdogAlert(announcements, info), {
      text: ':rotating_light: Watchdog — No leads for 4 h while spending $112.00',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':rotating_light: *No leads for 4 h while spending $112.00*\nLast lead Nov 29, 8:00 AM CST (4 h ago).',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*What to do:* Check the forms &amp; the Page’s &lt;lead access&gt;.',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '<@U0BOSS> <@U0PARTNER> · Lead drought · since Nov 29, 12:00 PM CST · `/watchdog mute drought <hours>` silences this check',
            },
          ],
        },
      ],
    });
  });

  test('several conditions of one check in one message; a shared fix once; no approvers, no mention', () => {
    const ads = [
      record({
        check: 'ads',
        key: 'ad:1',
        title: 'Meta disapproved the ad “A”',
        detail: 'Ad 1.',
        fix: 'Edit it.',
      }),
      record({
        check: 'ads',
        key: 'ad:2',
        title: 'Meta disapproved the ad “B”',
        detail: 'Ad 2.',
        fix: 'Edit it.',
      }),
    ];
    const message = buildWatchdogAlert(
      ads.map((r) => ({ kind: 'start' as const, record: r })),
      { ...info, check: 'ads', checkTitle: 'Ad review', approvers: [] },
    );
    assert.equal(message.text, ':rotating_light: Watchdog — Meta disapproved the ad “A” (+1 more)');
    assert.deepEqual(
      message.blocks.map((b) =>
        b.type === 'section' ? b.text?.text : b.type === 'context' ? b.elements : b.type,
      ),
      [
        ':rotating_light: *Meta disapproved the ad “A”*\nAd 1.',
        ':rotating_light: *Meta disapproved the ad “B”*\nAd 2.',
        '*What to do:* Edit it.',
        [
          {
            type: 'mrkdwn',
            text: 'Ad review · since Nov 29, 12:00 PM CST · `/watchdog mute ads <hours>` silences this check',
          },
        ],
      ],
    );
  });
});

describe('watchdog resolved', () => {
  test('what ended, from when to when, and how things stand now', () => {
    const ended = record({ active: false, endedAt: NOW + 4 * HOUR + 25 * 60_000, announcedLevel: 'drought' });
    assert.deepEqual(buildWatchdogResolved([{ kind: 'end', record: ended }], info), {
      text: ':white_check_mark: Resolved — No leads for 4 h while spending $112.00',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':white_check_mark: *Resolved:* No leads for 4 h while spending $112.00\nFrom Nov 29, 12:00 PM CST to Nov 29, 4:25 PM CST (4 h 25 min).',
          },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Lead drought now: Last lead Nov 29, 12:30 PM CST (0 min ago).' },
          ],
        },
      ],
    });
  });
});

describe('/watchdog status', () => {
  test('each check: state, what it saw, what is wrong now, thresholds; then how to change them', () => {
    const view: WatchdogView = {
      now: NOW,
      timezone: TZ,
      currency: 'USD',
      account: null,
      cron: '*/15 * * * *',
      channel: '#approvals',
      approvers: ['U0BOSS'],
      lastRunAt: NOW,
      checks: [
        {
          check: 'drought',
          title: 'Lead drought',
          enabled: true,
          status: {
            check: 'drought',
            state: 'alert',
            summary: 'Last lead Nov 29, 8:00 AM CST (4 h ago); $112.00 spent since.',
            checkedAt: NOW,
            error: null,
            memo: {},
          },
          mutedUntil: NOW + 2 * HOUR,
          conditions: [record({ announcedLevel: 'drought' })],
          settings: [
            { key: 'min_spend', value: '$75.00' },
            { key: 'min_hours', value: '3 h' },
          ],
          unset: [],
        },
        {
          check: 'ads',
          title: 'Ad review',
          enabled: true,
          status: null,
          mutedUntil: null,
          conditions: [],
          settings: [],
          unset: [],
        },
        {
          check: 'cpl',
          title: 'CPL spike',
          enabled: false,
          status: null,
          mutedUntil: null,
          conditions: [],
          settings: [{ key: 'factor', value: '2×' }],
          unset: [],
        },
      ],
    };
    assert.deepEqual(buildWatchdogStatusReply(view), {
      visibility: 'ephemeral',
      text: 'Watchdog: drought alert, ads not run, cpl off',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: 'Watchdog — what LeadOps watches', emoji: true },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              ':rotating_light: *Lead drought* (`drought`) — alert · muted until Nov 29, 2:00 PM CST',
              'Last lead Nov 29, 8:00 AM CST (4 h ago); $112.00 spent since.',
              '• No leads for 4 h while spending $112.00 (since Nov 29, 12:00 PM CST)',
              '`min_spend` $75.00 · `min_hours` 3 h',
            ].join('\n'),
          },
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Ad review* (`ads`) — not run\nNot run yet.' },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*CPL spike* (`cpl`) — off\nNot run yet.\n`factor` 2×',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Last run: Nov 29, 12:00 PM CST · schedule `*/15 * * * *` (WATCHDOG_CRON) · alerts go to #approvals, mentioning <@U0BOSS>',
            },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Change: `/watchdog set <check> <key> <value>` (dollars in dollars) · `/watchdog mute <check> <hours>` (0 lifts it) — approvers only · `/watchdog run` checks now',
            },
          ],
        },
      ],
    });
  });
});

describe('several accounts, other currencies', () => {
  test('an alert and its “resolved” name the account when LeadOps serves several', () => {
    const tokyo = { ...info, timezone: 'Asia/Tokyo', account: 'Sakura Law (act_3003)' };
    const alert = buildWatchdogAlert(
      [{ kind: 'start', record: record({ title: 'No leads for 4 h while spending ¥16,800' }) }],
      tokyo,
    );
    assert.equal(
      alert.text,
      ':rotating_light: Watchdog · Sakura Law (act_3003) — No leads for 4 h while spending ¥16,800',
    );
    assert.deepEqual(alert.blocks.at(-1), {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '<@U0BOSS> <@U0PARTNER> · Sakura Law (act_3003) · Lead drought · since Nov 30, 3:00 AM GMT+9 · `/watchdog mute drought <hours>` silences this check',
        },
      ],
    });
    const ended = record({ active: false, endedAt: NOW + HOUR, announcedLevel: 'drought' });
    const resolved = buildWatchdogResolved([{ kind: 'end', record: ended }], tokyo);
    assert.match(resolved.text, /^:white_check_mark: Resolved · Sakura Law \(act_3003\) — /);
    assert.deepEqual(resolved.blocks.at(-1), {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Sakura Law (act_3003) · Lead drought now: Last lead Nov 29, 12:30 PM CST (0 min ago).',
        },
      ],
    });
  });

  test('/watchdog for a JPY account: names it, says what is not set and how to set it, amounts in JPY', () => {
    const view: WatchdogView = {
      now: NOW,
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      account: 'Sakura Law (act_3003)',
      cron: '*/15 * * * *',
      channel: 'C0TOKYO',
      approvers: [],
      lastRunAt: null,
      checks: [
        {
          check: 'drought',
          title: 'Lead drought',
          enabled: true,
          status: null,
          mutedUntil: null,
          conditions: [],
          settings: [
            { key: 'min_spend', value: 'not set (in JPY)' },
            { key: 'min_hours', value: '3 h' },
          ],
          unset: ['min_spend'],
        },
      ],
    };
    const reply = buildWatchdogStatusReply(view);
    const texts = reply.blocks.map((b) =>
      b.type === 'section' || b.type === 'header' ? b.text?.text : b.type === 'context' ? b.elements : b.type,
    );
    assert.deepEqual(texts, [
      'Watchdog — Sakura Law (act_3003)',
      [
        '*Lead drought* (`drought`) — not run',
        'Not run yet.',
        '`min_spend` not set (in JPY) · `min_hours` 3 h',
        ':warning: `min_spend` has no default in JPY: what needs it is off until `/watchdog set drought min_spend <amount>` sets it.',
      ].join('\n'),
      [
        {
          type: 'mrkdwn',
          text: 'Last run: never · schedule `*/15 * * * *` (WATCHDOG_CRON) · alerts go to C0TOKYO, mentioning nobody (APPROVERS is empty)',
        },
      ],
      [
        {
          type: 'mrkdwn',
          text: 'Change: `/watchdog set <check> <key> <value>` (amounts in JPY) · `/watchdog mute <check> <hours>` (0 lifts it) — approvers only · `/watchdog run` checks now',
        },
      ],
    ]);
  });
});
