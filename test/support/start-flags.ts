import { readFileSync } from 'node:fs';

/** How `npm start` runs the bot, read from package.json so tests and bench run it the same way. */
function startScript(): RegExpExecArray {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const start = /((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)dist\/src\/main\.js/.exec(scripts.start);
  if (!start) throw new Error('package.json: the start script no longer runs node … dist/src/main.js');
  return start;
}

/** The V8 flags `npm start` gives node. */
export function startNodeFlags(): string[] {
  return (startScript()[2] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** The environment `npm start` sets for node (MALLOC_ARENA_MAX). */
export function startEnv(): Record<string, string> {
  const pairs = (startScript()[1] ?? '').trim().split(/\s+/).filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
}
