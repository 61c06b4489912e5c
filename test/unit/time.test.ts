// Readable times for the job summary (src/report/time.ts).
import { describe, expect, it } from 'vitest';
import { readableTime, relativeTime } from '../../src/report/time.js';

const NOW = new Date('2026-12-07T13:05:00.000Z');
const at = (milliseconds: number) => new Date(NOW.getTime() + milliseconds);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('readableTime', () => {
  it('writes UTC to the minute, with the distance from now', () => {
    expect(readableTime(new Date('2026-12-07T14:05:00Z'), NOW)).toBe('2026-12-07 14:05 UTC (in 1 h)');
  });

  it('drops the seconds rather than rounding them up', () => {
    expect(readableTime(new Date('2026-12-07T14:05:59.999Z'))).toBe('2026-12-07 14:05 UTC');
  });

  it('has no relative part without now, so the text depends on its arguments only', () => {
    expect(readableTime(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02 03:04 UTC');
  });

  it('is UTC whatever the date was built from', () => {
    expect(readableTime(new Date('2026-12-07T23:30:00+05:30'))).toBe('2026-12-07 18:00 UTC');
  });

  it.each([
    [0, 'in under 1 min'],
    [29 * SECOND, 'in under 1 min'],
    [-29 * SECOND, 'under 1 min ago'],
    [31 * SECOND, 'in 1 min'],
    [5 * MINUTE, 'in 5 min'],
    [-5 * MINUTE, '5 min ago'],
    [59 * MINUTE, 'in 59 min'],
    [HOUR - 100, 'in 1 h'], // a one-hour token read a moment after it was minted
    [HOUR, 'in 1 h'],
    [HOUR + 30 * MINUTE, 'in 1 h 30 min'],
    [-(3 * HOUR + 5 * MINUTE), '3 h 5 min ago'],
    [47 * HOUR + 59 * MINUTE, 'in 47 h 59 min'],
    [48 * HOUR, 'in 2 d'],
    [2 * DAY + 5 * HOUR + 59 * MINUTE, 'in 2 d 5 h'],
    [30 * DAY, 'in 30 d'],
    [-(7 * DAY), '7 d ago'],
  ])('says %d ms from now is %j', (offset, relative) => {
    expect(readableTime(at(offset), NOW)).toMatch(new RegExp(` UTC \\(${relative}\\)$`));
    expect(relativeTime(offset)).toBe(relative);
  });

  it('writes the date and the distance together', () => {
    expect(readableTime(at(30 * DAY), NOW)).toBe('2027-01-06 13:05 UTC (in 30 d)');
    expect(readableTime(at(-(90 * MINUTE)), NOW)).toBe('2026-12-07 11:35 UTC (1 h 30 min ago)');
  });

  it('says so for an invalid date, and ignores an invalid now', () => {
    expect(readableTime(new Date(Number.NaN), NOW)).toBe('an invalid time');
    expect(readableTime(new Date('2026-12-07T14:05:00Z'), new Date('nonsense'))).toBe('2026-12-07 14:05 UTC');
    expect(relativeTime(Number.NaN)).toBe('at an unknown time');
  });

  it('shows a year beyond 9999 whole instead of cutting it wrong', () => {
    expect(readableTime(new Date(Date.UTC(10000, 0, 1)))).toBe('+010000-01-01T00:00:00.000Z');
  });
});
