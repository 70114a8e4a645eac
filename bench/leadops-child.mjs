// The bot as its own process for the `accounts` benchmark: the built LeadOps (dist/, as `npm start`
// runs it), driven over IPC so the benchmark can run its scheduled jobs on demand and read the
// process's own memory. Its clock runs `offset` ms ahead of the wall clock, moved by the parent
// (the sandbox's clock moves with it), so an hour of schedules can be played in seconds.
import { startLeadOps } from '../dist/src/app.js';
import { loadConfig } from '../dist/src/config.js';
import { createLogger } from '../dist/src/log.js';

let offset = 0;
const clock = { nowMilliseconds: () => Date.now() + offset };
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);
sampler.unref();

const env = JSON.parse(process.env.LEADOPS_BENCH_ENV ?? '{}');
const leadops = await startLeadOps(loadConfig(env, 'start'), {
  logger: createLogger(env.LOG_LEVEL ?? 'error'),
  clock,
});

/** What a job returned, as plain JSON (or a note when it cannot be sent). */
function plain(value) {
  try {
    return JSON.parse(JSON.stringify(value ?? null));
  } catch {
    return 'not serialisable';
  }
}

process.on('message', async (message) => {
  const { id, kind } = message;
  const reply = (body) => {
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send({ id, rss, heapUsed, heapTotal, external, peakRss, ...body });
  };
  try {
    if (kind === 'clock') {
      offset = message.offset;
      reply({ ok: true });
    } else if (kind === 'job') {
      const started = performance.now();
      const result = await leadops.runJob(message.name);
      reply({ ok: true, ms: performance.now() - started, result: plain(result) });
    } else if (kind === 'refresh') {
      const started = performance.now();
      await leadops.services.accounts.refresh();
      reply({ ok: true, ms: performance.now() - started });
    } else if (kind === 'served') {
      reply({ ok: true, result: leadops.services.accounts.served().length });
    } else if (kind === 'resetPeak') {
      peakRss = process.memoryUsage.rss();
      reply({ ok: true });
    } else if (kind === 'stop') {
      await leadops.stop();
      reply({ ok: true });
      process.exit(0);
    }
  } catch (error) {
    reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

process.send({ id: 0, ok: true, url: leadops.url, rss: process.memoryUsage.rss(), peakRss });
