// `npm start` builds only when it must: when dist/ is missing or a source is newer than the last build.
//
//   node scripts/build-if-stale.mjs     runs `npm run build` if needed, else says nothing
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Written after each build: its modification time is when the build finished. */
export const STAMP = 'dist/.built';
const ENTRY = 'dist/src/main.js';
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

/** True when `root` has no build, or one older than any of its sources. */
export function needsBuild(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(join(root, ENTRY)) || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((input) => newestModification(join(root, input)) > built);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && needsBuild('.')) {
  const { status } = spawnSync('npm run --silent build', { stdio: 'inherit', shell: true });
  if (status !== 0) process.exit(status ?? 1);
  writeFileSync(STAMP, '');
}
