import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { startLeadOps } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { auditFor } from '../../src/db/audit-log.js';
import { getProposal } from '../../src/db/proposals.js';
import { silentLogger } from '../../src/log.js';
import type { SandboxAdSet } from '../../src/sandbox/account.js';
import { startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { NOW, startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const DEPUTY = 'U0DEPUTY';
const STRANGER = 'U0STRANGER';
const CHANNEL = '#approvals';
/** In the sandbox at NOW: a low-CPL ad set with many leads (scale) and a saturated audience (fatigue). */
const SCALE_ADSET = 'Houston – Lookalike 1% (past clients)';
const FATIGUE_ADSET = "RT – Opened form, didn't submit (30d)";

/** A clock that moves with real time from NOW, and can be sent forward. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = NOW - Date.now();
  return {
    nowMilliseconds: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

async function startRulesBot(clock?: Clock, env: Record<string, string> = {}): Promise<TestBot> {
  return startTestBot({
    ...(clock ? { clock } : {}),
    env: { APPROVERS: `${BOSS},${DEPUTY}`, APPROVALS_CHANNEL: CHANNEL, ...env },
  });
}

async function runRules(bot: TestBot, userId = BOSS): Promise<Record<string, unknown>> {
  const ack = await bot.command('/rules', 'run', { userId });
  assert.equal(ack.status, 200);
  return bot.responseTo(ack.label);
}

function proposalMessage(bot: TestBot, adsetName: string): PostedMessage {
  const message = bot.slack.messages(CHANNEL).find((m) => m.text.includes(`“${adsetName}”`));
  assert.ok(message, `a proposal for ${adsetName}`);
  return message;
}

function proposalIdOf(message: PostedMessage): string {
  const id = /Proposal #(\d+)/.exec(message.text)?.[1];
  assert.ok(id, message.text);
  return id;
}

function adsetNamed(bot: TestBot, name: string): SandboxAdSet {
  const adset = bot.graph.account.adsets.find((a) => a.name === name);
  assert.ok(adset, name);
  return adset;
}

/** A click on one of the proposal's buttons; resolves with the HTTP status. */
function click(
  bot: TestBot,
  message: PostedMessage,
  actionId: string,
  userId: string,
  value = proposalIdOf(message),
): Promise<number> {
  return bot.click(message, actionId, { value, userId });
}

function ephemeralFor(bot: TestBot, userId: string, count = 1) {
  return bot.slack.waitFor(() => {
    const calls = bot.slack.calls.filter((c) => c.method === 'chat.postEphemeral' && c.args.user === userId);
    return calls.length >= count ? calls : null;
  });
}

function writesTo(bot: TestBot, id: string) {
  return bot.graph.calls.filter((c) => c.method === 'POST' && c.path === `/${id}`);
}

function buttons(message: PostedMessage): { text: string; value: string; action_id: string }[] {
  return (message.blocks ?? []).flatMap((block) => {
    const elements = (block as { type: string; elements?: unknown[] }).elements ?? [];
    return (block as { type: string }).type === 'actions'
      ? (elements as { text: { text: string }; value: string; action_id: string }[]).map((e) => ({
          text: e.text.text,
          value: e.value,
          action_id: e.action_id,
        }))
      : [];
  });
}

describe('/rules run → proposals → Approve, end to end', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startRulesBot();
  });
  after(async () => {
    await bot.stop();
  });

  test('/rules run evaluates the account in one ad set listing and one insights call per window', async () => {
    bot.graph.resetCalls();
    const answer = await runRules(bot);
    assert.equal(answer.response_type, 'ephemeral');
    // Two ad set proposals, and two ads wearing out (rotate).
    assert.match(String(answer.text), /4 new proposals/);
    const account = bot.graph.calls.filter((c) => c.path.startsWith(`/${bot.graph.account.id}/`));
    assert.deepEqual(account.map((c) => c.path).sort(), [
      `/${bot.graph.account.id}/adsets`,
      ...Array(5).fill(`/${bot.graph.account.id}/insights`),
    ]);
    assert.ok(account.every((c) => c.method === 'GET'));
    assert.ok(!bot.graph.calls.some((c) => /^\/\d+\/insights$/.test(c.path)), 'no per-ad-set insights');
    assert.deepEqual(
      account
        .filter((c) => c.path.endsWith('/insights'))
        .map((c) => c.query.level)
        .sort(),
      ['ad', 'ad', 'adset', 'adset', 'adset'],
    );
  });

  test('each proposal is one message in the approvals channel: what, why, Approve and Reject with the id only', () => {
    const scale = proposalMessage(bot, SCALE_ADSET);
    const id = proposalIdOf(scale);
    const text = JSON.stringify(scale.blocks);
    assert.match(text, /\$40\.00\/day → \$48\.00\/day/);
    assert.match(text, /daily budget \$40\.00 → \$48\.00 \(\+20%\)/);
    assert.match(
      text,
      /scale rule, last 3 days \(Nov 26 – Nov 28, 2026\): CPL \$\d+\.\d\d is below \$25\.00 with \d+ leads/,
    );
    assert.deepEqual(buttons(scale), [
      { text: 'Approve', value: id, action_id: 'proposal_approve' },
      { text: 'Reject', value: id, action_id: 'proposal_reject' },
    ]);
    const fatigue = proposalMessage(bot, FATIGUE_ADSET);
    assert.match(JSON.stringify(fatigue.blocks), /pause the ad set \(ACTIVE → PAUSED\)/);
    assert.match(
      JSON.stringify(fatigue.blocks),
      /fatigue rule, last 7 days \(Nov 22 – Nov 28, 2026\): frequency \d\.\d\d is above 4\.00/,
    );
  });

  test('a stranger’s click gets an ephemeral refusal, is audited and writes nothing', async () => {
    const message = proposalMessage(bot, FATIGUE_ADSET);
    const adset = adsetNamed(bot, FATIGUE_ADSET);
    bot.graph.resetCalls();
    assert.equal(await click(bot, message, 'proposal_approve', STRANGER), 200);
    const [refusal] = await ephemeralFor(bot, STRANGER);
    assert.match(String(refusal?.args.text), /Only approvers can approve/);
    assert.equal(writesTo(bot, adset.id).length, 0);
    assert.equal(bot.graph.calls.length, 0, 'not even a read');
    const id = Number(proposalIdOf(message));
    assert.equal(getProposal(bot.leadops.services.db, id)?.status, 'pending');
    assert.ok(
      auditFor(bot.leadops.services.db, id).some(
        (e) => e.event === 'proposal.refused' && e.actor === STRANGER,
      ),
    );
    assert.equal(proposalMessage(bot, FATIGUE_ADSET).updatedCount, 0);
  });

  test('Approve on a pause: exactly one POST /{adset_id} with status=PAUSED, confirmed, message updated', async () => {
    const message = proposalMessage(bot, FATIGUE_ADSET);
    const adset = adsetNamed(bot, FATIGUE_ADSET);
    bot.graph.resetCalls();
    const started = performance.now();
    assert.equal(await click(bot, message, 'proposal_approve', BOSS), 200);
    assert.ok(performance.now() - started < 3000, 'acked within Slack’s 3 s');
    const updated = await bot.saying(message, /Applied/);
    const writes = writesTo(bot, adset.id);
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0]?.body, { status: 'PAUSED' });
    assert.equal(adset.status, 'PAUSED');
    const text = JSON.stringify(updated.blocks);
    assert.match(text, /approved by <@U0BOSS> on Nov 29, \d+:\d\d [AP]M CST\. Meta confirms PAUSED/);
    assert.deepEqual(
      buttons(updated).map((b) => b.text),
      ['Undo'],
      'Approve and Reject gone; Undo offered',
    );
    // Read fresh before (stale check) and after (confirmation), around the one write.
    const order = bot.graph.calls.filter((c) => c.path === `/${adset.id}`).map((c) => c.method);
    assert.deepEqual(order, ['GET', 'POST', 'GET']);
  });

  test('double and concurrent clicks, by one approver and by two: still exactly one write', async () => {
    const message = proposalMessage(bot, SCALE_ADSET);
    const adset = adsetNamed(bot, SCALE_ADSET);
    bot.graph.resetCalls();
    const statuses = await Promise.all([
      click(bot, message, 'proposal_approve', BOSS),
      click(bot, message, 'proposal_approve', DEPUTY),
      click(bot, message, 'proposal_approve', BOSS),
    ]);
    assert.deepEqual(statuses, [200, 200, 200]);
    await bot.saying(message, /Applied/);
    const alreadyDecided = (n: number) =>
      bot.slack.waitFor(
        () =>
          bot.slack.calls.filter(
            (c) => c.method === 'chat.postEphemeral' && /already decided/.test(String(c.args.text)),
          ).length >= n,
      );
    await alreadyDecided(2);
    assert.equal(await click(bot, message, 'proposal_approve', DEPUTY), 200, 'a late double click');
    await alreadyDecided(3);
    const writes = writesTo(bot, adset.id);
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0]?.body, { daily_budget: String(Math.round(4000 * 1.2)) });
    assert.equal(adset.dailyBudgetCents, 4800);
  });

  test('Undo restores the previous status, itself applied once', async () => {
    const message = proposalMessage(bot, FATIGUE_ADSET);
    const adset = adsetNamed(bot, FATIGUE_ADSET);
    bot.graph.resetCalls();
    await Promise.all([
      click(bot, message, 'proposal_undo', BOSS),
      click(bot, message, 'proposal_undo', DEPUTY),
    ]);
    const updated = await bot.saying(message, /Undone/);
    assert.equal(adset.status, 'ACTIVE');
    const writes = writesTo(bot, adset.id);
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0]?.body, { status: 'ACTIVE' });
    assert.deepEqual(buttons(updated), []);
  });

  test('/rules history lists the proposals and decisions', async () => {
    const answer = await bot.responseTo((await bot.command('/rules', 'history', { userId: STRANGER })).label);
    const text = JSON.stringify(answer.blocks);
    assert.match(text, /<@U0BOSS> approved #\d+/);
    assert.match(text, /<@U0STRANGER> was refused/);
    assert.match(text, /#\d+ \(pause the ad set \(ACTIVE → PAUSED\), “[^”]+”\) applied/);
    assert.match(text, /asked to undo/);
  });
});

describe('what Meta says back', () => {
  test('a budget changed in Ads Manager after the proposal: stale, nothing written', async () => {
    const bot = await startRulesBot();
    try {
      await runRules(bot);
      const message = proposalMessage(bot, SCALE_ADSET);
      const adset = adsetNamed(bot, SCALE_ADSET);
      adset.dailyBudgetCents = 4100; // someone in Ads Manager
      bot.graph.resetCalls();
      await click(bot, message, 'proposal_approve', BOSS);
      const updated = await bot.saying(message, /Stale/);
      assert.match(JSON.stringify(updated.blocks), /daily budget \$41\.00\/day \(expected \$40\.00\/day\)/);
      assert.equal(writesTo(bot, adset.id).length, 0);
      assert.equal(adset.dailyBudgetCents, 4100);
      assert.deepEqual(buttons(updated), []);
    } finally {
      await bot.stop();
    }
  });

  test('Meta refusing the write: failed with Meta’s reason in the thread; a new approval applies it', async () => {
    const bot = await startRulesBot();
    try {
      await runRules(bot);
      const message = proposalMessage(bot, SCALE_ADSET);
      const adset = adsetNamed(bot, SCALE_ADSET);
      // The campaign was switched to Advantage campaign budget behind LeadOps' back.
      const campaign = bot.graph.account.campaigns.find((c) => c.id === adset.campaignId);
      assert.ok(campaign);
      campaign.dailyBudgetCents = 9000;
      bot.graph.resetCalls();
      await click(bot, message, 'proposal_approve', BOSS);
      const failed = await bot.saying(message, /Failed/);
      assert.match(
        JSON.stringify(failed.blocks),
        /Budget Can't Be Set on Ad Set: This ad set is in a campaign that uses Advantage campaign budget/,
      );
      const thread = await bot.slack.waitFor(() =>
        bot.slack.messages(CHANNEL).find((m) => m.threadTs === message.ts),
      );
      assert.match(thread.text, /failed: Meta said: Budget Can't Be Set on Ad Set/);
      assert.equal(writesTo(bot, adset.id).length, 1);
      assert.equal(adset.dailyBudgetCents, 4000);

      campaign.dailyBudgetCents = null; // fixed in Ads Manager
      const [retry] = buttons(thread);
      assert.deepEqual(retry, {
        text: 'Try again',
        value: proposalIdOf(message),
        action_id: 'proposal_approve',
      });
      await click(bot, thread, 'proposal_approve', DEPUTY, retry.value);
      await bot.saying(message, /Applied/);
      assert.equal(writesTo(bot, adset.id).length, 2);
      assert.equal(adset.dailyBudgetCents, 4800);
    } finally {
      await bot.stop();
    }
  });

  test('Meta answering success to a write that did not take: unconfirmed, never retried', async () => {
    const bot = await startRulesBot();
    try {
      await runRules(bot);
      const message = proposalMessage(bot, FATIGUE_ADSET);
      const adset = adsetNamed(bot, FATIGUE_ADSET);
      bot.graph.ignoreNextWrites(1);
      bot.graph.resetCalls();
      await click(bot, message, 'proposal_approve', BOSS);
      const updated = await bot.saying(message, /Unconfirmed/);
      assert.match(
        JSON.stringify(updated.blocks),
        /Meta answered success, but the ad set still shows status ACTIVE/,
      );
      assert.equal(writesTo(bot, adset.id).length, 1);
      assert.equal(adset.status, 'ACTIVE');
      await click(bot, message, 'proposal_approve', DEPUTY);
      await ephemeralFor(bot, DEPUTY);
      assert.equal(writesTo(bot, adset.id).length, 1, 'an unconfirmed change is not applied again');
    } finally {
      await bot.stop();
    }
  });
});

describe('time, rejection and cooldown', () => {
  test('a proposal past PROPOSAL_TTL_HOURS expires: a click writes nothing; the sweep updates the rest', async () => {
    const clock = movableClock();
    const bot = await startRulesBot(clock, { PROPOSAL_TTL_HOURS: '2' });
    try {
      await runRules(bot);
      const scale = proposalMessage(bot, SCALE_ADSET);
      const fatigue = proposalMessage(bot, FATIGUE_ADSET);
      clock.advance(2 * 3_600_000 + 1000);
      bot.graph.resetCalls();
      await click(bot, scale, 'proposal_approve', BOSS);
      const [notice] = await ephemeralFor(bot, BOSS);
      assert.match(String(notice?.args.text), /has expired/);
      await bot.saying(scale, /Expired/);
      assert.equal(bot.graph.calls.filter((c) => c.method === 'POST').length, 0);

      await bot.leadops.runJob('proposals-expiry');
      const updated = await bot.saying(fatigue, /Expired/);
      assert.deepEqual(buttons(updated), []);
    } finally {
      await bot.stop();
    }
  });

  test('Reject: nothing written, and the next run does not propose it again within the cooldown', async () => {
    const bot = await startRulesBot();
    try {
      await runRules(bot);
      const message = proposalMessage(bot, SCALE_ADSET);
      const adset = adsetNamed(bot, SCALE_ADSET);
      await click(bot, message, 'proposal_reject', DEPUTY);
      const updated = await bot.saying(message, /Rejected/);
      assert.match(JSON.stringify(updated.blocks), /Rejected\* by <@U0DEPUTY>/);
      assert.equal(writesTo(bot, adset.id).length, 0);
      const before = bot.slack.messages(CHANNEL).length;
      const answer = await runRules(bot);
      assert.match(JSON.stringify(answer.blocks), /Not proposed again/);
      assert.match(JSON.stringify(answer.blocks), /is rejected/);
      assert.equal(bot.slack.messages(CHANNEL).length, before, 'nothing new posted');
    } finally {
      await bot.stop();
    }
  });
});

describe('/rules settings and guardrails', () => {
  test('approvers change thresholds (validated, audited); others are refused; protect posts as urgent', async () => {
    const bot = await startRulesBot(undefined, { PROTECTED: SCALE_ADSET });
    try {
      const refused = await bot.responseTo(
        (await bot.command('/rules', 'set kill max_cpl 45', { userId: STRANGER })).label,
      );
      assert.equal(refused.response_type, 'ephemeral');
      assert.match(String(refused.text), /Only approvers/);

      const bad = await bot.responseTo(
        (await bot.command('/rules', 'set kill max_cpl lots', { userId: BOSS })).label,
      );
      assert.match(String(bad.text), /is not an amount in USD/);

      const set = await bot.responseTo(
        (await bot.command('/rules', 'set kill max_cpl 45', { userId: BOSS })).label,
      );
      assert.match(String(set.text), /kill max_cpl: \$50\.00 → \$45\.00/);
      await bot.responseTo(
        (await bot.command('/rules', 'set protect max_spend_without_leads 1', { userId: BOSS })).label,
      );
      const list = await bot.responseTo((await bot.command('/rules', '', { userId: STRANGER })).label);
      assert.match(JSON.stringify(list.blocks), /`max_cpl` \$45\.00/);

      const answer = await runRules(bot);
      // PROTECTED: the low-CPL ad set is never proposed for change.
      assert.ok(!bot.slack.messages(CHANNEL).some((m) => m.text.includes(SCALE_ADSET)));
      assert.match(JSON.stringify(answer.blocks), /it is protected/);
      // An ad set that spends and never converts crosses the $1 protect threshold today: urgent, approvers mentioned.
      const urgent = proposalMessage(bot, 'TX – Seniors 60+');
      assert.match(JSON.stringify(urgent.blocks), /Urgent\* — <@U0BOSS> <@U0DEPUTY>/);
      assert.match(JSON.stringify(urgent.blocks), /protect rule, today/);
    } finally {
      await bot.stop();
    }
  });
});

describe('the terminal demo: `approve N` is the Approve button', () => {
  test('typed clicks go through the same desk as Slack’s, as UTERMINAL', async () => {
    const clock = movableClock();
    const sandbox = await startGraphEmulator({
      appSecret: 'demo-secret',
      now: () => clock.nowMilliseconds(),
    });
    const dir = mkdtempSync(join(tmpdir(), 'leadops-terminal-'));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    const seen: (() => void)[] = [];
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      for (const check of [...seen]) check();
    });
    const printedMatching = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never printed ${pattern}:\n${printed}`)), 5000);
        const check = () => {
          if (!pattern.test(printed)) return;
          clearTimeout(timer);
          seen.splice(seen.indexOf(check), 1);
          resolve();
        };
        seen.push(check);
        check();
      });
    const config = loadConfig(
      { PORT: '0', DATABASE_PATH: join(dir, 'demo.sqlite'), APPROVERS: 'UTERMINAL', LOG_LEVEL: 'silent' },
      'demo',
      {
        graphUrl: sandbox.url,
        accessToken: sandbox.accessToken,
        adAccountIds: [sandbox.account.id],
        appSecret: 'demo-secret',
        verifyToken: 'v',
        pageIds: [],
      },
    );
    const leadops = await startLeadOps(config, {
      logger: silentLogger,
      clock,
      terminal: { input, output, onExit: () => {} },
    });
    try {
      input.write('/rules run\n');
      await printedMatching(/Proposal #2 — Pause “RT – Opened form/);
      input.write('approve 2\n');
      await printedMatching(/Proposal #2: applied\./);
      assert.match(printed, /message in #approvals updated/);
      assert.match(printed, /Applied — approved by @you/, 'the terminal’s user reads as @you');
      const adset = sandbox.account.adsets.find((a) => a.name === FATIGUE_ADSET);
      assert.equal(adset?.status, 'PAUSED');
      input.write('reject 2\n');
      await printedMatching(/only for you[\s\S]*Proposal #2 was already decided/);
      input.write('undo 2\n');
      await printedMatching(/Undone — by @you[\s\S]*Proposal #2: undone\./);
      assert.equal(adset?.status, 'ACTIVE');
    } finally {
      await leadops.stop();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
