import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { followUpsOf } from '../../src/db/follow-ups.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { manualClock } from '../support/manual-clock.js';
import { type PostedMessage, type SlackEmulator, startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET, NOW, startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const CHANNEL = '#approvals';
const HOUR = 3_600_000;
/** In the sandbox at NOW: a low-CPL ad set the scale rule raises, a saturated one the fatigue rule pauses. */
const SCALE_ADSET = 'Houston – Lookalike 1% (past clients)';
const FATIGUE_ADSET = "RT – Opened form, didn't submit (30d)";

function proposalMessage(slack: SlackEmulator, adsetName: string): PostedMessage {
  const message = slack
    .messages(CHANNEL)
    .find((m) => !m.threadTs && m.text.includes(`“${adsetName}”`) && !m.text.includes('(rotate)'));
  assert.ok(message, `a proposal for ${adsetName}`);
  return message;
}

const idOf = (message: PostedMessage) => Number(/Proposal #(\d+)/.exec(message.text)?.[1]);

async function approve(bot: TestBot, message: PostedMessage): Promise<void> {
  assert.equal(
    await bot.click(message, 'proposal_approve', { value: String(idOf(message)), userId: BOSS }),
    200,
  );
  await bot.saying(message, /Applied/);
}

/** The replies in a proposal's thread. */
function replies(slack: SlackEmulator, message: PostedMessage): PostedMessage[] {
  return slack.messages(CHANNEL).filter((m) => m.threadTs === message.ts);
}

function text(message: PostedMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? []);
}

describe('follow-ups, end to end: approve → LeadOps down → restart → replies in the threads', () => {
  const clock = manualClock(NOW);
  const dir = mkdtempSync(join(tmpdir(), 'leadops-follow-ups-'));
  const env = { APPROVERS: BOSS, APPROVALS_CHANNEL: CHANNEL, DATABASE_PATH: join(dir, 'leadops.sqlite') };
  let graph: GraphEmulator;
  let slack: SlackEmulator;
  let bot: TestBot;
  let scale: PostedMessage;
  let fatigue: PostedMessage;

  before(async () => {
    // From its start on, the emulator's instant-form leads are only those its lead feed delivers, so
    // the days after a change would have almost none. It is started "as of" a month later: every
    // day compared here keeps its synthetic leads, like an account whose leads LeadOps never missed.
    let starting = true;
    graph = await startGraphEmulator({
      appSecret: APP_SECRET,
      now: () => (starting ? NOW + 30 * 24 * HOUR : clock.nowMilliseconds()),
      leadHistoryDays: 0,
    });
    starting = false;
    slack = await startSlackEmulator();
    bot = await startTestBot({ clock, graph, slack, env });
  });
  after(async () => {
    await bot.stop();
    await graph.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an approved raise and pause each get two follow-ups; nothing posted before they are due', async () => {
    const ack = await bot.command('/rules', 'run', { userId: BOSS });
    assert.equal(ack.status, 200);
    await bot.responseTo(ack.label);
    scale = proposalMessage(slack, SCALE_ADSET);
    fatigue = proposalMessage(slack, FATIGUE_ADSET);
    await approve(bot, scale);
    await approve(bot, fatigue);
    const scheduled = followUpsOf(bot.leadops.services.db, [idOf(scale), idOf(fatigue)]);
    assert.deepEqual(
      [...scheduled.values()].map((list) => list.map((f) => `${f.horizonHours} ${f.state}`)),
      [
        ['24 scheduled', '72 scheduled'],
        ['24 scheduled', '72 scheduled'],
      ],
    );
    clock.advance(24 * HOUR);
    assert.deepEqual(await bot.leadops.runJob('follow-ups'), { posted: 0, skipped: 0, failed: 0 });
    assert.equal(replies(slack, scale).length, 0, 'Nov 30 is not over yet');
  });

  test('LeadOps down when the 24 h follow-ups fall due: posted once each, at the next start, in the threads', async () => {
    await bot.stop();
    // Dec 1, 04:00 in Chicago: Nov 30 is over (due Dec 1, 02:00).
    clock.advance(16 * HOUR);
    graph.resetCalls();
    bot = await startTestBot({ clock, graph, slack, env });
    const [raise] = await slack.waitFor(() => {
      const found = replies(slack, scale);
      return found.length > 0 ? found : null;
    });
    await slack.waitFor(() => replies(slack, fatigue).length > 0 || null);
    assert.match(
      raise?.text ?? '',
      new RegExp(`^24 h follow-up of proposal #${idOf(scale)}: (helped|did not help|too early to tell)$`),
    );
    assert.match(
      text(raise),
      /The ad set: CPL \$\d+\.\d\d → \$\d+\.\d\d \([+−]?\d+%\), \d+\.\d → \d+\.\d leads\/day, no leads marked qualified: \*(helped|did not help|too early to tell)\*/,
    );
    assert.match(
      text(raise),
      /Nov 28, 2026 \(the day before\) vs Nov 30, 2026 \(the day after\), whole days in America\/Chicago/,
    );
    const pause = replies(slack, fatigue)[0];
    assert.match(text(pause), /The account: CPL \$\d+\.\d\d → \$\d+\.\d\d/);
    // One ad set-level and one account-level insights call for both.
    const insights = graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.deepEqual(insights.map((c) => c.query.level).sort(), ['account', 'adset']);
    assert.equal(((await bot.leadops.runJob('follow-ups')) as { posted: number }).posted, 0);
    assert.equal(replies(slack, scale).length, 1);
    assert.equal(replies(slack, fatigue).length, 1);
  });

  test('the raised ad set deleted before the 72 h follow-up: it says there is no data', async () => {
    const index = graph.account.adsets.findIndex((a) => a.name === SCALE_ADSET);
    graph.account.adsets.splice(index, 1);
    // Dec 3, 04:00 in Chicago: the 72 h follow-ups are due (Dec 3, 02:00).
    clock.advance(48 * HOUR);
    assert.deepEqual(await bot.leadops.runJob('follow-ups'), { posted: 2, skipped: 0, failed: 0 });
    const latest = replies(slack, scale).at(-1);
    assert.equal(latest?.text, `72 h follow-up of proposal #${idOf(scale)}: no data`);
    assert.match(
      text(latest),
      /No data: Meta has no figures for the ad set in Nov 30 – Dec 2, 2026 \(the 3 days after\) — it was deleted, or it did not deliver\. Nothing to compare\./,
    );
    assert.match(replies(slack, fatigue).at(-1)?.text ?? '', /^72 h follow-up of proposal #\d+: /);
  });

  test('/rules history shows the verdicts next to each applied change; /rules scorecard sums them per rule', async () => {
    const history = await bot.command('/rules', 'history 50', { userId: BOSS });
    const answer = JSON.stringify(await bot.responseTo(history.label));
    const verdict = '(helped|did not help|too early to tell)( \\(CPL [+−]?\\d+%\\))?';
    assert.match(
      answer,
      new RegExp(`#${idOf(scale)} \\(daily budget .*?\\) applied · 24 h: ${verdict} · 72 h: no data`),
    );
    assert.match(
      answer,
      new RegExp(
        `#${idOf(fatigue)} \\(pause the ad set \\(ACTIVE → PAUSED\\), “RT[^”]*”\\) applied · 24 h: ${verdict} · 72 h: ${verdict}`,
      ),
    );
    const card = await bot.command('/rules', 'scorecard last_7d', { userId: BOSS });
    const reply = await bot.responseTo(card.label);
    assert.equal(reply.text, 'Rules scorecard — Last 7 days: 2 changes');
    const body = JSON.stringify(reply);
    assert.match(
      body,
      /\*fatigue\* · 1 pause: 1 (helped|did not help|too early to tell)( · CPL of the account [+−]?\d+% after \(median of 1\))?/,
    );
    assert.match(body, /\*scale\* · 1 raise: 1 no data/);
    assert.match(body, /Nov 26 – Dec 2, 2026 · changes applied in the range/);
  });
});
