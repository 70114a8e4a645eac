// Node 20's test runner neither expands globs nor finds .ts files in a folder,
// so the test files are listed here and handed over explicitly.
//
//   node scripts/run-tests.mjs [filter]     the suite (or the files whose path contains filter)
//   node scripts/run-tests.mjs --any-day    the suite twice more, its wall clock moved away from the
//                                           tests' pinned dates: +400 days in Tokyo, and into
//                                           summer time in Chicago (see the README)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function run(files, env = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
    {
      stdio: 'inherit',
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...env },
    },
  );
  return result.status ?? 1;
}

const DAY = 86_400_000;
const argument = process.argv[2];
const files = findTests('test').sort();

if (argument === '--any-day') {
  // The wall clock every process of the run sees (child processes included, through NODE_OPTIONS).
  const preload = `--import ${new URL('../test/support/shifted-wall-clock.mjs', import.meta.url).href}`;
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();
  const runs = [
    { TZ: 'Asia/Tokyo', LEADOPS_TEST_WALL_CLOCK: new Date(Date.now() + 400 * DAY).toISOString() },
    { TZ: 'America/Chicago', LEADOPS_TEST_WALL_CLOCK: '2027-07-15T04:30:00Z' },
  ];
  for (const env of runs) {
    console.log(`\n# wall clock ${env.LEADOPS_TEST_WALL_CLOCK}, TZ=${env.TZ}\n`);
    const status = run(files, { ...env, NODE_OPTIONS: nodeOptions });
    if (status !== 0) process.exit(status);
  }
  process.exit(0);
}

process.exit(run(files.filter((file) => !argument || file.includes(argument))));
