import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../schedule/cron.js';
import { WEEKLY_SUMMARY_CRON } from './job.js';
import { parseWeekKey, summaryWeek, WeekKeyError, weekBefore, weekKey } from './period.js';
import { versus, weekLabel, weekShort } from './words.js';

/** An instant given as Japan wall-clock time. */
function jst(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h - 9, min);
}

describe('the week a Monday summary covers (Japan calendar)', () => {
  it.each([
    ['Monday 08:00 JST, the scheduled time', jst(2026, 11, 23, 8), '2026-11-16/2026-11-23'],
    ['Monday 00:00 JST exactly', jst(2026, 11, 23, 0), '2026-11-16/2026-11-23'],
    // 15:30 UTC on Sunday: a UTC calendar would still call it the week before
    ['Monday 00:30 JST (Sunday 15:30 UTC)', Date.UTC(2026, 10, 22, 15, 30), '2026-11-16/2026-11-23'],
    ['Sunday 23:30 UTC (Monday 08:30 JST)', Date.UTC(2026, 10, 22, 23, 30), '2026-11-16/2026-11-23'],
    ['Sunday 23:59 JST: that week is not over yet', jst(2026, 11, 22, 23, 59), '2026-11-09/2026-11-16'],
    ['1 ms before Monday 00:00 JST', jst(2026, 11, 23) - 1, '2026-11-09/2026-11-16'],
    ['Wednesday, a catch-up run', jst(2026, 11, 25, 14), '2026-11-16/2026-11-23'],
    ['across the new year', jst(2027, 1, 4, 8), '2026-12-28/2027-01-04'],
    ['across a leap day', jst(2028, 3, 6, 8), '2028-02-28/2028-03-06'],
  ])('%s → %s', (_label, ms, key) => {
    const week = summaryWeek(ms);
    expect(weekKey(week)).toBe(key);
    expect(week.to - week.from).toBe(7 * 86_400_000);
    // the boundaries are Japan midnights: 15:00 UTC the day before
    expect(new Date(week.to).getUTCHours()).toBe(15);
  });

  it('starts and ends on Monday 00:00 Japan time', () => {
    const week = summaryWeek(jst(2026, 11, 23, 8));
    expect(new Date(week.from).toISOString()).toBe('2026-11-15T15:00:00.000Z');
    expect(new Date(week.to).toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(weekKey(weekBefore(week))).toBe('2026-11-09/2026-11-16');
  });

  it('reads a key back, and refuses anything but Monday to the next Monday', () => {
    const week = summaryWeek(jst(2026, 11, 23, 8));
    expect(parseWeekKey('2026-11-16/2026-11-23')).toEqual(week);
    for (const bad of [
      '2026-11-17/2026-11-24', // Tuesday
      '2026-11-16/2026-11-30', // two weeks
      '2026-11-16/2026-11-16',
      '2026-02-30/2026-03-09', // no such day
      '2026-W47',
      '',
      '2026-11-16/2026-11-23x',
    ])
      expect(() => parseWeekKey(bad), bad).toThrow(WeekKeyError);
  });

  it('the job due on Monday 08:00 JST names the week just ended; before 08:00, the one before', () => {
    const cron = cronSchedule(WEEKLY_SUMMARY_CRON);
    const key = (now: number) => weekKey(summaryWeek(cron.latestDue(now) ?? Number.NaN));
    expect(key(jst(2026, 11, 23, 8))).toBe('2026-11-16/2026-11-23');
    expect(key(jst(2026, 11, 23, 7, 59))).toBe('2026-11-09/2026-11-16');
    expect(key(jst(2026, 11, 29, 23, 59))).toBe('2026-11-16/2026-11-23');
    expect(cron.latestDue(jst(2026, 11, 25, 12))).toBe(jst(2026, 11, 23, 8));
  });
});

describe('dates and changes in words', () => {
  it('labels a week for people (the last day inclusive)', () => {
    const week = summaryWeek(jst(2026, 11, 23, 8));
    expect(weekLabel(week, 'ja')).toBe('2026年11月16日(月)〜11月22日(日)');
    expect(weekLabel(week, 'en')).toBe('Mon 16 Nov – Sun 22 Nov 2026');
    expect(weekShort(week, 'ja')).toBe('11/16〜11/22');
    expect(weekShort(week, 'en')).toBe('16–22 Nov');
    const newYear = summaryWeek(jst(2027, 1, 4, 8));
    expect(weekLabel(newYear, 'ja')).toBe('2026年12月28日(月)〜2027年1月3日(日)');
    expect(weekLabel(newYear, 'en')).toBe('Mon 28 Dec 2026 – Sun 3 Jan 2027');
    expect(weekShort(newYear, 'en')).toBe('28 Dec – 3 Jan');
  });

  it.each([
    [0, 0, '前週も 0 件', 'none the week before either'],
    [5, 0, '前週は 0 件', 'none the week before'],
    [7, 7, '前週と同じ', 'the same as the week before'],
    [1234, 1000, '前週 1,000 件から 23% 増', 'up 23% from 1,000 the week before'],
    [30, 50, '前週 50 件から 40% 減', 'down 40% from 50 the week before'],
    [1001, 1000, '前週 1,000 件からわずかに増', 'slightly up from 1,000 the week before'],
  ])('%i against %i', (count, previous, ja, en) => {
    expect(versus(count, previous, 'ja')).toBe(ja);
    expect(versus(count, previous, 'en')).toBe(en);
  });
});
