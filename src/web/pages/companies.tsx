/** Operators: every company with device health, counts per item and open alerts; drill down to a dashboard. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ITEMS, type OperatorCompany } from '../api.js';
import { PeriodPicker, usePeriod } from '../components/period-picker.js';
import { DataStatus } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

type SortKey = 'attention' | 'name' | 'threats';
const threats = (c: OperatorCompany) =>
  (c.items['malicious-outbound'] ?? 0) + (c.items['intrusion-inbound'] ?? 0) + (c.items.virus ?? 0);
/** Companies that need a look first: open alerts, then silent devices, then no log at all. */
const SORTS: Record<SortKey, (a: OperatorCompany, b: OperatorCompany) => number> = {
  attention: (a, b) =>
    b.openAlerts - a.openAlerts ||
    b.devices.silent - a.devices.silent ||
    Number(a.lastLogAt !== null) - Number(b.lastLogAt !== null) ||
    a.name.localeCompare(b.name, 'ja'),
  name: (a, b) => a.name.localeCompare(b.name, 'ja'),
  threats: (a, b) => threats(b) - threats(a) || a.name.localeCompare(b.name, 'ja'),
};

export function CompaniesPage() {
  const { t } = useTranslation();
  useTitle(t('operator.companiesTitle'));
  const texts = useTexts();
  const lang = currentLang();
  const { period, choice } = usePeriod();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortKey>('attention');
  const q = useData((signal) => api.operatorCompanies(period, { signal }), `${period.from}|${period.to}`);
  const rows = (q.data?.companies ?? [])
    .filter((c) => !filter || c.name.includes(filter) || c.id.includes(filter.toLowerCase()))
    .sort(SORTS[sort]);
  const keep = new URLSearchParams({
    period: choice.kind,
    ...(choice.kind === 'custom' ? { from: choice.fromDate ?? '', to: choice.toDate ?? '' } : {}),
  });
  return (
    <div className="page">
      <h1>{t('operator.companiesTitle')}</h1>
      <p className="lead">{t('operator.companiesIntro')}</p>
      <PeriodPicker />
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="co-filter">{t('operator.filter')}</label>
          <input id="co-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="co-sort">{t('operator.sort')}</label>
          <select id="co-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="attention">{t('operator.sortAttention')}</option>
            <option value="threats">{t('operator.sortThreats')}</option>
            <option value="name">{t('operator.sortName')}</option>
          </select>
        </div>
      </div>
      <DataStatus state={q} />
      {q.data ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways; the keyboard must reach it
        <section className="table-wrap" tabIndex={0} aria-label={t('operator.companiesTitle')}>
          <table className="data companies">
            <caption className="sr-only">{t('operator.companiesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.company')}</th>
                <th scope="col">{t('operator.devices')}</th>
                <th scope="col">{t('operator.lastLog')}</th>
                <th scope="col" className="num">
                  {t('operator.openAlerts')}
                </th>
                {ITEMS.map((i) => (
                  <th scope="col" key={i} className="item-col num">
                    <abbr title={texts.itemName(i)}>{t(`itemsShort.${i}`)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/companies/${encodeURIComponent(c.id)}?${keep.toString()}`}>{c.name}</Link>
                    <div className="muted small">
                      {[
                        c.prefecture,
                        c.industry ? t(`industries.${c.industry}`, { defaultValue: c.industry }) : null,
                        c.employees !== null ? `${c.employees}${lang === 'ja' ? '名' : ' staff'}` : null,
                      ]
                        .filter(Boolean)
                        .join(' / ')}
                    </div>
                  </th>
                  <td>
                    {t('operator.devicesCell', { total: c.devices.total })}
                    {c.devices.silent > 0 ? (
                      <div className="warn">{t('operator.silentCell', { silent: c.devices.silent })}</div>
                    ) : null}
                  </td>
                  <td className="nowrap">{fmtDateTime(c.lastLogAt, lang)}</td>
                  <td className={c.openAlerts > 0 ? 'num warn' : 'num'}>
                    {c.openAlerts > 0 ? (
                      <Link to="/devices#alerts">{fmtNumber(c.openAlerts, lang)}</Link>
                    ) : (
                      fmtNumber(c.openAlerts, lang)
                    )}
                  </td>
                  {ITEMS.map((i) => (
                    <td key={i} className="num">
                      {fmtNumber(c.items[i] ?? 0, lang)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
