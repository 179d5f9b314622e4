/** The ten monitoring-item cards (count, change, plain explanation, what the UTM did) and their trend. */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { itemTrendChart } from '../../charts/trend.js';
import { api, ITEMS, type Item, type ItemCount } from '../api.js';
import { ChartFigure, useChartContext } from '../components/chart-figure.js';
import { DataStatus, ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtNumber, fmtPercent } from '../format.js';
import { currentLang } from '../i18n/index.js';
import type { ResolvedPeriod } from '../period.js';
import { useData } from '../use-data.js';

export interface SectionProps {
  tenant: string;
  period: ResolvedPeriod;
}

function Change({ it }: { it: ItemCount }) {
  const { t } = useTranslation();
  const lang = currentLang();
  let text: string;
  let cls = 'same';
  if (it.change === null || it.previousCount === 0) {
    text = it.count === 0 ? t('dashboard.changeSame') : t('dashboard.changeNew');
    if (it.count > 0) cls = 'up';
  } else if (it.count === it.previousCount) {
    text = t('dashboard.changeSame');
  } else {
    const ratio = it.change !== null ? it.change : (it.count - it.previousCount) / it.previousCount;
    const up = it.count > it.previousCount;
    cls = up ? 'up' : 'down';
    text = t(up ? 'dashboard.changeUp' : 'dashboard.changeDown', { pct: fmtPercent(Math.abs(ratio), lang) });
  }
  return (
    <p className={`change change-${cls}`}>
      <span aria-hidden="true">{cls === 'up' ? '▲ ' : cls === 'down' ? '▼ ' : '― '}</span>
      {text}
      {it.previousCount > 0 ? (
        <span className="muted"> ({t('dashboard.previous', { n: fmtNumber(it.previousCount, lang) })})</span>
      ) : null}
    </p>
  );
}

function ItemCard({ it, onShowEvents }: { it: ItemCount; onShowEvents?: (item: string) => void }) {
  const { t } = useTranslation();
  const texts = useTexts();
  const lang = currentLang();
  const id = useId();
  const actions = Object.entries(it.actions ?? {}).filter(([, n]) => n > 0);
  const state = it.count > 0 ? it.handled : 'none';
  return (
    <article className={`card item-card handled-${it.handled}`} aria-labelledby={id}>
      <h3 id={id}>{texts.itemName(it.item)}</h3>
      <p className="big-number">{t('dashboard.count', { n: fmtNumber(it.count, lang) })}</p>
      <Change it={it} />
      <p className="explain">{texts.itemExplain(it.item)}</p>
      <p className="handled">
        <strong>{t('dashboard.utmDid')}: </strong>
        {texts.itemHandled(it.item, state) ?? t(`dashboard.handled.${state}`)}
      </p>
      {actions.length > 0 ? (
        <p className="actions muted">
          {t('dashboard.actionsLabel')}:{' '}
          {actions.map(([a, n]) => `${texts.actionName(a)} ${fmtNumber(n, lang)}`).join(' / ')}
        </p>
      ) : null}
      {onShowEvents && it.count > 0 ? (
        <button
          type="button"
          className="link-button"
          aria-label={t('dashboard.showEventsOf', { item: texts.itemName(it.item) })}
          onClick={() => onShowEvents(it.item)}
        >
          {t('dashboard.showEvents')}
        </button>
      ) : null}
    </article>
  );
}

export function ItemsSection({
  tenant,
  period,
  onShowEvents,
}: SectionProps & { onShowEvents?: (item: string) => void }) {
  const { t } = useTranslation();
  const q = useData(
    (signal) => api.items(tenant, period, { signal }),
    `${tenant}|${period.from}|${period.to}`,
  );
  return (
    <section id="items" className="section" aria-labelledby="items-title">
      <h2 id="items-title">{t('dashboard.itemsTitle')}</h2>
      <p className="help">{t('dashboard.itemsIntro')}</p>
      <DataStatus state={q} />
      {q.data ? (
        <div className="card-grid" aria-busy={q.loading}>
          {q.data.items.map((it) => (
            <ItemCard key={it.item} it={it} onShowEvents={onShowEvents} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

export function TrendSection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const texts = useTexts();
  const lang = currentLang();
  const [item, setItem] = useState<Item>('recon');
  const selectId = useId();
  const q = useData(
    (signal) => api.trend(tenant, period, period.bucket, { signal }),
    `${tenant}|${period.from}|${period.to}|${period.bucket}`,
  );
  const ctx = useChartContext(texts);
  const view = useMemo(() => (q.data ? itemTrendChart(q.data, item, ctx) : null), [q.data, item, ctx]);
  return (
    <section className="section" aria-labelledby="trend-title">
      <h2 id="trend-title">{t('dashboard.trendTitle')}</h2>
      <div className="field inline">
        <label htmlFor={selectId}>{t('dashboard.trendItem')}</label>
        <select id={selectId} value={item} onChange={(e) => setItem(e.target.value as Item)}>
          {ITEMS.map((i) => (
            <option key={i} value={i}>
              {texts.itemName(i)}
            </option>
          ))}
        </select>
      </div>
      {q.error ? <ErrorMessage error={q.error} onRetry={q.reload} /> : null}
      {view ? (
        <div aria-busy={q.loading}>
          <ChartFigure
            title={texts.itemName(item)}
            option={view.option}
            label={`${t('dashboard.trendAria', { item: texts.itemName(item) })}: ${t('dashboard.total')} ${fmtNumber(view.total, lang)}`}
            table={view.table}
            empty={view.total === 0 ? t('dashboard.noData') : null}
          />
        </div>
      ) : q.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}
