import { startLeadOps } from './app.js';
import { exitWithStartupError, loadDotEnv, stopOnSignals } from './cli.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';

/** `npm start`: the real bot, configured from the environment and `.env`. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env, 'start');
  const logger = createLogger(config.logLevel);
  const leadops = await startLeadOps(config, { logger });
  stopOnSignals(leadops.stop);
}

main().catch(exitWithStartupError);
