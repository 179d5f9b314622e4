/** Japan months and percentiles of the desk statistics. */
import { describe, expect, it } from 'vitest';
import { monthOf, monthRange, percentile } from './stats.js';

describe('Japan months', () => {
  it('a month runs from Tokyo midnight to Tokyo midnight', () => {
    expect(monthRange('2026-03')).toEqual({
      from: Date.parse('2026-02-28T15:00:00Z'),
      to: Date.parse('2026-03-31T15:00:00Z'),
    });
    expect(monthRange('2026-12').to).toBe(Date.parse('2026-12-31T15:00:00Z'));
  });
  it('an instant belongs to its Tokyo month', () => {
    expect(monthOf(Date.parse('2026-02-28T14:59:59Z'))).toBe('2026-02');
    expect(monthOf(Date.parse('2026-02-28T15:00:00Z'))).toBe('2026-03');
  });
});

describe('percentile (nearest rank)', () => {
  it.each<[number[], number, number | null]>([
    [[], 50, null],
    [[7], 50, 7],
    [[7], 90, 7],
    [[10, 40], 50, 10],
    [[10, 40], 90, 40],
    [[5, 1, 4, 2, 3], 50, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('%j p%d → %j', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
