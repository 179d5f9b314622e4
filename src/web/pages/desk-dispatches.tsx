/**
 * On-site dispatches (/desk/dispatches). An engineer opens on "my visits": when, which
 * company, where; the desk sees every dispatch and filters by status, engineer and company.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DISPATCH_STATUSES } from '../../desk/model.js';
import { api } from '../api.js';
import { useUser } from '../auth.js';
import { CursorPager } from '../components/cursor-pager.js';
import { DispatchStatusBadge, ScrollTable } from '../components/desk-ui.js';
import { CompanyFilter, FilterButtons } from '../components/filter-controls.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import { useTitle } from '../use-title.js';

const PAGE = 50;

interface Filters {
  status: string;
  engineer: string;
  tenant: string;
}

export function DispatchesPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const engineer = me.role === 'engineer';
  useTitle(engineer ? t('dispatches.mine') : t('dispatches.title'));
  const empty: Filters = { status: '', engineer: engineer ? 'me' : '', tenant: '' };
  const { draft, applied, cursors, setCursors, page, set, submit, apply } = useFilteredPages(empty);
  const query = { ...applied, limit: PAGE, cursor: cursors[page] };
  const q = useData((signal) => api.desk.dispatches(query, { signal }), JSON.stringify(query));
  const rows = q.data?.dispatches ?? [];
  return (
    <div className="page">
      <h1>{engineer ? t('dispatches.mine') : t('dispatches.title')}</h1>
      <p className="lead">{engineer ? t('dispatches.introEngineer') : t('dispatches.intro')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('dispatches.filters')}>
        <div className="field">
          <label htmlFor="dl-status">{t('visit.status')}</label>
          <select id="dl-status" value={draft.status} onChange={set('status')}>
            <option value="">{t('events.any')}</option>
            {DISPATCH_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`desk.dispatchStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field check mine">
          <input
            id="dl-mine"
            type="checkbox"
            checked={draft.engineer === 'me'}
            onChange={(e) => apply({ ...draft, engineer: e.target.checked ? 'me' : '' })}
          />
          <label htmlFor="dl-mine">{t('dispatches.onlyMine')}</label>
        </div>
        <CompanyFilter id="dl-tenant" value={draft.tenant} onChange={set('tenant')} />
        <FilterButtons onReset={() => apply(empty)} />
      </form>
      <DataStatus state={q} />
      {q.data ? (
        <>
          <ScrollTable label={t('dispatches.title')} busy={q.loading}>
            <table className="data dispatches">
              <caption>
                {t('dispatches.results')} — {t('events.page', { page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('visit.schedule')}</th>
                  <th scope="col">{t('desk.company')}</th>
                  <th scope="col">{t('visit.address')}</th>
                  <th scope="col">{t('visit.status')}</th>
                  <th scope="col">{t('visit.engineer')}</th>
                  <th scope="col">{t('dispatches.case')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={6}>{engineer ? t('dispatches.noneMine') : t('dispatches.none')}</td>
                  </tr>
                ) : (
                  rows.map((d) => (
                    <tr key={d.id}>
                      <td className="nowrap">
                        {d.scheduledStart ? fmtDateTime(d.scheduledStart, lang) : t('visit.notScheduled')}
                      </td>
                      <th scope="row">
                        <Link to={`/desk/dispatches/${encodeURIComponent(d.id)}`}>
                          {t('dispatches.visitTo', { company: d.companyName ?? d.tenant })}
                        </Link>
                        <div className="small muted">{d.number}</div>
                      </th>
                      <td>{d.siteAddress ?? '–'}</td>
                      <td>
                        <DispatchStatusBadge status={d.status} />
                      </td>
                      <td>{d.engineer?.name ?? t('visit.noEngineer')}</td>
                      <td className="mono nowrap">{d.caseNumber}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </ScrollTable>
          <CursorPager cursors={cursors} onChange={setCursors} nextCursor={q.data.nextCursor} withFirst />
        </>
      ) : null}
    </div>
  );
}
