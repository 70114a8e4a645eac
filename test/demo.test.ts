import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

/** Collects a child's stdout and resolves when it contains `pattern`. */
function outputWatcher(stream: NodeJS.ReadableStream) {
  let text = '';
  const waiters: { pattern: RegExp; from: number; resolve: (t: string) => void }[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    for (const w of [...waiters]) {
      if (w.pattern.test(text.slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text.slice(w.from));
      }
    }
  });
  return {
    mark: () => text.length,
    waitFor(pattern: RegExp, from = 0): Promise<string> {
      if (pattern.test(text.slice(from))) return Promise.resolve(text.slice(from));
      return new Promise((resolve) => waiters.push({ pattern, from, resolve }));
    },
  };
}

test('npm run demo: type a command in the terminal, read the answer', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadops-demo-'));
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_PATH: join(dir, 'demo.sqlite') };
  for (const key of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const out = outputWatcher(child.stdout);
    await out.waitFor(/leadops> $/);
    let mark = out.mark();
    child.stdin.write('/cpl last_7d\n');
    const answer = await out.waitFor(/leadops> $/, mark);
    assert.match(answer, /Cost per lead — Last 7 days/);
    assert.match(answer, /Spend: \$[\d,]+\.\d\d/);
    assert.match(answer, /CPL \$[\d,]+\.\d\d/);

    mark = out.mark();
    child.stdin.write('/cpl 2026-13-01\n');
    assert.match(await out.waitFor(/leadops> $/, mark), /\(only you can see this\)[\s\S]*not a real date/);

    child.stdin.write('exit\n');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
