import { describe, expect, it } from 'vitest';
import {
  type Bucket,
  bucketIndex,
  bucketStarts,
  change,
  iso,
  previousPeriod,
  resolvePeriod,
  startOfMonth,
  startOfWeek,
  thisMonth,
  wholeMonths,
} from './period.js';

const t = (s: string) => Date.parse(s);
const p = (from: string, to: string) => ({ from: t(from), to: t(to) });

describe('Tokyo calendar', () => {
  it.each([
    // [instant, start of its Tokyo month]
    ['2026-01-31T14:59:59.999Z', '2025-12-31T15:00:00.000Z'],
    ['2026-01-31T15:00:00.000Z', '2026-01-31T15:00:00.000Z'],
    ['2026-03-01T00:00:00.000Z', '2026-02-28T15:00:00.000Z'],
    // 1 March 01:00 in Tokyo (leap year)
    ['2024-02-29T16:00:00.000Z', '2024-02-29T15:00:00.000Z'],
  ])('month of %s starts %s', (at, start) => {
    expect(iso(startOfMonth(t(at)))).toBe(start);
  });

  it.each([
    // Monday 2026-01-12 in Tokyo starts at 2026-01-11T15:00Z
    ['2026-01-11T15:00:00.000Z', '2026-01-11T15:00:00.000Z'],
    ['2026-01-18T14:59:59.000Z', '2026-01-11T15:00:00.000Z'],
    ['2026-01-18T15:00:00.000Z', '2026-01-18T15:00:00.000Z'],
    // Sunday morning UTC is already Sunday evening in Tokyo: still the week from Monday the 12th
    ['2026-01-18T02:00:00.000Z', '2026-01-11T15:00:00.000Z'],
  ])('week of %s starts %s (Monday)', (at, start) => {
    expect(iso(startOfWeek(t(at)))).toBe(start);
  });

  const bucketCases: [string, Bucket, [string, string], string[]][] = [
    [
      'days of a short period',
      'day',
      ['2026-01-01T00:00:00.000Z', '2026-01-02T16:00:00.000Z'],
      ['2025-12-31T15:00:00.000Z', '2026-01-01T15:00:00.000Z', '2026-01-02T15:00:00.000Z'],
    ],
    [
      'weeks of January 2026 (Tokyo)',
      'week',
      ['2025-12-31T15:00:00.000Z', '2026-01-31T15:00:00.000Z'],
      [
        '2025-12-28T15:00:00.000Z',
        '2026-01-04T15:00:00.000Z',
        '2026-01-11T15:00:00.000Z',
        '2026-01-18T15:00:00.000Z',
        '2026-01-25T15:00:00.000Z',
      ],
    ],
    [
      'months across a year end and a leap February',
      'month',
      ['2023-11-30T15:00:00.000Z', '2024-03-31T15:00:00.000Z'],
      [
        '2023-11-30T15:00:00.000Z',
        '2023-12-31T15:00:00.000Z',
        '2024-01-31T15:00:00.000Z',
        '2024-02-29T15:00:00.000Z',
      ],
    ],
  ];
  it.each(bucketCases)('%s', (_n, b, [from, to], starts) => {
    const got = bucketStarts(p(from, to), b);
    expect(got.map(iso)).toEqual(starts);
    expect(bucketIndex(got, t(from))).toBe(0);
    expect(bucketIndex(got, t(to) - 1)).toBe(starts.length - 1);
    expect(bucketIndex(got, got[0] - 1)).toBe(-1);
  });
});

describe('periods', () => {
  it.each([
    [
      'January (Tokyo)',
      ['2025-12-31T15:00:00.000Z', '2026-01-31T15:00:00.000Z'],
      ['2025-11-30T15:00:00.000Z', '2025-12-31T15:00:00.000Z'],
    ],
    [
      'March → February (28 days)',
      ['2026-02-28T15:00:00.000Z', '2026-03-31T15:00:00.000Z'],
      ['2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z'],
    ],
    [
      'a quarter',
      ['2025-12-31T15:00:00.000Z', '2026-03-31T15:00:00.000Z'],
      ['2025-09-30T15:00:00.000Z', '2025-12-31T15:00:00.000Z'],
    ],
    [
      'ten days (equal length)',
      ['2026-01-10T00:00:00.000Z', '2026-01-20T00:00:00.000Z'],
      ['2025-12-31T00:00:00.000Z', '2026-01-10T00:00:00.000Z'],
    ],
  ] as const)('previous of %s', (_n, [from, to], [pf, pt]) => {
    const prev = previousPeriod(p(from, to));
    expect([iso(prev.from), iso(prev.to)]).toEqual([pf, pt]);
  });

  it('counts whole months only when both ends are Tokyo month starts', () => {
    expect(wholeMonths(p('2025-12-31T15:00:00.000Z', '2026-03-31T15:00:00.000Z'))).toBe(3);
    expect(wholeMonths(p('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'))).toBeNull();
  });

  it('defaults to this Tokyo month, or the month `to` falls in', () => {
    const now = t('2026-01-31T16:00:00.000Z'); // 1 February 01:00 in Tokyo
    expect(thisMonth(now)).toEqual(p('2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z'));
    expect(resolvePeriod(undefined, undefined, now)).toEqual(thisMonth(now));
    expect(resolvePeriod(undefined, t('2026-01-31T15:00:00.000Z'), now)).toEqual(
      p('2025-12-31T15:00:00.000Z', '2026-01-31T15:00:00.000Z'),
    );
    expect(resolvePeriod(t('2026-01-10T00:00:00.000Z'), undefined, now)).toEqual(
      p('2026-01-10T00:00:00.000Z', '2026-02-28T15:00:00.000Z'),
    );
  });

  it.each([
    [10, 0, null],
    [10, 10, 0],
    [15, 10, 0.5],
    [5, 20, -0.75],
    [1, 3, -0.6667],
  ])('change %i against %i is %s', (n, prev, want) => {
    expect(change(n, prev)).toBe(want);
  });
});
