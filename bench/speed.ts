import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../src/accounts/account.js';
import { AlertRefresher } from '../src/conversions/alert.js';
import { LeadOutcomes } from '../src/conversions/outcomes.js';
import { getLead, saveFetchedLead } from '../src/db/leads.js';
import { openDatabase } from '../src/db/open.js';
import { addToRoster, setAway } from '../src/db/rosters.js';
import type { LeadPlace } from '../src/leads/lead-account.js';
import { silentLogger } from '../src/log.js';
import type { ChannelMessage, MessageRef, Messenger } from '../src/messages/messenger.js';
import { SpeedToLead } from '../src/speed/desk.js';
import type { People } from '../src/speed/people.js';
import { ms, percentile } from './stats.js';

const ACCOUNTS = 10;
const LEADS = 1000;
const REPS = 4;
const SLA_MINUTES = 1;
/** Leads arrive over this much simulated time. */
const ARRIVALS_MS = 30 * 60_000;
const START = Date.parse('2026-11-24T16:00:00Z');

/** A small deterministic PRNG (mulberry32): the same run every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fate = { kind: 'contacted'; afterMs: number } | { kind: 'junk'; afterMs: number } | { kind: 'never' };

/**
 * 1,000 leads across 10 accounts with rosters (one rep away in each), a 1-minute SLA, a
 * simulated clock ticking every `tickMs`: when each reminder and escalation fires against its
 * due time, that each fires once, and none for a lead contacted (or junked) before.
 */
async function run(tickMs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-speed-'));
  const db = openDatabase(join(dir, 'speed.sqlite'));
  let now = START;
  const clock = { nowMilliseconds: () => now };
  const sent: { channel: string; at: number; text: string }[] = [];
  let updates = 0;
  let seq = 0;
  const slack: Messenger & People = {
    async post(channel: string, message: ChannelMessage) {
      sent.push({ channel, at: now, text: message.text });
      return `${channel}/${++seq}.0` as MessageRef;
    },
    channelOf: (ref: MessageRef) => ref.split('/')[0] ?? '',
    findPosted: async () => null,
    async update() {
      updates++;
    },
    async postEphemeral() {},
    async uploadFile() {},
    isActive: async () => true,
    openDirectMessage: async (userId: string) => `D${userId}`,
  };
  const accounts: Account[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `act_${2000 + i}`,
    name: `Account ${i}`,
    currency: 'USD',
    timezone: i % 2 === 0 ? 'America/Chicago' : 'Europe/Berlin',
    homeChannel: `C0HOME${i}`,
    pixelId: null,
  }));
  const places = new Map<string, LeadPlace>(
    accounts.map((a) => [
      a.id,
      { account: a, channel: a.homeChannel ?? '', timezone: a.timezone, currency: a.currency, dataset: null },
    ]),
  );
  const placeOf = (lead: { accountId: string | null }) => places.get(lead.accountId ?? '') as LeadPlace;
  const refresher = new AlertRefresher({ db, logger: silentLogger, messenger: slack, accounts: { placeOf } });
  const speed = new SpeedToLead({
    db,
    clock,
    logger: silentLogger,
    messenger: slack,
    people: slack,
    accounts: { placeOf },
    refresher,
    approvers: ['UBOSS'],
    slaMinutes: SLA_MINUTES,
    severalAccounts: () => true,
  });
  const outcomes = new LeadOutcomes({
    db,
    clock,
    logger: silentLogger,
    refresher,
    accounts: { placeOf },
    caseValue: '0',
  });
  for (const [i, account] of accounts.entries()) {
    const reps = Array.from({ length: REPS }, (_, r) => `UREP${i}X${r}`);
    addToRoster(db, account.id, reps, 'UBOSS', START);
    setAway(db, reps[0] ?? '', true);
  }
  const rand = random(14);
  const sla = SLA_MINUTES * 60_000;
  const leads = Array.from({ length: LEADS }, (_, i) => {
    const r = rand();
    const fate: Fate =
      r < 0.4
        ? { kind: 'contacted', afterMs: Math.floor(rand() * sla * 0.9) }
        : r < 0.6
          ? { kind: 'contacted', afterMs: sla + 5_000 + Math.floor(rand() * sla) }
          : r < 0.65
            ? { kind: 'junk', afterMs: Math.floor(rand() * sla * 0.9) }
            : { kind: 'never' };
    return {
      id: `SPD${String(i).padStart(5, '0')}`,
      account: accounts[i % ACCOUNTS] as Account,
      created: START + Math.floor(rand() * ARRIVALS_MS),
      fate,
    };
  });
  const arrivals = [...leads].sort((a, b) => a.created - b.created);
  const marks = leads
    .flatMap((lead) => (lead.fate.kind === 'never' ? [] : [{ lead, at: lead.created + lead.fate.afterMs }]))
    .sort((a, b) => a.at - b.at);
  const end = START + ARRIVALS_MS + 4 * sla + tickMs;
  const tickWall: number[] = [];
  let nextArrival = 0;
  let nextMark = 0;
  for (now = START; now <= end; now += tickMs) {
    // Outcomes first: a click at the same simulated instant as a due timer comes before the tick.
    for (; nextMark < marks.length && (marks[nextMark]?.at ?? 0) <= now; nextMark++) {
      const mark = marks[nextMark];
      if (!mark || mark.lead.fate.kind === 'never') continue;
      await outcomes.record({ leadId: mark.lead.id, outcome: mark.lead.fate.kind, userId: 'UREP' });
    }
    for (; nextArrival < arrivals.length && (arrivals[nextArrival]?.created ?? 0) <= now; nextArrival++) {
      const lead = arrivals[nextArrival];
      if (!lead) continue;
      saveFetchedLead(
        db,
        {
          id: lead.id,
          createdTime: lead.created,
          formId: 'form-1',
          adId: `ad-${lead.account.id}`,
          adName: 'Ad',
          adsetId: 'adset-1',
          adsetName: 'Ad set',
          campaignId: 'camp-1',
          campaignName: 'Campaign',
          isOrganic: false,
          platform: 'fb',
          fieldData: [],
          raw: { id: lead.id },
        },
        { fullName: `Lead ${lead.id}`, phone: '+17135550142', email: null, answers: [] },
        'page-1',
        'webhook',
        lead.created,
      );
      db.prepare('UPDATE leads SET account_id = ? WHERE id = ?').run(lead.account.id, lead.id);
      const stored = getLead(db, lead.id);
      if (!stored) continue;
      speed.leadAlerted(stored, placeOf(stored));
      speed.alertPosted(
        lead.id,
        await slack.post(lead.account.homeChannel ?? '', { text: 'alert', blocks: [] }),
      );
    }
    const started = performance.now();
    await speed.tick();
    tickWall.push(performance.now() - started);
  }
  const rows = db
    .prepare(
      `SELECT lead_id AS id, owner_id AS owner, first_contact_at AS contact, stopped_at AS stopped,
         reminder_due_at AS rDue, reminder_state AS rState, reminder_sent_at AS rSent,
         escalation_due_at AS eDue, escalation_state AS eState, escalation_sent_at AS eSent FROM lead_speed`,
    )
    .all() as {
    id: string;
    owner: string | null;
    contact: number | null;
    stopped: number | null;
    rDue: number;
    rState: string;
    rSent: number | null;
    eDue: number;
    eState: string;
    eSent: number | null;
  }[];
  // A timer fires at the first tick at or after its due time; a lead contacted by then is not nudged.
  const firstTick = (due: number) => START + Math.ceil((due - START) / tickMs) * tickMs;
  const stoppedBy = (row: (typeof rows)[number], due: number) =>
    (row.contact !== null && row.contact <= firstTick(due)) ||
    (row.stopped !== null && row.stopped <= firstTick(due));
  const expectedReminders = rows.filter((r) => r.owner !== null && !stoppedBy(r, r.rDue));
  const expectedEscalations = rows.filter((r) => !stoppedBy(r, r.eDue));
  const reminded = rows.filter((r) => r.rState === 'sent');
  const escalated = rows.filter((r) => r.eState === 'sent');
  const wrong = rows.filter(
    (r) => (r.rState === 'sent' && stoppedBy(r, r.rDue)) || (r.eState === 'sent' && stoppedBy(r, r.eDue)),
  ).length;
  // Messages actually posted: at most one reminder and one escalation per lead.
  const perLead = new Map<string, number>();
  for (const m of sent)
    if (/^(Reminder|Escalation)/.test(m.text)) {
      const key = `${m.text.slice(0, 10)}${/#(\d+)/.exec(m.text)?.[1]}`;
      perLead.set(key, (perLead.get(key) ?? 0) + 1);
    }
  const duplicates = [...perLead.values()].filter((n) => n > 1).length;
  const onTime = [
    ...reminded.map((r) => (r.rSent ?? 0) === firstTick(r.rDue)),
    ...escalated.map((r) => (r.eSent ?? 0) === firstTick(r.eDue)),
  ].filter(Boolean).length;
  const lateness = [
    ...reminded.map((r) => (r.rSent ?? 0) - r.rDue),
    ...escalated.map((r) => (r.eSent ?? 0) - r.eDue),
  ];
  const assigned = rows.filter((r) => r.owner !== null).length;
  console.log(
    `  tick ${tickMs / 1000} s (simulated): ${rows.length} leads, ${assigned} assigned round-robin; ` +
      `reminders ${reminded.length}/${expectedReminders.length} expected, escalations ${escalated.length}/${expectedEscalations.length} expected; ` +
      `for contacted/junk leads: ${wrong}; duplicates: ${duplicates}; at the first tick after due: ${onTime}/${reminded.length + escalated.length}`,
  );
  console.log(
    `    lateness (sent − due, simulated): p50 ${ms(percentile(lateness, 50))}, p99 ${ms(percentile(lateness, 99))}, max ${ms(Math.max(...lateness))}` +
      ` (tick ${ms(tickMs)}); tick wall time p50 ${ms(percentile(tickWall, 50))}, p99 ${ms(percentile(tickWall, 99))}, max ${ms(Math.max(...tickWall))}; alert/DM updates ${updates}`,
  );
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

export async function benchSpeed(): Promise<void> {
  console.log(
    `\nspeed to lead — ${LEADS} leads, ${ACCOUNTS} accounts × ${REPS} reps (one away), SLA ${SLA_MINUTES} min, simulated clock`,
  );
  await run(1_000);
  await run(15_000);
}
