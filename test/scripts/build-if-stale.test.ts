import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'build-if-stale.mjs');

test('npm start builds when dist/ is missing or older than a source, and not otherwise', () => {
  const root = mkdtempSync(join(tmpdir(), 'leadops-build-'));
  try {
    // A stand-in build that counts its runs in dist/src/main.js.
    const build = `node -e "require('fs').mkdirSync('dist/src',{recursive:true});require('fs').appendFileSync('dist/src/main.js','x')"`;
    writeFileSync(join(root, 'package.json'), JSON.stringify({ scripts: { build } }));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'main.ts'), '');
    const builds = () => {
      const run = spawnSync(process.execPath, [SCRIPT], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return readFileSync(join(root, 'dist', 'src', 'main.js'), 'utf8').length;
    };
    assert.equal(builds(), 1, 'no dist/: built');
    assert.equal(builds(), 1, 'up to date: not built again');
    // A source edited after the build (file times only, not the wall clock, which tests may move).
    const edited = statSync(join(root, 'src', 'main.ts')).mtimeMs / 1000;
    utimesSync(join(root, 'dist', '.built'), edited - 60, edited - 60);
    assert.equal(builds(), 2, 'a newer source: built');
    assert.equal(builds(), 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
