import { execSync } from 'node:child_process';
import { benchCpl } from './cpl.js';
import { benchWebhooks } from './webhooks.js';

/** `npm run bench`: prints figures; never fails on a number. */
async function main(): Promise<void> {
  execSync('npm run --silent build', { stdio: 'inherit' });
  await benchCpl();
  await benchWebhooks();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
