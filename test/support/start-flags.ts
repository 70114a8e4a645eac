import { readFileSync } from 'node:fs';

/** The V8 flags `npm start` runs the bot with, read from package.json so tests and bench use the same. */
export function startNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const flags = /node ((?:--\S+ )*)dist\/src\/main\.js/.exec(scripts.start)?.[1];
  if (flags === undefined)
    throw new Error('package.json: the start script no longer runs node … dist/src/main.js');
  return flags.trim().split(/\s+/).filter(Boolean);
}
