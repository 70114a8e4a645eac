import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs, to stderr or (for the terminal demo, whose screen is the chat)
 * to a file. Credentials are redacted by key; the code never logs lead fields or Graph
 * URLs (they carry the access token).
 */
export function createLogger(level: string, filePath?: string): Logger {
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });
  return pino(
    {
      level,
      base: { app: 'leadops' },
      redact: {
        paths: ['*.access_token', '*.accessToken', '*.token', '*.appsecret_proof', '*.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: filePath ?? 2, sync: true }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
