/**
 * Virus detection status as in the seed: detections by channel over time (stacked
 * bars), the period's share by channel, and the share by virus family — each with
 * its help text and its numbers as a table.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, CHANNELS, type Channel } from '../api.js';
import { PALETTE } from '../components/chart.js';
import { ChartFigure } from '../components/chart-figure.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtBucket, fmtNumber, fmtPercent } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { SectionProps } from './dashboard-items.js';

const channelColor = (c: Channel) => PALETTE[CHANNELS.indexOf(c) % PALETTE.length];

function pieOption(all: { name: string; value: number; itemStyle?: { color: string } }[]) {
  // Empty slices only clutter the labels; the table below still lists them with 0.
  const data = all.filter((d) => d.value > 0);
  return {
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b}\n{d}%' },
        data,
      },
    ],
  };
}

export function VirusSection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const texts = useTexts();
  const q = useData(
    (signal) => api.virus(tenant, period, period.bucket, { signal }),
    `${tenant}|${period.from}|${period.to}|${period.bucket}`,
  );

  const view = useMemo(() => {
    const v = q.data;
    if (!v) return null;
    const chName = (c: Channel) => texts.channelName(c);
    const famName = (f: string) => (f === 'unknown' || !f ? t('virus.unknownFamily') : f);
    // "other" only when something came that way: the seed's four channels are always shown.
    const channels = CHANNELS.filter((c) => c !== 'other' || (v.byChannel.other ?? 0) > 0);
    const labels = v.buckets.map((b) => fmtBucket(b, v.bucket, lang));
    const total = channels.reduce((n, c) => n + (v.byChannel[c] ?? 0), 0);
    const familyTotal = v.byFamily.reduce((n, f) => n + f.n, 0);
    const share = (n: number, of: number) => (of > 0 ? `${fmtPercent(n / of, lang, 1)}%` : '–');

    const overTime = {
      option: {
        grid: { left: 48, right: 16, top: 16, bottom: 64 },
        legend: { bottom: 0 },
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', minInterval: 1 },
        series: channels.map((c) => ({
          type: 'bar',
          stack: 'virus',
          name: chName(c),
          itemStyle: { color: channelColor(c) },
          data: v.byChannelOverTime[c] ?? labels.map(() => 0),
        })),
      },
      table: {
        columns: [t('dashboard.date'), ...channels.map(chName), t('dashboard.total')],
        rows: labels.map((l, i) => {
          const vals = channels.map((c) => v.byChannelOverTime[c]?.[i] ?? 0);
          return [l, ...vals, vals.reduce((a, b) => a + b, 0)];
        }),
      },
    };
    const byChannel = {
      option: pieOption(
        channels.map((c) => ({
          name: chName(c),
          value: v.byChannel[c] ?? 0,
          itemStyle: { color: channelColor(c) },
        })),
      ),
      table: {
        columns: [t('virus.channel'), t('virus.cumulative'), t('virus.share')],
        rows: channels.map((c) => [chName(c), v.byChannel[c] ?? 0, share(v.byChannel[c] ?? 0, total)]),
      },
    };
    const byFamily = {
      option: pieOption(v.byFamily.map((f) => ({ name: famName(f.family), value: f.n }))),
      table: {
        columns: [t('virus.family'), t('virus.cumulative'), t('virus.share')],
        rows: v.byFamily.map((f) => [famName(f.family), f.n, share(f.n, familyTotal)]),
      },
    };
    const summary = (rows: (string | number)[][]) =>
      rows
        .filter((r) => Number(r[1]) > 0)
        .map((r) => `${r[0]} ${fmtNumber(Number(r[1]), lang)}`)
        .join('、');
    return {
      overTime,
      byChannel,
      byFamily,
      total,
      summaryChannels: summary(byChannel.table.rows),
      summaryFamilies: summary(byFamily.table.rows),
    };
  }, [q.data, lang, t, texts]);

  return (
    <section id="virus" className="section" aria-labelledby="virus-title">
      <h2 id="virus-title">{t('virus.title')}</h2>
      <aside className="helpbox" aria-label={t('virus.helpTitle')}>
        <p>{t('virus.help')}</p>
      </aside>
      {q.error ? <ErrorMessage error={q.error} onRetry={q.reload} /> : null}
      {!view && q.loading ? <Loading /> : null}
      {view ? (
        <div className="figure-grid" aria-busy={q.loading}>
          <div className="span-2">
            <ChartFigure
              title={t('virus.overTime')}
              help={t('virus.overTimeHelp')}
              option={view.overTime.option}
              label={`${t('virus.overTime')}: ${t('dashboard.total')} ${fmtNumber(view.total, lang)}${view.summaryChannels ? ` (${view.summaryChannels})` : ''}`}
              table={view.overTime.table}
              empty={view.total === 0 ? t('virus.noVirus') : null}
            />
          </div>
          <ChartFigure
            title={t('virus.byChannel')}
            help={t('virus.byChannelHelp')}
            option={view.byChannel.option}
            label={`${t('virus.byChannel')}: ${view.summaryChannels || t('virus.noVirus')}`}
            table={view.byChannel.table}
            height={300}
            empty={view.total === 0 ? t('virus.noVirus') : null}
          />
          <ChartFigure
            title={t('virus.byFamily')}
            help={t('virus.byFamilyHelp')}
            option={view.byFamily.option}
            label={`${t('virus.byFamily')}: ${view.summaryFamilies || t('virus.noVirus')}`}
            table={view.byFamily.table}
            height={300}
            empty={view.total === 0 ? t('virus.noVirus') : null}
          />
        </div>
      ) : null}
    </section>
  );
}
