import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { addDays, startOfLocalDay, todayIn } from '../src/dates/calendar.js';
import { resolvePreset } from '../src/dates/ranges.js';
import { speedCellsSql, speedGroups } from '../src/db/lead-speed-stats.js';
import { LATEST_VERSION } from '../src/db/migrations.js';
import { migrate } from '../src/db/open.js';
import { buildLeadSpeedReply } from '../src/messages/lead-speed.js';
import { buildSpeedReport } from '../src/speed/stats.js';
import { ms, percentile } from './stats.js';

const LEADS = 100_000;
const TIMEZONE = 'America/Chicago';
const NOW = Date.parse('2026-11-29T18:00:00Z');
const MIN = 60_000;
const REPS = ['U0MARIA', 'U0JAMES', 'U0PRIYA', 'U0TOMAS', 'U0ANNA', 'U0LEE'];

/** Deterministic pseudo-random numbers (the figures are the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * 100,000 leads over the last 30 days with their clocks and outcomes, as LeadOps stores them:
 * `accounts` ad accounts, 40 campaigns, 6 reps; 70% contacted (minutes: mostly quick, a long
 * tail), a third of those qualified, 5% junk, the rest never contacted. `raw` holds 1.5 kB of
 * Meta JSON per lead, as real rows do.
 */
function seed(db: Database, accounts: number): void {
  const next = random(42);
  const raw = JSON.stringify({ field_data: [{ name: 'notes', values: ['x'.repeat(1500)] }] });
  const lead = db.prepare(
    `INSERT INTO leads (id, account_id, ad_id, campaign_id, campaign_name, created_time, received_at, received_via,
       state, full_name, phone, raw) VALUES (?, ?, ?, ?, ?, ?, ?, 'webhook', 'complete', ?, ?, ?)`,
  );
  const clock = db.prepare(
    `INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, owner_id, owned_via, owned_at,
       first_contact_at, first_contact_by, first_contact_outcome, stopped_at, reminder_state, escalation_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'skipped', 'skipped')`,
  );
  const outcome = db.prepare(
    'INSERT INTO lead_outcomes (lead_id, outcome, user_id, recorded_at) VALUES (?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < LEADS; i += 1) {
      const id = `L${i}`;
      const account = `act_${1000 + (i % accounts)}`;
      const campaign = i % 40;
      const created = NOW - Math.floor(next() * 29.5 * 24 * 60 * MIN);
      const rep = REPS[Math.floor(next() * REPS.length)] as string;
      lead.run(
        id,
        account,
        `ad${campaign}`,
        `c${campaign}`,
        `Campaign ${campaign}`,
        created,
        created + 2000,
        `Lead ${i}`,
        '+15550100',
        raw,
      );
      const roll = next();
      const owned = next() < 0.8;
      if (roll < 0.7) {
        const minutes = next() < 0.8 ? next() * 6 : 6 + next() * 240;
        const at = created + Math.round(minutes * MIN);
        const qualified = next() < 0.35;
        clock.run(
          id,
          account,
          created,
          created,
          owned ? rep : null,
          owned ? 'claim' : null,
          owned ? created : null,
          at,
          rep,
          'contacted',
          null,
        );
        outcome.run(id, 'contacted', rep, at);
        if (qualified) outcome.run(id, 'qualified', rep, at + 10 * MIN);
      } else if (roll < 0.75) {
        clock.run(id, account, created, created, null, null, null, null, null, null, created + 3 * MIN);
        outcome.run(id, 'junk', rep, created + 3 * MIN);
      } else {
        clock.run(
          id,
          account,
          created,
          created,
          owned ? rep : null,
          owned ? 'round_robin' : null,
          owned ? created : null,
          null,
          null,
          null,
          null,
        );
      }
    }
  })();
}

/** Wall-clock and CPU (this process's user + system) milliseconds of each run: on a loaded machine the CPU time is the steadier figure. */
function timed(run: () => void, times: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    const used = process.cpuUsage();
    run();
    const spent = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { wall, cpu };
}

/** `/leads speed last_30d` from SQLite: the read, the statistics and the reply (Meta's spend is not timed). */
function answer(db: Database, accountId: string | null): () => void {
  const range = resolvePreset('last_30d', todayIn(TIMEZONE, NOW));
  const from = startOfLocalDay(range.since, TIMEZONE);
  const to = startOfLocalDay(addDays(range.until, 1), TIMEZONE);
  return () => {
    const groups = speedGroups(db, { from, to, accountId, slaMinutes: 5, now: NOW });
    const report = buildSpeedReport(groups, null, 5);
    buildLeadSpeedReply({
      range,
      timezone: TIMEZONE,
      accountName: 'Bench',
      currency: 'USD',
      report,
      spendError: null,
    });
  };
}

function line(label: string, { wall, cpu }: { wall: number[]; cpu: number[] }, extra = ''): void {
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(percentile(wall, 50))}  p99 ${ms(percentile(wall, 99))}  max ${ms(Math.max(...wall))}${extra}`,
  );
  console.log(`  ${''.padEnd(44)} CPU p50 ${ms(percentile(cpu, 50))}  p99 ${ms(percentile(cpu, 99))}`);
}

/** `/leads speed last_30d` over 100,000 stored leads, answered from SQLite (goal < 200 ms). */
export async function benchLeadSpeed(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-speed-'));
  try {
    console.log(
      `\n/leads speed last_30d — ${LEADS.toLocaleString('en-US')} stored leads, SQLite on disk (WAL)`,
    );
    console.log(
      `  machine: ${cpus().length} cores, load average ${(loadavg()[0] ?? 0).toFixed(1)} at the start`,
    );
    for (const accounts of [1, 10]) {
      const path = join(dir, `speed-${accounts}.sqlite`);
      const db = new BetterSqlite3(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, LATEST_VERSION);
      seed(db, accounts);
      db.exec('ANALYZE');
      const only = accounts === 1 ? null : 'act_1000';
      const what = accounts === 1 ? 'one account, all 100,000 in range' : '10 accounts, one account’s 10,000';
      timed(answer(db, only), 2); // warm the page cache, as a running bot's is
      line(what, timed(answer(db, only), 20), '   (goal < 200 ms)');
      // The plan of the one statement the statistics run.
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${speedCellsSql(only)}`)
        .all({ from: 0, to: 1, now: 0, slaMs: 0, ...(only ? { accountId: only } : {}) }) as {
        detail: string;
      }[];
      console.log(`    plan: ${plan.map((p) => p.detail).join('; ')}`);
      db.close();
    }
  } finally {
    if (!process.env.KEEP_BENCH_DB) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}
