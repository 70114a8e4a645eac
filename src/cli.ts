import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { LeadOpsError } from './errors.js';

/** `KEY=#name`: an unquoted value that starts with `#` and a non-space, such as a channel name. */
const HASH_VALUE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(#\S+)/;

/**
 * Node's own `.env` syntax, except that `REPORT_CHANNEL=#leadops` keeps its value: Node reads an
 * unquoted `#` as the start of a comment, which would leave the channel silently empty.
 * `KEY= # note` (a space after the `#`) is still a comment.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) values[key] = value ?? '';
  for (const line of text.split(/\r?\n/)) {
    const [, key, value] = HASH_VALUE.exec(line) ?? [];
    if (key && value && values[key] === '') values[key] = value;
  }
  return values;
}

/** `.env` is read when present; real environment variables win. */
export function loadDotEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) return;
  for (const [key, value] of Object.entries(parseDotEnv(readFileSync(path, 'utf8')))) env[key] ??= value;
}

/** A start-up failure: a readable message on stderr (no stack for known errors) and exit code 1. */
export function exitWithStartupError(error: unknown): never {
  const message =
    error instanceof LeadOpsError
      ? error.message
      : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  console.error(`LeadOps cannot start: ${message}`);
  process.exit(1);
}

/** SIGTERM/SIGINT: stop schedules, finish in-flight work, close the database, then exit. */
export function stopOnSignals(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stopping ??= stop().then(() => process.exit(0));
    return stopping;
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return shutdown;
}
