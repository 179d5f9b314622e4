/** Operator-admin: the audit log with filters and cursor paging, newest first. */
import { useTranslation } from 'react-i18next';
import { api, type Query } from '../api.js';
import { CursorPager } from '../components/cursor-pager.js';
import { Field } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { jstLocalToIso } from '../period.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import { useTitle } from '../use-title.js';

interface Filters {
  from: string;
  to: string;
  actor: string;
  tenant: string;
  action: string;
}
const EMPTY: Filters = { from: '', to: '', actor: '', tenant: '', action: '' };

export function AuditPage() {
  const { t } = useTranslation();
  useTitle(t('audit.title'));
  const lang = currentLang();
  const { draft, applied, cursors, setCursors, page, set, submit } = useFilteredPages(EMPTY);
  const query: Query = {
    from: jstLocalToIso(applied.from),
    to: jstLocalToIso(applied.to),
    actor: applied.actor.trim(),
    tenant: applied.tenant.trim(),
    action: applied.action.trim(),
    limit: 50,
    cursor: cursors[page],
  };
  const q = useData((signal) => api.audit(query, { signal }), JSON.stringify(query));
  const fields: [keyof Filters, string, string][] = [
    ['from', t('audit.from'), 'datetime-local'],
    ['to', t('audit.to'), 'datetime-local'],
    ['actor', t('audit.actor'), 'text'],
    ['tenant', t('audit.tenant'), 'text'],
    ['action', t('audit.action'), 'text'],
  ];
  return (
    <div className="page">
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.intro')}</p>
      <form className="filters" onSubmit={submit}>
        {fields.map(([k, label, type]) => (
          <Field key={k} id={`au-${k}`} label={label} type={type} value={draft[k]} onChange={set(k)} />
        ))}
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('audit.search')}
          </button>
        </div>
      </form>
      <DataStatus state={q} />
      {q.data ? (
        <>
          <div className="table-wrap">
            <table className="data">
              <caption className="sr-only">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.tenant')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                  <th scope="col">{t('audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.entries.length === 0 ? (
                  <tr>
                    <td colSpan={7}>{t('audit.none')}</td>
                  </tr>
                ) : (
                  q.data.entries.map((e) => (
                    <tr key={e.id}>
                      <td className="nowrap">{fmtDateTime(e.at, lang)}</td>
                      <td>
                        {e.actor?.login ?? '–'}
                        {e.actor?.role ? (
                          <div className="muted small">
                            {t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })}
                          </div>
                        ) : null}
                      </td>
                      <td className="mono">{e.action}</td>
                      <td>{e.tenant ?? '–'}</td>
                      <td>{e.target ?? '–'}</td>
                      <td className="mono">{e.ip ?? '–'}</td>
                      <td className="mono detail">
                        {e.detail ? JSON.stringify(e.detail).slice(0, 200) : '–'}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <CursorPager cursors={cursors} onChange={setCursors} nextCursor={q.data.nextCursor} />
        </>
      ) : null}
    </div>
  );
}
