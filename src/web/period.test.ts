import { describe, expect, it } from 'vitest';
import { choiceFromSearch, jstLocalToIso, resolvePeriod } from './period.js';

// 2026-11-29 02:00 UTC = Sunday 2026-11-29 11:00 in Japan
const NOW = Date.parse('2026-11-29T02:00:00Z');

describe('periods on the Japan calendar', () => {
  it('this week runs Monday 00:00 JST to the next Monday', () => {
    const p = resolvePeriod({ kind: 'week' }, NOW);
    expect(p.from).toBe('2026-11-22T15:00:00.000Z');
    expect(p.to).toBe('2026-11-29T15:00:00.000Z');
    expect([p.fromDate, p.toDate]).toEqual(['2026-11-23', '2026-11-29']);
    expect(p.bucket).toBe('day');
  });

  it('this month follows the Japanese date, not the UTC one', () => {
    // 2026-11-30 16:00 UTC is already 1 December in Japan
    const p = resolvePeriod({ kind: 'month' }, Date.parse('2026-11-30T16:00:00Z'));
    expect(p.from).toBe('2026-11-30T15:00:00.000Z');
    expect(p.to).toBe('2026-12-31T15:00:00.000Z');
  });

  it('last 7 months: six whole months before this one and this one, by month', () => {
    const p = resolvePeriod({ kind: 'months7' }, NOW);
    expect(p.fromDate).toBe('2026-05-01');
    expect(p.toDate).toBe('2026-11-30');
    expect(p.bucket).toBe('month');
  });

  it('custom dates include the end date; a reversed range falls back to this month', () => {
    const p = resolvePeriod({ kind: 'custom', fromDate: '2026-09-01', toDate: '2026-10-15' }, NOW);
    expect(p.from).toBe('2026-08-31T15:00:00.000Z');
    expect(p.to).toBe('2026-10-15T15:00:00.000Z');
    const bad = resolvePeriod({ kind: 'custom', fromDate: '2026-10-15', toDate: '2026-09-01' }, NOW);
    expect(bad.fromDate).toBe('2026-11-01');
  });

  it('reads the period from the address and times typed in Japan time', () => {
    expect(choiceFromSearch(new URLSearchParams('period=week'))).toEqual({ kind: 'week' });
    expect(choiceFromSearch(new URLSearchParams('period=nonsense'))).toEqual({ kind: 'month' });
    expect(jstLocalToIso('2026-11-29T09:30')).toBe('2026-11-29T00:30:00.000Z');
    expect(jstLocalToIso('')).toBeUndefined();
  });
});
