/** The export page rendered on the server (no browser): texts, choices and the download link. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { setLang } from '../i18n/index.js';
import { ProgrammeExportPage } from './programme-export.js';

// the i18n setup sets <html lang>: a stand-in document for rendering without a browser
vi.hoisted(() => {
  const g = globalThis as { document?: unknown };
  g.document ??= { documentElement: {} };
});

function render(search: string): string {
  return renderToStaticMarkup(
    createElement(
      MemoryRouter,
      { initialEntries: [`/programme/export${search}`] },
      createElement(ProgrammeExportPage),
    ),
  );
}

describe('programme export page', () => {
  it('says in Japanese what is removed and kept, and links the download for the period shown', () => {
    setLang('ja');
    const html = render('?period=custom&from=2026-01-01&to=2026-01-31');
    expect(html).toContain('事業事務局向けデータ出力（匿名化）');
    expect(html).toContain('取り除くもの');
    expect(html).toContain('メールアドレス');
    expect(html).toContain('そのまま残すもの');
    const href = /href="(\/api\/programme\/export\?[^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const q = new URLSearchParams((href as string).split('?')[1]);
    // the defaults: counts per month, CSV, k = 5
    expect(Object.fromEntries(q)).toMatchObject({
      level: 'aggregate',
      format: 'csv',
      k: '5',
      bucket: 'month',
    });
    // January in Japan: from midnight on the 1st to midnight after the 31st
    expect([q.get('from'), q.get('to')]).toEqual(['2025-12-31T15:00:00.000Z', '2026-01-31T15:00:00.000Z']);
  });

  it('has the English texts too', () => {
    setLang('en');
    const html = render('');
    expect(html).toContain('Anonymised export for the programme office');
    expect(html).toContain('E-mail addresses');
    setLang('ja');
  });
});
