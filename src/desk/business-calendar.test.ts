import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessDay,
  STANDARD_CALENDAR,
} from './business-calendar.js';

const jst = (s: string) => Date.parse(`${s}+09:00`);
const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('business calendar (Japan)', () => {
  it.each([
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-05-06', false], // 振替休日 for Sunday 3 May
    ['2026-09-22', false], // 国民の休日 between 敬老の日 and 秋分の日
    ['2026-12-29', false], // year-end break (calendar setting)
    ['2027-01-04', true], // first working day of 2027
  ])('%s is a business day: %s', (d, expected) => {
    expect(isBusinessDay(STANDARD_CALENDAR, dayStart(d))).toBe(expected);
  });

  it.each([
    ['Friday 17:30 + 60 min goes on Monday morning', '2026-11-27T17:30:00', 60, '2026-11-30T09:30:00'],
    ['before opening starts at 9:00', '2026-11-26T07:00:00', 30, '2026-11-26T09:30:00'],
    [
      'Golden Week: Friday 1 May 17:00 + 4 h resumes on Thursday 7 May',
      '2026-05-01T17:00:00',
      240,
      '2026-05-07T12:00:00',
    ],
    ['year end: 28 December 16:00 + 3 h', '2026-12-28T16:00:00', 180, '2027-01-04T10:00:00'],
    ['exactly at closing time', '2026-11-26T17:00:00', 60, '2026-11-26T18:00:00'],
  ])('%s', (_name, start, minutes, deadline) => {
    expect(new Date(addBusinessMinutes(STANDARD_CALENDAR, jst(start), minutes)).toISOString()).toBe(
      new Date(jst(deadline)).toISOString(),
    );
  });

  it('always open counts wall-clock minutes', () => {
    const t = jst('2026-05-03T23:30:00');
    expect(addBusinessMinutes(ALWAYS_OPEN, t, 90)).toBe(t + 90 * 60_000);
    expect(businessMinutesBetween(ALWAYS_OPEN, t, t + 90 * 60_000)).toBe(90);
  });

  it('counts the open minutes between two instants', () => {
    expect(
      businessMinutesBetween(STANDARD_CALENDAR, jst('2026-11-27T17:00:00'), jst('2026-11-30T10:00:00')),
    ).toBe(120);
    expect(
      businessMinutesBetween(STANDARD_CALENDAR, jst('2026-11-30T10:00:00'), jst('2026-11-27T17:00:00')),
    ).toBe(0);
  });

  it('the minutes between a start and its deadline are the minutes asked for', () => {
    const start = jst('2026-01-01T00:00:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 * 86_400 }),
        fc.integer({ min: 1, max: 20_000 }),
        (sec, minutes) => {
          const from = start + sec * 1000;
          const due = addBusinessMinutes(STANDARD_CALENDAR, from, minutes);
          return Math.abs(businessMinutesBetween(STANDARD_CALENDAR, from, due) - minutes) < 1e-9;
        },
      ),
      { numRuns: 300 },
    );
  });
});
