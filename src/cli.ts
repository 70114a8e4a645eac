import { existsSync } from 'node:fs';
import { LeadOpsError } from './errors.js';

/** `.env` is read when present; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** A start-up failure is one readable line on stderr and exit code 1; no stack for known errors. */
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
