/** Operators: the programme-wide table in the seed's format (per item totals; usage items as "seen on N of M UTMs"). */
import { useTranslation } from 'react-i18next';
import { api, USAGE_ITEMS } from '../api.js';
import { PeriodPicker, usePeriod } from '../components/period-picker.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { jstDate } from '../period.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';
import { ProgrammeExportLink } from './programme-export.js';

const days = (p: { from: string; to: string }) =>
  // days that have passed: "this month" ends in the future
  Math.max(1, (Math.min(Date.parse(p.to), Date.now()) - Date.parse(p.from)) / 86_400_000);

/** The programme-wide results report of the period shown, in the portal's language (a plain GET: the session cookie goes along). */
function programmeReportUrl(format: 'pdf' | 'csv', p: { from: string; to: string }, lang: string): string {
  return `/api/programme/report.${format}?${new URLSearchParams({ from: p.from, to: p.to, lang })}`;
}

export function ProgrammePage() {
  const { t } = useTranslation();
  useTitle(t('operator.programmeTitle'));
  const texts = useTexts();
  const lang = currentLang();
  const { period } = usePeriod();
  const q = useData((signal) => api.programme(period, { signal }), `${period.from}|${period.to}`);
  const s = q.data;
  return (
    <div className="page">
      <h1>{t('operator.programmeTitle')}</h1>
      <p className="lead">{t('operator.programmeIntro')}</p>
      <PeriodPicker />
      <section className="programme-report" aria-labelledby="programme-report-title">
        <h2 id="programme-report-title">{t('programmeReport.title')}</h2>
        <p className="muted small">
          {t('programmeReport.intro', { from: period.fromDate, to: period.toDate })}
        </p>
        <div className="buttons">
          <a className="button primary" href={programmeReportUrl('pdf', period, lang)} download>
            {t('programmeReport.pdf')}
          </a>
          <a className="button" href={programmeReportUrl('csv', period, lang)} download>
            {t('programmeReport.csv')}
          </a>
        </div>
      </section>
      <ProgrammeExportLink />
      {q.error ? <ErrorMessage error={q.error} onRetry={q.reload} /> : null}
      {!s && q.loading ? <Loading /> : null}
      {s ? (
        <div className="table-wrap">
          <table className="data programme">
            <caption>
              {t('operator.scope', {
                utms: fmtNumber(s.utms, lang),
                companies: fmtNumber(s.companies, lang),
                from: jstDate(Date.parse(s.period.from)),
                to: jstDate(Date.parse(s.period.to) - 1),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.monitoringItem')}</th>
                <th scope="col" className="num">
                  {t('operator.totalCount')}
                </th>
                <th scope="col">{t('operator.countermeasure')}</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((it) => (
                <tr key={it.item}>
                  <th scope="row">{texts.itemName(it.item)}</th>
                  <td className="num">
                    {USAGE_ITEMS.includes(it.item)
                      ? t('operator.seenOn', { n: fmtNumber(it.utms, lang), all: fmtNumber(s.utms, lang) })
                      : t('operator.itemsCount', { n: fmtNumber(it.total, lang) })}
                    {it.item === 'spam' && s.utms > 0 ? (
                      <div className="muted small">
                        {t('operator.perDay', {
                          n: fmtNumber(Math.round((10 * it.total) / s.utms / days(s.period)) / 10, lang),
                        })}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {texts.itemCountermeasure(it.item) ??
                      t(`operator.counter.${it.item}`, { defaultValue: '' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
