import { describe, expect, it } from 'vitest';
import { CronPatternError, cronSchedule } from './cron.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('cron patterns in Japan time', () => {
  const weekly = cronSchedule('0 8 * * 1');

  it('Monday 08:00 is Sunday 23:00 UTC', () => {
    // 2026-11-25 is a Wednesday
    expect(iso(weekly.latestDue(Date.parse('2026-11-25T03:00:00Z')))).toBe('2026-11-22T23:00:00.000Z');
    expect(iso(weekly.nextDue(Date.parse('2026-11-25T03:00:00Z')))).toBe('2026-11-29T23:00:00.000Z');
  });

  it('an occurrence is due from its very second on', () => {
    const due = Date.parse('2026-11-22T23:00:00Z');
    expect(weekly.latestDue(due)).toBe(due);
    expect(weekly.latestDue(due + 999)).toBe(due);
    expect(iso(weekly.latestDue(due - 1))).toBe('2026-11-15T23:00:00.000Z');
    expect(weekly.nextDue(due - 1)).toBe(due);
    expect(iso(weekly.nextDue(due))).toBe('2026-11-29T23:00:00.000Z');
  });

  it('the first of the month at 06:00 is the evening before in UTC', () => {
    const monthly = cronSchedule('0 6 1 * *');
    expect(iso(monthly.latestDue(Date.parse('2026-11-15T00:00:00Z')))).toBe('2026-10-31T21:00:00.000Z');
    expect(iso(monthly.nextDue(Date.parse('2026-12-31T20:59:59Z')))).toBe('2026-12-31T21:00:00.000Z');
  });

  it('day of month and weekday together mean both (the first Monday)', () => {
    const firstMonday = cronSchedule('0 8 1-7 * 1');
    expect(iso(firstMonday.nextDue(Date.parse('2026-11-10T00:00:00Z')))).toBe('2026-12-06T23:00:00.000Z');
  });

  it.each(['', 'nonsense', '61 * * * *', '0 8 * *', '0 0 8 * * 1', '0 25 * * *'])('refuses %j', (p) => {
    expect(() => cronSchedule(p)).toThrow(CronPatternError);
  });
});
