/**
 * Times as the job summary shows them: `2026-12-07 14:05 UTC (in 1 h)`.
 *
 * - The absolute part is UTC whatever the runner's time zone, to the minute (seconds are dropped,
 *   not rounded, so an expiry never reads later than it is), in ISO 8601 order with a space.
 * - The relative part, given `now`, is the distance rounded to the nearest minute: "under 1 min",
 *   "N min" below an hour, "H h" or "H h M min" below two days, "D d" or "D d H h" from then on
 *   (hours rounded down there), with "in …" for the future and "… ago" for the past. Without `now`
 *   there is no relative part, so that the text depends on its arguments only.
 */
export function readableTime(date: Date, now?: Date): string {
  if (!isValid(date)) return 'an invalid time';
  const iso = date.toISOString();
  // Years outside 0000-9999 are written with a sign and six digits: shown whole rather than cut wrong.
  const absolute = iso.length === 24 ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso;
  if (now === undefined || !isValid(now)) return absolute;
  return `${absolute} (${relative(date.getTime() - now.getTime())})`;
}

/** "in 1 h", "5 min ago", "under 1 min ago" for a distance in milliseconds (positive: the future). */
export function relativeTime(milliseconds: number): string {
  return Number.isFinite(milliseconds) ? relative(milliseconds) : 'at an unknown time';
}

function relative(milliseconds: number): string {
  const minutes = Math.round(Math.abs(milliseconds) / MINUTE);
  const span = minutes === 0 ? 'under 1 min' : distance(minutes);
  return milliseconds >= 0 ? `in ${span}` : `${span} ago`;
}

function distance(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return joined(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  return joined(Math.floor(minutes / DAY_MINUTES), 'd', Math.floor((minutes % DAY_MINUTES) / 60), 'h');
}

/** "3 h", or "3 h 5 min" when the smaller unit is not zero. */
function joined(large: number, largeUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${large} ${largeUnit}` : `${large} ${largeUnit} ${small} ${smallUnit}`;
}

function isValid(date: Date): boolean {
  return date instanceof Date && Number.isFinite(date.getTime());
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
