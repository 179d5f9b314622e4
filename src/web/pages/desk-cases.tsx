/**
 * The desk's cases (/desk/cases): status tabs with counts, "mine", company, priority,
 * category, channel, SLA and word filters; each row shows its SLA state and next due time.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  CASE_CATEGORIES,
  CASE_CHANNELS,
  CASE_STATUSES,
  OPEN_CASE_STATUSES,
  PRIORITIES,
} from '../../desk/model.js';
import { api } from '../api.js';
import { useUser } from '../auth.js';
import { CursorPager } from '../components/cursor-pager.js';
import {
  CaseStatusBadge,
  canWriteCases,
  PriorityBadge,
  ScrollTable,
  SlaBadge,
} from '../components/desk-ui.js';
import { CompanyFilter, FilterButtons } from '../components/filter-controls.js';
import { Field } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import { useTitle } from '../use-title.js';

const PAGE = 50;

interface Filters {
  status: string;
  assignee: string;
  tenant: string;
  priority: string;
  category: string;
  channel: string;
  sla: string;
  q: string;
}
const EMPTY: Filters = {
  status: 'open',
  assignee: '',
  tenant: '',
  priority: '',
  category: '',
  channel: '',
  sla: '',
  q: '',
};

const TABS = ['open', ...CASE_STATUSES, ''] as const;

export function CasesPage() {
  const { t } = useTranslation();
  useTitle(t('cases.title'));
  const lang = currentLang();
  const me = useUser();
  const { draft, applied, cursors, setCursors, page, set, submit, apply } = useFilteredPages(EMPTY);
  const query = { ...applied, limit: PAGE, cursor: cursors[page] };
  const q = useData((signal) => api.desk.cases(query, { signal }), JSON.stringify(query));
  const counts = q.data?.counts ?? {};
  const countOf = (tab: (typeof TABS)[number]) => {
    if (tab === 'open') return OPEN_CASE_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
    if (tab === '') return CASE_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
    return counts[tab] ?? 0;
  };
  const rows = q.data?.cases ?? [];

  return (
    <div className="page">
      <div className="page-head with-action">
        <div>
          <h1>{t('cases.title')}</h1>
          <p className="lead">{t('cases.intro')}</p>
        </div>
        {canWriteCases(me.role) ? (
          <Link className="button primary" to="/desk/cases/new">
            {t('cases.new')}
          </Link>
        ) : null}
      </div>
      <nav aria-label={t('cases.tabs')}>
        <ul className="tabs">
          {TABS.map((s) => (
            <li key={s || 'all'}>
              <button
                type="button"
                aria-pressed={applied.status === s}
                onClick={() => apply({ ...applied, status: s })}
              >
                {s === 'open' ? t('cases.tabOpen') : s === '' ? t('cases.tabAll') : t(`desk.caseStatus.${s}`)}{' '}
                <span className="tab-count">{q.data ? fmtNumber(countOf(s), lang) : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <form className="filters" onSubmit={submit} aria-label={t('cases.filters')}>
        <div className="field check mine">
          <input
            id="cs-mine"
            type="checkbox"
            checked={draft.assignee === 'me'}
            onChange={(e) => {
              const next = { ...draft, assignee: e.target.checked ? 'me' : '' };
              apply(next);
            }}
          />
          <label htmlFor="cs-mine">{t('cases.mine')}</label>
        </div>
        <CompanyFilter id="cs-tenant" value={draft.tenant} onChange={set('tenant')} />
        <div className="field">
          <label htmlFor="cs-priority">{t('case.priority')}</label>
          <select id="cs-priority" value={draft.priority} onChange={set('priority')}>
            <option value="">{t('events.any')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`desk.priorities.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cs-category">{t('case.category')}</label>
          <select id="cs-category" value={draft.category} onChange={set('category')}>
            <option value="">{t('events.any')}</option>
            {CASE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`desk.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cs-channel">{t('case.channel')}</label>
          <select id="cs-channel" value={draft.channel} onChange={set('channel')}>
            <option value="">{t('events.any')}</option>
            {CASE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`desk.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cs-sla">{t('cases.sla')}</label>
          <select id="cs-sla" value={draft.sla} onChange={set('sla')}>
            <option value="">{t('events.any')}</option>
            <option value="at-risk">{t('desk.sla.at-risk')}</option>
            <option value="breached">{t('desk.sla.breached')}</option>
          </select>
        </div>
        <Field id="cs-q" label={t('cases.words')} type="search" value={draft.q} onChange={set('q')} />
        <FilterButtons onReset={() => apply(EMPTY)} />
      </form>
      <DataStatus state={q} />
      {q.data ? (
        <>
          <ScrollTable label={t('cases.title')} busy={q.loading}>
            <table className="data cases">
              <caption>
                {t('cases.results')} — {t('events.page', { page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.number')}</th>
                  <th scope="col">{t('case.title')}</th>
                  <th scope="col">{t('desk.company')}</th>
                  <th scope="col">{t('case.status')}</th>
                  <th scope="col">{t('case.priority')}</th>
                  <th scope="col">{t('case.assignee')}</th>
                  <th scope="col">{t('cases.sla')}</th>
                  <th scope="col">{t('case.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={8}>{t('cases.none')}</td>
                  </tr>
                ) : (
                  rows.map((c) => (
                    <tr key={c.id}>
                      <td className="nowrap mono">{c.number}</td>
                      <th scope="row">
                        <Link to={`/desk/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                        <div className="small muted">
                          {t(`desk.categories.${c.category}`)} / {t(`desk.channels.${c.channel}`)}
                        </div>
                      </th>
                      <td>{c.companyName}</td>
                      <td>
                        <CaseStatusBadge status={c.status} />
                      </td>
                      <td>
                        <PriorityBadge priority={c.priority} />
                      </td>
                      <td>{c.assignee?.name ?? <span className="muted">{t('case.unassigned')}</span>}</td>
                      <td>
                        {c.status === 'resolved' || c.status === 'closed' ? (
                          <span className="muted">–</span>
                        ) : (
                          <SlaBadge sla={c.sla} />
                        )}
                      </td>
                      <td className="nowrap">{fmtDateTime(c.createdAt, lang)}</td>
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
