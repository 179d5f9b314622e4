/**
 * Virus detection status as in the seed: detections by channel over time (stacked
 * bars), the period's share by channel, and the share by virus family — each with
 * its help text and its numbers as a table.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { virusChannelShareChart, virusFamilyChart, virusOverTimeChart } from '../../charts/virus.js';
import { api } from '../api.js';
import { ChartFigure, useChartContext } from '../components/chart-figure.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { SectionProps } from './dashboard-items.js';

export function VirusSection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const texts = useTexts();
  const q = useData(
    (signal) => api.virus(tenant, period, period.bucket, { signal }),
    `${tenant}|${period.from}|${period.to}|${period.bucket}`,
  );

  const ctx = useChartContext(texts);
  const view = useMemo(() => {
    const v = q.data;
    if (!v) return null;
    const overTime = virusOverTimeChart(v, ctx);
    const byChannel = virusChannelShareChart(v, ctx);
    const byFamily = virusFamilyChart(v, ctx);
    const summary = (rows: (string | number)[][]) =>
      rows
        .filter((r) => Number(r[1]) > 0)
        .map((r) => `${r[0]} ${fmtNumber(Number(r[1]), lang)}`)
        .join('、');
    return {
      overTime,
      byChannel,
      byFamily,
      total: overTime.total,
      summaryChannels: summary(byChannel.table.rows),
      summaryFamilies: summary(byFamily.table.rows),
    };
  }, [q.data, lang, ctx]);

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
