/** The programme report PDF: the seed's headings and figures in the text, no company anywhere, pages saved. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/helpers/accounts.js';
import { HAS_POPPLER, pdfText, savePages } from '../../../test/helpers/poppler.js';
import { EVENTS, FROM, NOW, SECRETS, seedProgramme, TO } from './fixture.test-helper.js';
import { gatherProgrammeReport } from './gather.js';
import type { ProgrammeReportData } from './model.js';
import { renderProgrammeReport, seenOnPhrase } from './render.js';
import { programmeTexts } from './texts.js';

describe('programme report PDF', () => {
  let t: TestApp;
  let ja: ProgrammeReportData;
  let en: ProgrammeReportData;

  beforeAll(async () => {
    t = await openTestApp({ events: EVENTS, now: NOW });
    await seedProgramme(t);
    ja = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'ja', now: NOW });
    en = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'en', now: NOW });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says "seen on N of M" in the seed’s words', () => {
    const tx = programmeTexts('ja');
    expect(seenOnPhrase(tx, 20, 100)).toBe('全 100 台のUTMの1/5にあたる 20 台で検知');
    expect(seenOnPhrase(tx, 34, 100)).toBe('全 100 台のUTMの約1/3にあたる 34 台で検知');
    expect(seenOnPhrase(tx, 3, 4)).toBe('全 4 台のUTMのうち 3 台（75%）で検知');
    expect(seenOnPhrase(tx, 0, 4)).toBe('全 4 台のUTMで検知なし');
    expect(seenOnPhrase(programmeTexts('en'), 1, 4)).toBe('seen on 1 of all 4 UTMs (1/4)');
  });

  it('renders an A4 PDF with a page count', async () => {
    const { pdf, pages } = await renderProgrammeReport(ja, { createdAt: new Date(NOW) });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!HAS_POPPLER)(
    'has the Japanese headings, the period and the figures, and no company',
    async () => {
      const { pdf, pages } = await renderProgrammeReport(ja, { createdAt: new Date(NOW) });
      const text = pdfText(pdf);
      const flat = text.replace(/\s+/g, '');
      for (const s of [
        '事業全体の実証結果報告',
        '調査期間：2025/12/1～2026/1/31',
        'まとめ',
        '監視項目ごとの検知数',
        'モニタリング項目',
        '発生件数（合計）',
        '調査対象：UTM4台（3社）、調査期間：2025/12/1～2026/1/31',
        '受信メールに含まれるウイルス',
        '業務外のサービス利用',
        // online storage on 3 of the 4 UTMs that sent records
        'オンラインストレージの利用：全4台のUTMのうち3台（75%）で検知',
        '遠隔操作（リモートアクセス）ツールの利用：全4台のUTMの1/4にあたる1台で検知',
        '脅威シナリオ',
        'ランサムウェアによる被害',
        '標的型攻撃による被害',
        'wannacry1',
        // companies with any scenario at medium or high
        '注意が必要な会社',
        '窓口の対応',
        '相談の分類',
        '不審なメール',
        '55,000円',
        '集計の方法',
        '日本時間',
        `1/${pages}ページ`,
      ])
        expect(flat).toContain(s.replace(/\s+/g, ''));
      for (const s of SECRETS) expect(text).not.toContain(s);
      // (savePages lists by name prefix: pages left from an earlier, longer run may add to it)
      expect(savePages(pdf, 'programme-report').length).toBeGreaterThanOrEqual(pages);
    },
  );

  it.skipIf(!HAS_POPPLER)('renders in English', async () => {
    const { pdf, pages } = await renderProgrammeReport(en, { createdAt: new Date(NOW) });
    const text = pdfText(pdf);
    for (const s of [
      'Programme-wide results report',
      'Period: 1 Dec 2025 – 31 Jan 2026',
      'Detections per monitoring item',
      'Threat scenarios',
      'The support desk',
      'How the figures are counted',
    ])
      expect(text).toContain(s);
    for (const s of SECRETS) expect(text).not.toContain(s);
    savePages(pdf, 'programme-report-en');
    expect(pages).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!HAS_POPPLER)('renders a period without any record', async () => {
    const from = Date.parse('2025-05-31T15:00:00.000Z');
    const empty = await gatherProgrammeReport(t, { from, to: from + 30 * 86_400_000, lang: 'ja', now: NOW });
    const { pdf } = await renderProgrammeReport(empty, { createdAt: new Date(NOW) });
    expect(pdfText(pdf)).toContain('この期間に記録を送ったUTMはありません。');
  });
});
