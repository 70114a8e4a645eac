import type { WatchdogCheck } from '../check.js';
import { accountCheck } from './account.js';
import { adsCheck } from './ads.js';
import { cplCheck } from './cpl.js';
import { deliveryCheck } from './delivery.js';
import { droughtCheck } from './drought.js';
import { tokenCheck } from './token.js';
import { usageCheck } from './usage.js';

/** Every check the watchdog runs, in CHECK_NAMES order (the order /watchdog lists and posts them). */
export const WATCHDOG_CHECKS: readonly WatchdogCheck[] = [
  droughtCheck,
  deliveryCheck,
  tokenCheck,
  accountCheck,
  adsCheck,
  cplCheck,
  usageCheck,
];
