import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { SRC, sourceFiles } from './support/source-files.js';

/** The one place allowed to read the wall clock: everything else gets a Clock passed in. */
const CLOCK_MODULE = join(SRC, 'clock.ts');
/** `Date.now` (called or passed on), `new Date()` with no argument, `performance.now`. */
const WALL_CLOCK_READS = /\bDate\.now\b|\bnew Date\(\s*\)|\bperformance\.now\b/;

/** Lines that read the wall clock, comments left out, as `file:line: text`. */
export function wallClockReads(files: { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) =>
    text.split('\n').flatMap((line, index) => {
      const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
      return WALL_CLOCK_READS.test(code) ? [`${path}:${index + 1}: ${line.trim()}`] : [];
    }),
  );
}

test('nothing under src/ reads the wall clock except src/clock.ts', () => {
  const files = sourceFiles(SRC)
    .filter((path) => path !== CLOCK_MODULE)
    .map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
  assert.ok(files.length > 50, 'the scan sees the source tree');
  assert.deepEqual(wallClockReads(files), []);
});

test('the scan catches each way of reading the wall clock, and not a date built from a value', () => {
  const found = wallClockReads([
    {
      path: 'x.ts',
      text: [
        'const a = Date.now();',
        'const b = options.now ?? Date.now;',
        'const c = new Date();',
        'const d = performance.now();',
        'const e = new Date(ms);',
        '// Date.now() in a comment',
        'const f = Date.UTC(2026, 0, 1);',
      ].join('\n'),
    },
  ]);
  assert.deepEqual(
    found.map((line) => line.split(':')[1]),
    ['1', '2', '3', '4'],
  );
});
