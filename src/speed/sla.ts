import type { Config } from '../config.js';

/** SPEED_SLA_MINUTES' default: five minutes to first contact. */
export const DEFAULT_SLA_MINUTES = 5;

/** SPEED_SLA_MINUTES as config reads it (`config.speed.slaMinutes`), else the default. */
export function slaMinutesOf(config: Config): number {
  return (config as Config & { speed?: { slaMinutes?: number } }).speed?.slaMinutes ?? DEFAULT_SLA_MINUTES;
}
