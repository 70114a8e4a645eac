import { execSync } from 'node:child_process';
import { benchAccounts } from './accounts.js';
import { benchCapi } from './capi.js';
import { benchCpl } from './cpl.js';
import { benchFollowUps } from './followups.js';
import { benchLeadSpeed } from './lead-speed.js';
import { benchLimits } from './limits.js';
import { benchReport } from './report.js';
import { benchRotate } from './rotate.js';
import { benchRules } from './rules.js';
import { benchSlackPace } from './slack-pace.js';
import { benchSpeed } from './speed.js';
import { benchWatchdog } from './watchdog.js';
import { benchWebhooks } from './webhooks.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  cpl: benchCpl,
  webhooks: benchWebhooks,
  watchdog: benchWatchdog,
  report: benchReport,
  rules: benchRules,
  capi: benchCapi,
  accounts: benchAccounts,
  rotate: benchRotate,
  'lead-speed': benchLeadSpeed,
  speed: benchSpeed,
  followups: benchFollowUps,
  'slack-pace': benchSlackPace,
  limits: benchLimits,
};

/** `npm run bench [section…]`: prints figures; never fails on a number. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  execSync('npm run --silent build', { stdio: 'inherit' });
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length === 0 || wanted.includes(name)) await run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
