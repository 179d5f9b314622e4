import { describe, expect, it } from 'vitest';
import { CASE_CATEGORIES, CASE_CHANNELS } from '../desk/model.js';
import { deskCategoryChart, deskChannelChart } from './desk.js';
import { ctxOf, DAYS_MS, DESK, EMPTY_VIRUS, MONTHS, TREND, VIRUS } from './fixtures.test-helper.js';
import { fmtBucket, fmtMonth } from './format.js';
import { itemsOverviewChart, monthsSideBySideChart } from './report.js';
import { allItemsTrendChart, itemTrendChart } from './trend.js';
import type { ChartSpec } from './types.js';
import { encryptedShareChart } from './usage.js';
import {
  virusChannelShareChart,
  virusCumulativeChart,
  virusFamilyChart,
  virusOverTimeChart,
} from './virus.js';

type Series = { name?: string; type: string; data: (number | { value: number; name?: string })[] };
const seriesOf = (s: ChartSpec) => s.option.series as Series[];
const pointValue = (d: number | { value: number }) => (typeof d === 'number' ? d : d.value);
const ja = ctxOf('ja');
const en = ctxOf('en');

describe('bucket and month labels', () => {
  it('days and months on the Japan calendar, the same for ISO text and epoch milliseconds', () => {
    expect(fmtBucket(TREND.buckets[0], 'day', 'ja')).toBe('4/1');
    expect(fmtBucket(DAYS_MS[0], 'day', 'ja')).toBe('4/1');
    expect(fmtBucket(DAYS_MS[0], 'day', 'en')).toBe('01/04');
    expect(fmtBucket(DAYS_MS[0], 'month', 'ja')).toBe('2026年4月');
    expect(fmtBucket(DAYS_MS[0], 'month', 'en')).toBe('Apr 2026');
    expect(fmtBucket('not a date', 'day', 'ja')).toBe('not a date');
  });
  it('a YYYY-MM month with or without its year; other text unchanged', () => {
    expect(fmtMonth('2026-04', 'ja')).toBe('2026年4月');
    expect(fmtMonth('2026-04', 'ja', false)).toBe('4月');
    expect(fmtMonth('2026-04', 'en')).toBe('Apr 2026');
    expect(fmtMonth('2026-04', 'en', false)).toBe('Apr');
    expect(fmtMonth('今月', 'ja')).toBe('今月');
  });
});

describe('item trend', () => {
  it('one bar per bucket; the table rows are the series data', () => {
    const s = itemTrendChart(TREND, 'recon', ja);
    expect(seriesOf(s)).toHaveLength(1);
    expect(seriesOf(s)[0]).toMatchObject({ type: 'bar', name: '外部からの偵察行為', data: [3, 0, 5] });
    expect(s.table.columns).toEqual(['日付', '外部からの偵察行為']);
    expect(s.table.rows).toEqual([
      ['4/1', 3],
      ['4/2', 0],
      ['4/3', 5],
    ]);
    expect(s.total).toBe(8);
  });
  it('in English', () => {
    const s = itemTrendChart(TREND, 'recon', en);
    expect(s.table.columns).toEqual(['Date', 'Reconnaissance']);
    expect(s.table.rows[0]).toEqual(['01/04', 3]);
  });
  it('an item without a series counts as zero; no buckets gives an empty chart', () => {
    expect(itemTrendChart(TREND, 'remote-access', ja).table.rows.map((r) => r[1])).toEqual([0, 0, 0]);
    const s = itemTrendChart({ bucket: 'day', buckets: [], series: {} }, 'recon', ja);
    expect(seriesOf(s)[0].data).toEqual([]);
    expect(s.table.rows).toEqual([]);
    expect(s.total).toBe(0);
  });
});

describe('all items trend', () => {
  it('a line per item with any count; the table lists every item and a total per bucket', () => {
    const s = allItemsTrendChart(TREND, ja, ['recon', 'virus', 'spam']);
    expect(seriesOf(s).map((x) => x.name)).toEqual(['外部からの偵察行為', 'ウイルス']);
    expect(s.table.columns).toEqual(['日付', '外部からの偵察行為', 'ウイルス', 'スパムメール', '合計']);
    expect(s.table.rows).toEqual([
      ['4/1', 3, 1, 0, 4],
      ['4/2', 0, 2, 0, 2],
      ['4/3', 5, 0, 0, 5],
    ]);
    for (const [k, series] of seriesOf(s).entries())
      expect(series.data).toEqual(s.table.rows.map((r) => r[k + 1]));
    expect(s.total).toBe(11);
  });
  it('nothing counted: zero series, no crash', () => {
    const s = allItemsTrendChart({ bucket: 'day', buckets: DAYS_MS, series: {} }, en);
    expect(seriesOf(s)).toEqual([]);
    expect(s.table.rows).toHaveLength(3);
    expect(s.table.columns[0]).toBe('Date');
    expect(s.total).toBe(0);
  });
});

describe('virus charts', () => {
  it('over time: stacked bars per channel, "other" only when used; table = series, plus total', () => {
    const s = virusOverTimeChart(VIRUS, ja);
    expect(seriesOf(s).map((x) => x.name)).toEqual([
      'メール送信',
      'メール受信',
      'ウェブアクセス',
      'FTPアクセス',
    ]);
    expect(seriesOf(s).every((x) => (x as { stack?: string }).stack === 'virus')).toBe(true);
    for (const [k, series] of seriesOf(s).entries())
      expect(series.data).toEqual(s.table.rows.map((r) => r[k + 1]));
    expect(s.table.rows.map((r) => r.at(-1))).toEqual([3, 2, 2]);
    expect(s.table.columns.at(-1)).toBe('合計');
    expect(s.total).toBe(7);
    const withOther = virusOverTimeChart(
      {
        ...VIRUS,
        byChannel: { ...VIRUS.byChannel, other: 1 },
        byChannelOverTime: { ...VIRUS.byChannelOverTime, other: [1, 0, 0] },
      },
      en,
    );
    expect(seriesOf(withOther).map((x) => x.name)).toContain('Other');
  });
  it('cumulative: running totals per channel, computed when the view lacks them', () => {
    const given = virusCumulativeChart(VIRUS, en);
    const { byChannelCumulative: _, ...withoutCumulative } = VIRUS;
    const computed = virusCumulativeChart(withoutCumulative, en);
    expect(computed.table).toEqual(given.table);
    expect(seriesOf(given)[1]).toMatchObject({ type: 'line', name: 'Mail received', data: [2, 2, 3] });
    expect(given.table.rows.at(-1)).toEqual(['03/04', 1, 3, 3, 0, 7]);
    expect(given.total).toBe(7);
  });
  it('share by channel: a slice per channel with detections, every channel in the table with its share', () => {
    const s = virusChannelShareChart(VIRUS, ja);
    const pie = seriesOf(s)[0];
    expect(pie.type).toBe('pie');
    expect(pie.data.map((d) => (d as { name: string }).name)).toEqual([
      'メール送信',
      'メール受信',
      'ウェブアクセス',
    ]);
    expect(s.table.columns).toEqual(['通信内容', '累計', '割合']);
    expect(s.table.rows).toEqual([
      ['メール送信', 1, '14.3%'],
      ['メール受信', 3, '42.9%'],
      ['ウェブアクセス', 3, '42.9%'],
      ['FTPアクセス', 0, '0%'],
    ]);
    for (const d of pie.data as { name: string; value: number }[])
      expect(s.table.rows.find((r) => r[0] === d.name)?.[1]).toBe(d.value);
  });
  it('families: pie by default, bars on request; unknown family named plainly', () => {
    const pie = virusFamilyChart(VIRUS, en);
    expect(pie.table.rows).toEqual([
      ['Emotet', 4, '57.1%'],
      ['Unknown family', 3, '42.9%'],
    ]);
    const bar = virusFamilyChart(VIRUS, ja, { kind: 'bar' });
    expect(seriesOf(bar)[0]).toMatchObject({ type: 'bar', data: [4, 3] });
    expect((bar.option.yAxis as { data: string[] }).data).toEqual(['Emotet', '種類不明']);
    expect(bar.total).toBe(7);
  });
  it('no detections: empty pies and zero rows, no crash', () => {
    expect(seriesOf(virusChannelShareChart(EMPTY_VIRUS, ja))[0].data).toEqual([]);
    expect(virusChannelShareChart(EMPTY_VIRUS, ja).table.rows.map((r) => r[2])).toEqual(['–', '–', '–', '–']);
    expect(virusFamilyChart(EMPTY_VIRUS, ja).table.rows).toEqual([]);
    expect(virusOverTimeChart(EMPTY_VIRUS, ja).total).toBe(0);
    expect(virusCumulativeChart(EMPTY_VIRUS, ja).table.rows).toEqual([]);
  });
});

describe('encrypted share', () => {
  it('two slices summing to 100, the shares in the table', () => {
    const s = encryptedShareChart(0.734, ja);
    expect(seriesOf(s)[0].data.map(pointValue)).toEqual([73.4, 26.6]);
    expect(s.table).toEqual({
      columns: ['通信', '割合'],
      rows: [
        ['暗号化された通信（中身は見えません）', '73.4%'],
        ['暗号化されていない通信', '26.6%'],
      ],
    });
    expect(encryptedShareChart(Number.NaN, en).table.rows[0]).toEqual(['Encrypted (content not seen)', '0%']);
  });
});

describe('desk statistics', () => {
  it('every category in the desk order, first on top of the bars', () => {
    const s = deskCategoryChart(DESK, ja);
    expect(s.table.rows).toHaveLength(CASE_CATEGORIES.length);
    expect(s.table.rows.map((r) => r[0])).toEqual(CASE_CATEGORIES.map((c) => `ja:cat:${c}`));
    expect(seriesOf(s)[0].data).toEqual(s.table.rows.map((r) => r[1]).reverse());
    expect(s.table.columns).toEqual(['分類', '件数']);
    expect(s.total).toBe(5);
  });
  it('channels as a doughnut of the used ones', () => {
    const s = deskChannelChart(DESK, en);
    expect(s.table.rows.map((r) => r[0])).toEqual(CASE_CHANNELS.map((c) => `en:ch:${c}`));
    expect(seriesOf(s)[0].data).toEqual([
      { name: 'en:ch:phone', value: 4 },
      { name: 'en:ch:mail', value: 1 },
    ]);
    expect(s.table.columns).toEqual(['Received by', 'Count']);
  });
  it('no consultations: zero rows, empty doughnut', () => {
    const none = { total: 0, byCategory: {}, byChannel: {} };
    expect(deskCategoryChart(none, ja).total).toBe(0);
    expect(seriesOf(deskChannelChart(none, ja))[0].data).toEqual([]);
  });
});

describe('months side by side', () => {
  it('one panel per item with its own axes; the latest month stands out; table = item × month', () => {
    const s = monthsSideBySideChart(MONTHS, ja);
    const series = seriesOf(s);
    expect(series).toHaveLength(3);
    expect((s.option.grid as unknown[]).length).toBe(3);
    expect(series.map((x) => x.name)).toEqual(['外部からの偵察行為', 'ウイルス', 'スパムメール']);
    expect(s.table.columns).toEqual([
      '監視項目',
      '2025年10月',
      '2025年11月',
      '2025年12月',
      '2026年1月',
      '2026年2月',
      '2026年3月',
      '2026年4月',
    ]);
    for (const [k, x] of series.entries()) expect(x.data.map(pointValue)).toEqual(s.table.rows[k].slice(1));
    const bars = series[0].data as unknown as { itemStyle: { opacity?: number } }[];
    expect(bars.at(-1)?.itemStyle.opacity).toBeUndefined();
    expect(bars[0].itemStyle.opacity).toBeLessThan(1);
    expect((s.option.xAxis as { data: string[] }[])[0].data[0]).toBe('10月');
    expect(s.total).toBe(MONTHS.items.flatMap((i) => i.counts).reduce((a, b) => a + b, 0));
  });
  it('grouped layout in English: one axis, a series per item', () => {
    const s = monthsSideBySideChart(MONTHS, en, { layout: 'grouped' });
    expect((s.option.xAxis as { data: string[] }).data[6]).toBe('Apr 2026');
    expect(seriesOf(s).map((x) => x.name)).toEqual(['Reconnaissance', 'Viruses', 'Spam']);
    expect(s.table.columns[0]).toBe('Item');
  });
  it('short counts are padded with zeros; no items gives zero series', () => {
    const s = monthsSideBySideChart(
      { months: ['2026-03', '2026-04'], items: [{ item: 'virus', counts: [2] }] },
      ja,
    );
    expect(s.table.rows).toEqual([['ウイルス', 2, 0]]);
    const none = monthsSideBySideChart({ months: MONTHS.months, items: [] }, ja);
    expect(seriesOf(none)).toEqual([]);
    expect(none.table.rows).toEqual([]);
  });
});

describe('items overview', () => {
  it('horizontal bars in the given order, first on top; the table holds the same counts', () => {
    const items = [
      { item: 'recon', count: 130 },
      { item: 'virus', count: 1 },
      { item: 'spam', count: 2980 },
    ];
    const s = itemsOverviewChart({ items }, ja);
    expect((s.option.yAxis as { inverse: boolean; data: string[] }).inverse).toBe(true);
    expect((s.option.yAxis as { data: string[] }).data).toEqual([
      '外部からの偵察行為',
      'ウイルス',
      'スパムメール',
    ]);
    expect(seriesOf(s)[0].data).toEqual(s.table.rows.map((r) => r[1]));
    expect(s.table.columns).toEqual(['監視項目', '件数']);
    expect(itemsOverviewChart({ items }, en).table.columns).toEqual(['Item', 'Count']);
    expect(s.total).toBe(3111);
    expect(seriesOf(itemsOverviewChart({ items: [] }, ja))[0].data).toEqual([]);
  });
});

describe('options are plain data', () => {
  it('every builder option survives JSON (no functions, nothing the DOM would have to run)', () => {
    const specs = [
      itemTrendChart(TREND, 'recon', ja),
      allItemsTrendChart(TREND, ja),
      virusOverTimeChart(VIRUS, ja),
      virusCumulativeChart(VIRUS, ja),
      virusChannelShareChart(VIRUS, ja),
      virusFamilyChart(VIRUS, ja),
      virusFamilyChart(VIRUS, ja, { kind: 'bar' }),
      encryptedShareChart(0.5, ja),
      deskCategoryChart(DESK, ja),
      deskChannelChart(DESK, ja),
      monthsSideBySideChart(MONTHS, ja),
      itemsOverviewChart({ items: [{ item: 'recon', count: 1 }] }, ja),
    ];
    for (const s of specs) expect(JSON.parse(JSON.stringify(s.option))).toEqual(s.option);
  });
});
