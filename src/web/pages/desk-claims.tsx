/**
 * Insurance claims across companies (/desk/claims): where each first-response claim
 * stands with its insurer — claimed, payable, paid — filtered by status and company.
 * A row opens its case, where the claim is worked on.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CLAIM_STATUSES } from '../../desk/model.js';
import { api } from '../api.js';
import { CursorPager } from '../components/cursor-pager.js';
import { fmtYen } from '../components/desk-format.js';
import { ScrollTable } from '../components/desk-ui.js';
import { CompanyFilter, FilterButtons } from '../components/filter-controls.js';
import { DataStatus } from '../components/status.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import { useTitle } from '../use-title.js';

const PAGE = 50;
const EMPTY = { status: '', tenant: '' };

export function ClaimsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  useTitle(t('claimsList.title'));
  const { draft, applied, cursors, setCursors, page, set, submit, apply } = useFilteredPages(EMPTY);
  const query = { ...applied, limit: PAGE, cursor: cursors[page] };
  const q = useData((signal) => api.desk.claims(query, { signal }), JSON.stringify(query));
  const rows = q.data?.claims ?? [];
  return (
    <div className="page">
      <h1>{t('claimsList.title')}</h1>
      <p className="lead">{t('claimsList.intro')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('claimsList.filters')}>
        <div className="field">
          <label htmlFor="cl-status">{t('claims.status')}</label>
          <select id="cl-status" value={draft.status} onChange={set('status')}>
            <option value="">{t('events.any')}</option>
            {CLAIM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`desk.claimStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <CompanyFilter id="cl-tenant" value={draft.tenant} onChange={set('tenant')} />
        <FilterButtons onReset={() => apply(EMPTY)} />
      </form>
      <DataStatus state={q} />
      {q.data ? (
        <>
          <ScrollTable label={t('claimsList.title')} busy={q.loading}>
            <table className="data claims">
              <caption>
                {t('claimsList.results')} — {t('events.page', { page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('claimsList.claim')}</th>
                  <th scope="col">{t('claims.incidentDate')}</th>
                  <th scope="col">{t('claims.policy')}</th>
                  <th scope="col">{t('claims.status')}</th>
                  <th scope="col" className="num">
                    {t('claims.claimed')}
                  </th>
                  <th scope="col" className="num">
                    {t('claims.payable')}
                  </th>
                  <th scope="col" className="num">
                    {t('claims.paidYen')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={7}>{t('claimsList.none')}</td>
                  </tr>
                ) : (
                  rows.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`/desk/cases/${encodeURIComponent(c.caseId)}`}>
                          {t('claimsList.of', { company: c.companyName, number: c.number })}
                        </Link>
                        <div className="small muted mono">{c.caseNumber}</div>
                      </th>
                      <td className="nowrap">{c.incidentDate}</td>
                      <td>
                        {c.insurer}
                        <div className="small muted mono">{c.policyNumber}</div>
                      </td>
                      <td>
                        <span className={`badge cl-${c.status}`}>{t(`desk.claimStatus.${c.status}`)}</span>
                      </td>
                      <td className="num">{fmtYen(c.claimedYen, lang)}</td>
                      <td className="num">{fmtYen(c.payableYen, lang)}</td>
                      <td className="num">{c.paidYen === null ? '–' : fmtYen(c.paidYen, lang)}</td>
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
