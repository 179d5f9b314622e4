/**
 * Desk statistics for one month (/desk/stats?month=YYYY-MM): consultations by category
 * and channel (charts with their tables), response and resolution times, SLA breaches,
 * dispatches, insurance claims and alerts — the numbers a programme reports each month.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { deskCategoryChart, deskChannelChart } from '../../charts/desk.js';
import { api } from '../api.js';
import { ChartFigure, useChartContext } from '../components/chart-figure.js';
import { fmtMinutes, fmtYen, thisMonthJst } from '../components/desk-ui.js';
import { FormError } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** "2026-04" as 2026年4月 / April 2026. */
function monthLabel(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(lang === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
  });
}

function MonthPicker({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(month);
  const [error, setError] = useState<string | null>(null);
  const go = (m: string) => {
    setDraft(m);
    setError(null);
    onChange(m);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!MONTH.test(draft)) return setError(t('stats.badMonth'));
    go(draft);
  };
  return (
    <form className="period" onSubmit={submit}>
      <fieldset>
        <legend>{t('stats.month')}</legend>
        <div className="period-custom">
          <button type="button" onClick={() => go(shiftMonth(month, -1))}>
            {t('stats.prev')}
          </button>
          <label htmlFor="st-month" className="sr-only">
            {t('stats.month')}
          </label>
          <input
            id="st-month"
            type="month"
            value={draft}
            max={thisMonthJst()}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit">{t('stats.show')}</button>
          <button type="button" disabled={month >= thisMonthJst()} onClick={() => go(shiftMonth(month, 1))}>
            {t('stats.next')}
          </button>
        </div>
        <FormError error={error} />
      </fieldset>
    </form>
  );
}

function Card({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <article className="card stat-card">
      <h3>{title}</h3>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt>{k}</dt>
            <dd className="num">{v}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

export function DeskStatsPage() {
  const { t } = useTranslation();
  useTitle(t('stats.title'));
  const lang = currentLang();
  const [sp, setSp] = useSearchParams();
  const asked = sp.get('month') ?? '';
  const month = MONTH.test(asked) ? asked : thisMonthJst();
  const q = useData((signal) => api.desk.stats(month, { signal }), month);

  const ctx = useChartContext();
  const charts = useMemo(() => {
    const s = q.data;
    if (!s) return null;
    const label = (title: string, rows: (string | number)[][]) =>
      `${title}: ${rows.map(([k, v]) => `${k} ${v}`).join(', ')}`;
    const empty = s.consultations.total === 0 ? t('stats.noCases') : null;
    const category = deskCategoryChart(s.consultations, ctx);
    const channel = deskChannelChart(s.consultations, ctx);
    return {
      category: { ...category, label: label(t('stats.byCategory'), category.table.rows), empty },
      channel: { ...channel, label: label(t('stats.byChannel'), channel.table.rows), empty },
    };
  }, [q.data, t, ctx]);

  const s = q.data;
  const n = (v: number | null | undefined) => fmtNumber(v ?? 0, lang);
  return (
    <div className="page">
      <h1>{t('stats.title')}</h1>
      <p className="lead">{t('stats.intro')}</p>
      <MonthPicker
        key={month}
        month={month}
        onChange={(m) => {
          const next = new URLSearchParams(sp);
          next.set('month', m);
          setSp(next, { replace: true });
        }}
      />
      <DataStatus state={q} />
      {s && charts ? (
        <div aria-busy={q.loading}>
          <p className="big-line">
            {t('stats.total', { n: n(s.consultations.total), month: monthLabel(s.month, lang) })}
          </p>
          <div className="figure-grid">
            <ChartFigure
              title={t('stats.byCategory')}
              option={charts.category.option}
              label={charts.category.label}
              table={charts.category.table}
              empty={charts.category.empty}
              height={340}
            />
            <ChartFigure
              title={t('stats.byChannel')}
              option={charts.channel.option}
              label={charts.channel.label}
              table={charts.channel.table}
              empty={charts.channel.empty}
              height={340}
            />
          </div>
          <h2 className="section">{t('stats.figures')}</h2>
          <div className="card-grid">
            <Card
              title={t('stats.firstResponse')}
              rows={[
                [t('stats.countCases'), n(s.firstResponse.count)],
                [t('stats.median'), fmtMinutes(s.firstResponse.medianMinutes, lang)],
                [t('stats.p90'), fmtMinutes(s.firstResponse.p90Minutes, lang)],
              ]}
            />
            <Card
              title={t('stats.resolution')}
              rows={[
                [t('stats.countCases'), n(s.resolution.count)],
                [t('stats.median'), fmtMinutes(s.resolution.medianMinutes, lang)],
                [t('stats.p90'), fmtMinutes(s.resolution.p90Minutes, lang)],
              ]}
            />
            <Card
              title={t('stats.slaBreaches')}
              rows={[
                [t('sla.firstResponse'), n(s.slaBreaches.firstResponse)],
                [t('sla.update'), n(s.slaBreaches.update)],
                [t('sla.resolution'), n(s.slaBreaches.resolution)],
              ]}
            />
            <Card
              title={t('stats.dispatches')}
              rows={[
                [t('stats.requested'), n(s.dispatches.requested)],
                [t('stats.completed'), n(s.dispatches.completed)],
                [t('stats.medianOnSite'), fmtMinutes(s.dispatches.medianOnSiteMinutes, lang)],
                [t('stats.medianTravel'), fmtMinutes(s.dispatches.medianTravelMinutes, lang)],
              ]}
            />
            <Card
              title={t('stats.claims')}
              rows={[
                [t('stats.claimCount'), n(s.claims.count)],
                [t('stats.claimedYen'), fmtYen(s.claims.claimedYen, lang)],
                [t('stats.paidYen'), fmtYen(s.claims.paidYen, lang)],
              ]}
            />
            <Card
              title={t('stats.alerts')}
              rows={[
                [t('stats.raised'), n(s.alerts.raised)],
                [t('stats.escalated'), n(s.alerts.escalated)],
                [t('stats.closedBenign'), n(s.alerts.closedBenign)],
              ]}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
