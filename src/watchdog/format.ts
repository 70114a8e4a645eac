const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `45 min`, `4 h`, `4 h 10 min`, `5 days`, `2 days 4 h`: how long, as people say it. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  if (ms < 2 * DAY) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  // Days away, to the nearest hour: 4 days 23 h 59 min is "5 days".
  const totalHours = Math.round(ms / HOUR);
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours === 0 ? `${days} days` : `${days} days ${hours} h`;
}

export const HOUR_MS = HOUR;
export const DAY_MS = DAY;
