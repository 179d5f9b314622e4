/** The report's text catalog (ja and en alike) and its date, period and number formats. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../core/paths.js';
import { tokyoMidnight } from '../../portal/period.js';
import { fmtNumber, fmtPct, parseReportTexts, ReportTextsError, reportTexts } from './texts.js';

const file = (): Record<string, Record<string, unknown>> =>
  JSON.parse(readFileSync(contentDir('reports', 'company.json'), 'utf8'));

function problems(json: unknown): string[] {
  try {
    parseReportTexts(json);
    return [];
  } catch (e) {
    if (e instanceof ReportTextsError) return e.problems;
    throw e;
  }
}

describe('content/reports/company.json', () => {
  it('has the same keys and placeholders in Japanese and English', () => {
    expect(problems(file())).toEqual([]);
  });

  it('lists every difference with its key', () => {
    const f = file();
    (f.en.sections as Record<string, string>).summary = 'Summary {extra}';
    delete (f.ja.sections as Record<string, string>).closing;
    (f.en.closing as Record<string, unknown>).urgent = 'not a list';
    (f.ja.cover as Record<string, string>).note = ' ';
    expect(problems(f).sort()).toEqual(
      [
        'closing.urgent: a list in one language only',
        'cover.note: empty',
        'ja.sections.closing: missing (present in en)',
        'sections.summary: placeholders differ (ja {}, en {extra})',
      ].sort(),
    );
    expect(problems({ ja: {} })).toContain('en: missing');
  });

  it('writes its Japanese sentences in です・ます', () => {
    const ja = parseReportTexts(file()).ja;
    for (const k of ['summary.quiet', 'summary.noData', 'virus.none', 'closing.intro', 'items.intro'])
      expect(String(ja.get(k)), k).toMatch(/(です|ます|ください)。/);
  });
});

describe('reportTexts', () => {
  const ja = reportTexts('ja');
  const en = reportTexts('en');
  const march = { from: tokyoMidnight(2026, 3), to: tokyoMidnight(2026, 4) };

  it('fills placeholders and formats numbers', () => {
    expect(ja.t('pageLabel', { n: 2, total: 14 })).toBe('2 / 14 ページ');
    expect(en.t('pageLabel', { n: 2, total: 14 })).toBe('Page 2 of 14');
    expect(ja.t('summary.figures.count', { n: 12345 })).toBe('12,345 件');
    expect(fmtNumber(1234567)).toBe('1,234,567');
    expect(fmtPct(0.256)).toBe('26');
    expect(fmtPct(0.004)).toBe('0.4');
    expect(ja.list('closing.urgent')).toHaveLength(4);
    expect(() => ja.t('no.such.key')).toThrow(/ja\.no\.such\.key/);
  });

  it('writes periods on the Tokyo calendar: a whole month as the month', () => {
    expect(ja.period(march)).toBe('2026年3月');
    expect(en.period(march)).toBe('March 2026');
    const part = { from: tokyoMidnight(2026, 3, 1), to: tokyoMidnight(2026, 3, 16) };
    expect(ja.period(part)).toBe('2026年3月1日～2026年3月15日');
    expect(en.period(part)).toBe('1 March 2026 – 15 March 2026');
    // two whole months are not "one month"
    expect(ja.period({ from: tokyoMidnight(2026, 2), to: tokyoMidnight(2026, 4) })).toBe(
      '2026年2月1日～2026年3月31日',
    );
  });

  it('formats dates and times in Japan time', () => {
    const t = Date.parse('2026-03-03T15:30:00Z'); // 4 March 00:30 in Tokyo
    expect(ja.date(t, 'day')).toBe('2026年3月4日');
    expect(ja.date(t, 'dateTime')).toBe('3月4日 00:30');
    expect(en.date(t, 'dayTime')).toBe('4 Mar 2026 00:30');
    expect(ja.date(t, 'monthYearShort')).toBe('26年3月');
  });
});
