import { describe, expect, it } from 'vitest';
import {
  alertTitle,
  asciiDigits,
  fmtBytes,
  fmtMinutes,
  fmtYen,
  isoToJstLocal,
  jstLocalToMs,
  pickLang,
} from './desk-format.js';

describe('Japan-time inputs of the desk forms', () => {
  it('a datetime-local value is Japan time, sent as epoch ms', () => {
    expect(jstLocalToMs('2026-04-01T09:30')).toBe(Date.parse('2026-04-01T00:30:00Z'));
    // the day before in UTC
    expect(jstLocalToMs('2026-04-01T08:00')).toBe(Date.parse('2026-03-31T23:00:00Z'));
    expect(jstLocalToMs('')).toBeUndefined();
    expect(jstLocalToMs('2026-04-01')).toBeUndefined();
  });

  it('an ISO answer shows as the Japan-time value of the same input, and back', () => {
    expect(isoToJstLocal('2026-03-31T23:00:00.000Z')).toBe('2026-04-01T08:00');
    expect(isoToJstLocal(null)).toBe('');
    expect(isoToJstLocal('not a time')).toBe('');
    const v = isoToJstLocal('2026-12-31T15:05:00Z');
    expect(v).toBe('2027-01-01T00:05');
    expect(jstLocalToMs(v)).toBe(Date.parse('2026-12-31T15:05:00Z'));
  });
});

describe('numbers as people read them', () => {
  it.each([
    [0, 'ja', '0分'],
    [59, 'ja', '59分'],
    [125, 'ja', '2時間5分'],
    [125, 'en', '2 h 5 min'],
    [null, 'ja', '–'],
  ] as const)('%s minutes (%s) → %s', (n, lang, out) => {
    expect(fmtMinutes(n, lang)).toBe(out);
  });

  it('yen and file sizes', () => {
    expect(fmtYen(1234567, 'ja')).toBe('1,234,567 円');
    expect(fmtYen(1234567, 'en')).toBe('¥1,234,567');
    expect(fmtYen(null, 'ja')).toBe('–');
    expect(fmtBytes(10 * 1024 * 1024, 'ja')).toBe('10 MB');
    expect(fmtBytes(1536, 'en')).toBe('1.5 KB');
    expect(fmtBytes(38, 'en')).toBe('38 B');
  });
});

describe('what a Japanese IME types', () => {
  it.each([
    ['０４３－０００－００００', '043-000-0000'],
    ['043ー000ー0000', '043-000-0000'],
    ['（043）000‐0000', '(043)000-0000'],
    [' 1,000,000 ', '1,000,000'],
  ])('%s → %s', (typed, ascii) => {
    expect(asciiDigits(typed)).toBe(ascii);
  });
});

describe('texts in the page language', () => {
  it('alert titles and {ja, en} pairs fall back to the other language', () => {
    expect(alertTitle({ title: 'C&C traffic', titleJa: '指令サーバーへの通信' }, 'ja')).toBe(
      '指令サーバーへの通信',
    );
    expect(alertTitle({ title: 'C&C traffic', titleJa: '指令サーバーへの通信' }, 'en')).toBe('C&C traffic');
    expect(alertTitle({ title: 'C&C traffic', titleJa: '' }, 'ja')).toBe('C&C traffic');
    expect(pickLang({ ja: '隔離', en: '' }, 'en')).toBe('隔離');
    expect(pickLang(undefined, 'ja')).toBe('');
  });
});
