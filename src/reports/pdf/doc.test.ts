import { describe, expect, it } from 'vitest';
import { HAS_POPPLER, pdfText, savePages } from '../../../test/helpers/poppler.js';
import { renderChartSvg } from './chart-svg.js';
import { ReportPdf } from './doc.js';

async function sample(rows: number): Promise<{ pdf: Buffer; pages: number }> {
  const r = new ReportPdf({
    lang: 'ja',
    title: '診断レポート テスト',
    pageLabel: (n, t) => `${n} / ${t} ページ`,
  });
  r.cover({
    kicker: 'サイバーセキュリティお助け隊',
    title: '診断レポート',
    lines: ['さくら工業株式会社', '2026年10月'],
    facts: [['作成日', '2026年11月1日']],
  });
  r.section('まとめ');
  r.paragraph('この1か月、家の扉や窓を一つずつ試す人が 1,234 回来ましたが、UTM がすべて追い返しました。');
  r.keyFigures([
    { label: '攻撃のきざし', value: '1,234 件' },
    { label: 'ウイルス', value: '3 件', tone: 'warn' },
  ]);
  r.callout(
    'ウイルス付きのメールが届いています。添付ファイルを開かないでください。',
    'warn',
    '気をつけること',
  );
  r.bullets(['パソコンを最新にしましょう', 'パスワードを使い回さないでください']);
  const svg = renderChartSvg(
    {
      xAxis: { type: 'category', data: ['8月', '9月', '10月'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', name: 'ウイルス', data: [1, 2, 3] }],
    },
    { width: 500, height: 220 },
  );
  r.chart(svg, { width: 500, height: 220 });
  r.table(
    [
      { header: '項目', width: 3 },
      { header: '件数', align: 'right' },
    ],
    Array.from({ length: rows }, (_, i) => [`行 ${i + 1}`, i * 1000]),
  );
  return r.finish();
}

describe('ReportPdf', () => {
  it('produces an A4 PDF with the embedded font and page numbers', async () => {
    const { pdf, pages } = await sample(5);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages).toBe(2);
    // the Japanese font is embedded (subset), not referenced
    expect(pdf.toString('latin1')).toMatch(/FontFile2/);
    // A4 in points
    expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it('breaks a long table across pages', async () => {
    const { pages } = await sample(120);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!HAS_POPPLER)('has extractable Japanese text, headings and page numbers', async () => {
    const { pdf, pages } = await sample(120);
    const text = pdfText(pdf);
    for (const s of [
      '診断レポート',
      'さくら工業株式会社',
      'まとめ',
      '気をつけること',
      '行 120',
      `1 / ${pages} ページ`,
      `${pages} / ${pages} ページ`,
    ])
      expect(text).toContain(s);
    expect(savePages(pdf, 'pdf-kit').length).toBe(pages);
  });
});
