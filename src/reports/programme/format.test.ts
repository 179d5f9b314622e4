import { describe, expect, it } from 'vitest';
import { fmtDay, fmtGuide, fmtMinutes, fmtMonth, fmtPercent, tokyoDay, unitFraction } from './format.js';

describe('programme report formats', () => {
  it('writes the seed’s unit fractions (20 of 100 = 1/5, 34 of 100 ≈ 1/3)', () => {
    expect(unitFraction(20, 100)).toEqual({ k: 5, exact: true });
    expect(unitFraction(22, 100)).toEqual({ k: 5, exact: false });
    expect(unitFraction(34, 100)).toEqual({ k: 3, exact: false });
    expect(unitFraction(27, 100)).toEqual({ k: 4, exact: false });
    expect(unitFraction(1, 2)).toEqual({ k: 2, exact: true });
    // no unit fraction near: a percentage is written instead
    for (const [n, m] of [
      [75, 100],
      [3, 100],
      [0, 10],
      [5, 0],
      [11, 10],
    ])
      expect(unitFraction(n, m)).toBeNull();
  });

  it('writes guides, shares, days, months and durations', () => {
    expect([fmtGuide(0), fmtGuide(0.0282), fmtGuide(13.96), fmtGuide(4.25), fmtGuide(1234.4)]).toEqual([
      '0',
      '0.028',
      '14',
      '4.3',
      '1,234',
    ]);
    expect([fmtPercent(0.2), fmtPercent(0.025), fmtPercent(1)]).toEqual(['20%', '2.5%', '100%']);
    // 15:00 UTC is already the next day in Tokyo
    expect(tokyoDay(Date.parse('2019-09-04T15:00:00Z'))).toBe('2019-09-05');
    expect([fmtDay('2019-09-05', 'ja'), fmtDay('2019-09-05', 'en')]).toEqual(['2019/9/5', '5 Sep 2019']);
    expect([fmtMonth('2019-12', 'ja'), fmtMonth('2019-12', 'en')]).toEqual(['2019年12月', 'Dec 2019']);
    expect([fmtMinutes(65, 'ja', '—'), fmtMinutes(60, 'en', '—'), fmtMinutes(null, 'ja', '—')]).toEqual([
      '1時間5分',
      '1 h',
      '—',
    ]);
  });
});
