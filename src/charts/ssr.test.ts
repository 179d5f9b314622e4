import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { deskCategoryChart, deskChannelChart } from './desk.js';
import { ctxOf, DESK, MONTHS, TREND, VIRUS } from './fixtures.test-helper.js';
import { forPrint } from './print.js';
import { itemsOverviewChart, monthsSideBySideChart } from './report.js';
import { withTheme } from './theme.js';
import { allItemsTrendChart, itemTrendChart } from './trend.js';
import type { ChartLang, ChartOption, ChartSpec } from './types.js';
import { encryptedShareChart } from './usage.js';
import {
  virusChannelShareChart,
  virusCumulativeChart,
  virusFamilyChart,
  virusOverTimeChart,
} from './virus.js';

// The PDF's figure size in pt (1 SVG px = 1 pt when placed).
const SIZE = { width: 500, height: 240 };

function renderSvg(option: ChartOption, size = SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const decodeEntities = (svg: string) =>
  svg
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1]));

/** Each builder with the texts its SVG must show: series names (legend, titles, slices) and axis labels. */
function cases(lang: ChartLang): [string, ChartSpec, string[]][] {
  const ctx = ctxOf(lang);
  const name = ctx.labels.itemName;
  const ch = ctx.labels.channelName;
  return [
    [
      'item trend',
      itemTrendChart(TREND, 'recon', ctx),
      [...itemTrendChart(TREND, 'recon', ctx).table.rows.map((r) => String(r[0]))],
    ],
    ['all items trend', allItemsTrendChart(TREND, ctx), [name('recon'), name('virus')]],
    [
      'virus over time',
      virusOverTimeChart(VIRUS, ctx),
      [ch('mail-send'), ch('mail-receive'), ch('web'), ch('ftp')],
    ],
    [
      'virus cumulative',
      virusCumulativeChart(VIRUS, ctx),
      [ch('mail-send'), ch('mail-receive'), ch('web'), ch('ftp')],
    ],
    [
      'virus by channel',
      virusChannelShareChart(VIRUS, ctx),
      [ch('mail-send'), ch('mail-receive'), ch('web')],
    ],
    ['virus by family (pie)', virusFamilyChart(VIRUS, ctx), ['Emotet', ctx.labels.unknownFamily]],
    [
      'virus by family (bars)',
      virusFamilyChart(VIRUS, ctx, { kind: 'bar' }),
      ['Emotet', ctx.labels.unknownFamily, '4', '3'],
    ],
    [
      'encrypted share',
      encryptedShareChart(0.7, ctx),
      [ctx.labels.encryptedPart, ctx.labels.plainPart, '70%'],
    ],
    ['desk by category', deskCategoryChart(DESK, ctx), [ctx.labels.deskCategoryName('virus')]],
    [
      'desk by channel',
      deskChannelChart(DESK, ctx),
      [ctx.labels.deskChannelName('phone'), ctx.labels.deskChannelName('mail')],
    ],
    [
      'months side by side',
      monthsSideBySideChart(MONTHS, ctx),
      [name('virus'), name('spam'), lang === 'ja' ? '4月' : 'Apr'],
    ],
    [
      'months grouped',
      monthsSideBySideChart(MONTHS, ctx, { layout: 'grouped' }),
      [name('recon'), name('spam'), lang === 'ja' ? '2026年4月' : 'Apr 2026'],
    ],
    [
      'items overview',
      itemsOverviewChart({ items: MONTHS.items.map((i) => ({ item: i.item, count: i.counts[6] })) }, ctx),
      [name('recon'), name('virus'), name('spam'), '130', '2980'],
    ],
  ];
}

describe('the same definitions render server-side (ECharts SSR, SVG)', () => {
  for (const lang of ['ja', 'en'] as const)
    for (const [title, spec, expected] of cases(lang)) {
      it(`${title} (${lang}): the SVG shows its series and labels, on screen and in print size`, () => {
        const screen = withTheme(spec.option, { animation: false });
        const print = forPrint(withTheme(spec.option, { animation: false }), { fontFamily: 'Noto Sans JP' });
        for (const option of [screen, print]) {
          const svg = renderSvg(option);
          expect(svg.startsWith('<svg')).toBe(true);
          const shown = texts(svg).join('\n');
          for (const e of expected) expect(shown, `${title}: ${e}`).toContain(e);
          // Print size: the text drawn is small enough for a 500×240 pt figure.
          if (option === print) {
            expect(svg).toContain('font-family:Noto Sans JP');
            // PDF converters ignore paint-order: a label halo would be drawn over its text.
            expect(svg).not.toContain('paint-order');
            const sizes = [...svg.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
            expect(Math.max(...sizes)).toBeLessThanOrEqual(9);
          }
        }
      });
    }

  it('an empty chart renders too (no data is not an error)', () => {
    const ctx = ctxOf('ja');
    const empty = [
      itemTrendChart({ bucket: 'day', buckets: [], series: {} }, 'recon', ctx),
      allItemsTrendChart({ bucket: 'day', buckets: [], series: {} }, ctx),
      virusChannelShareChart(
        { bucket: 'day', buckets: [], byChannelOverTime: {}, byChannel: {}, byFamily: [] },
        ctx,
      ),
      monthsSideBySideChart({ months: [], items: [] }, ctx),
      itemsOverviewChart({ items: [] }, ctx),
    ];
    for (const s of empty)
      expect(renderSvg(forPrint(withTheme(s.option, { animation: false })))).toMatch(/^<svg/);
  });

  it('forPrint leaves the portal option unchanged', () => {
    const spec = virusOverTimeChart(VIRUS, ctxOf('ja'));
    const before = JSON.stringify(spec.option);
    forPrint(spec.option);
    expect(JSON.stringify(spec.option)).toBe(before);
  });
});
