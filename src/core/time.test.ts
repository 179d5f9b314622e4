import { describe, expect, it } from 'vitest';
import { isValidZone, localToEpochMs, parseDateTime } from './time.js';

describe('time', () => {
  it('converts device-local time to UTC (JST default, DST zones too)', () => {
    expect(new Date(localToEpochMs(2026, 1, 15, 9, 0, 0, 0, 'Asia/Tokyo')).toISOString()).toBe(
      '2026-01-15T00:00:00.000Z',
    );
    expect(new Date(localToEpochMs(2026, 7, 1, 12, 0, 0, 0, 'Europe/Berlin')).toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
    expect(new Date(localToEpochMs(2026, 1, 1, 12, 0, 0, 0, 'Europe/Berlin')).toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
  });
  it('rejects impossible dates', () => {
    expect(localToEpochMs(2026, 2, 29, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(localToEpochMs(2024, 2, 29, 0, 0, 0, 0, 'UTC')).not.toBeNaN();
    expect(localToEpochMs(2026, 13, 1, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(parseDateTime('2026-01-01 25:00:00', 'UTC')).toBeNaN();
  });
  it('parses ISO forms with and without zone', () => {
    expect(parseDateTime('2026-01-15T10:00:00.123+09:00', 'UTC')).toBe(Date.UTC(2026, 0, 15, 1, 0, 0, 123));
    expect(parseDateTime('2026/01/15 10:00:00', 'Asia/Tokyo')).toBe(Date.UTC(2026, 0, 15, 1));
    expect(parseDateTime('2026-01-15T10:00:00Z', 'Asia/Tokyo')).toBe(Date.UTC(2026, 0, 15, 10));
  });
  it('knows zones', () => {
    expect(isValidZone('Asia/Tokyo')).toBe(true);
    expect(isValidZone('Mars/Base')).toBe(false);
  });
});

describe('isoOrNull', () => {
  it('formats like toISOString, also for fractional and out-of-order times', async () => {
    const { isoOrNull } = await import('./time.js');
    for (const ms of [0, 1_768_435_200_123.9, 1_768_435_200_005, 1_768_435_199_999, 1_768_435_200_050]) {
      expect(isoOrNull(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    }
    expect(isoOrNull(Number.NaN)).toBeNull();
  });
});
