/**
 * The staff alert queue (/desk/alerts): every company's detection alerts, newest first,
 * filtered by status, minimum level, company, rule and words; several can be
 * acknowledged, closed with a reason or escalated into a case at once.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ALERT_CLOSE_REASONS, type AlertCloseReason, RULE_LEVELS } from '../../desk/model.js';
import { api, type DeskAlert } from '../api.js';
import { useUser } from '../auth.js';
import { CursorPager } from '../components/cursor-pager.js';
import { alertTitle, canWriteCases, LevelBadge, ScrollTable, useAction } from '../components/desk-ui.js';
import { CompanyFilter, FilterButtons } from '../components/filter-controls.js';
import { FlashMessage } from '../components/flash-message.js';
import { Field } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import { useTitle } from '../use-title.js';

const PAGE = 50;
const STATUS_FILTERS = ['open', 'new', 'acknowledged', 'escalated', 'closed', 'all'] as const;

interface Filters {
  status: string;
  level: string;
  tenant: string;
  rule: string;
  q: string;
}
// medium and above by default: blocked scans from the internet (low) are there on request
const EMPTY: Filters = { status: 'open', level: 'medium', tenant: '', rule: '', q: '' };

export function AlertStatusCell({ a }: { a: DeskAlert }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`badge as-${a.status}`}>{t(`desk.alertStatus.${a.status}`)}</span>
      {a.caseId ? (
        <div className="small">
          <Link to={`/desk/cases/${encodeURIComponent(a.caseId)}`}>{a.caseNumber ?? t('desk.case')}</Link>
        </div>
      ) : null}
      {a.status === 'closed' && a.closeReason ? (
        <div className="small muted">{t(`desk.closeReasons.${a.closeReason}`)}</div>
      ) : null}
    </>
  );
}

function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { busy, msg, setMsg, run } = useAction();
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState<AlertCloseReason>('benign');
  const [note, setNote] = useState('');
  const act = (action: 'acknowledge' | 'close' | 'escalate') =>
    run(async () => {
      const r = await api.desk.bulkAlerts({
        ids,
        action,
        ...(action === 'close' ? { reason, ...(note ? { note } : {}) } : {}),
      });
      const failed = r.results.filter((x) => !x.ok).length;
      setMsg({
        ok: failed === 0,
        text: t('alertsQueue.bulkDone', { ok: r.results.length - failed, failed }),
      });
      setClosing(false);
      setNote('');
      onDone();
    });
  const close = (e: FormEvent) => {
    e.preventDefault();
    void act('close');
  };
  return (
    <section className="panel bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title" className="h3">
        {t('alertsQueue.selected', { n: ids.length })}
      </h2>
      <div className="buttons">
        <button type="button" disabled={busy || ids.length === 0} onClick={() => void act('acknowledge')}>
          {t('alertsQueue.acknowledge')}
        </button>
        <button
          type="button"
          disabled={busy || ids.length === 0}
          aria-expanded={closing}
          onClick={() => setClosing((v) => !v)}
        >
          {t('alertsQueue.close')}
        </button>
        <button type="button" disabled={busy || ids.length === 0} onClick={() => void act('escalate')}>
          {t('alertsQueue.escalate')}
        </button>
      </div>
      {closing ? (
        <form onSubmit={close} className="form-grid">
          <div className="field">
            <label htmlFor="bulk-reason">{t('alertsQueue.reason')}</label>
            <select
              id="bulk-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value as AlertCloseReason)}
            >
              {ALERT_CLOSE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`desk.closeReasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <Field id="bulk-note" label={t('alertsQueue.note')} value={note} onValue={setNote} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy || ids.length === 0}>
              {t('alertsQueue.closeSelected', { n: ids.length })}
            </button>
          </div>
        </form>
      ) : null}
      <p className="help">{t('alertsQueue.escalateHelp')}</p>
      <FlashMessage msg={msg} />
    </section>
  );
}

export function AlertQueuePage() {
  const { t } = useTranslation();
  useTitle(t('alertsQueue.title'));
  const lang = currentLang();
  const me = useUser();
  const writer = canWriteCases(me.role);
  const { draft, applied, cursors, setCursors, page, set, submit, apply } = useFilteredPages(EMPTY);
  const query = { ...applied, limit: PAGE, cursor: cursors[page] };
  const q = useData((signal) => api.desk.alerts(query, { signal }), JSON.stringify(query));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rows = q.data?.alerts ?? [];
  const selectable = rows.filter((a) => a.status !== 'closed' && a.status !== 'escalated');
  const allOn = selectable.length > 0 && selectable.every((a) => selected.has(a.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <div className="page">
      <h1>{t('alertsQueue.title')}</h1>
      <p className="lead">{t('alertsQueue.intro')}</p>
      {q.data ? (
        <ul className="counts" aria-label={t('alertsQueue.countsLabel')}>
          {(['new', 'acknowledged', 'escalated', 'closed'] as const).map((s) => (
            <li key={s}>
              <button
                type="button"
                aria-pressed={applied.status === s}
                onClick={() => apply({ ...applied, status: s })}
              >
                {t(`desk.alertStatus.${s}`)} <strong>{fmtNumber(q.data?.counts[s] ?? 0, lang)}</strong>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="filters" onSubmit={submit} aria-label={t('alertsQueue.filters')}>
        <div className="field">
          <label htmlFor="aq-status">{t('alertsQueue.status')}</label>
          <select id="aq-status" value={draft.status} onChange={set('status')}>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`alertsQueue.statusFilter.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="aq-level">{t('alertsQueue.minLevel')}</label>
          <select id="aq-level" value={draft.level} onChange={set('level')}>
            <option value="">{t('events.any')}</option>
            {RULE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t('alertsQueue.levelOrAbove', { level: t(`desk.levels.${l}`) })}
              </option>
            ))}
          </select>
        </div>
        <CompanyFilter id="aq-tenant" value={draft.tenant} onChange={set('tenant')} />
        <Field id="aq-rule" label={t('alertsQueue.rule')} value={draft.rule} onChange={set('rule')} />
        <Field id="aq-q" label={t('alertsQueue.words')} type="search" value={draft.q} onChange={set('q')} />
        <FilterButtons onReset={() => apply(EMPTY)} />
      </form>
      {writer ? (
        <BulkBar
          ids={[...selected]}
          onDone={() => {
            setSelected(new Set());
            q.reload();
          }}
        />
      ) : null}
      <DataStatus state={q} />
      {q.data ? (
        <>
          <ScrollTable label={t('alertsQueue.title')} busy={q.loading}>
            <table className="data alerts">
              <caption>
                {t('alertsQueue.results')} — {t('events.page', { page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  {writer ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('alertsQueue.selectAll')}
                        checked={allOn}
                        disabled={selectable.length === 0}
                        onChange={() => setSelected(allOn ? new Set() : new Set(selectable.map((a) => a.id)))}
                      />
                    </th>
                  ) : null}
                  <th scope="col">{t('alertsQueue.level')}</th>
                  <th scope="col">{t('alertsQueue.alert')}</th>
                  <th scope="col">{t('desk.company')}</th>
                  <th scope="col" className="num">
                    {t('alertsQueue.count')}
                  </th>
                  <th scope="col">{t('alertsQueue.firstSeen')}</th>
                  <th scope="col">{t('alertsQueue.lastSeen')}</th>
                  <th scope="col">{t('alertsQueue.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={writer ? 8 : 7}>{t('alertsQueue.none')}</td>
                  </tr>
                ) : (
                  rows.map((a) => {
                    const title = alertTitle(a, lang);
                    const canPick = a.status !== 'closed' && a.status !== 'escalated';
                    return (
                      <tr key={a.id} className={selected.has(a.id) ? 'selected' : undefined}>
                        {writer ? (
                          <td>
                            <input
                              type="checkbox"
                              aria-label={t('alertsQueue.select', { title, company: a.companyName })}
                              checked={selected.has(a.id)}
                              disabled={!canPick}
                              onChange={() => toggle(a.id)}
                            />
                          </td>
                        ) : null}
                        <td>
                          <LevelBadge level={a.level} />
                        </td>
                        <th scope="row">
                          <Link to={`/desk/alerts/${encodeURIComponent(a.id)}`}>{title}</Link>
                          <div className="small muted mono">{a.ruleId}</div>
                        </th>
                        <td>{a.companyName}</td>
                        <td className="num">{fmtNumber(a.count, lang)}</td>
                        <td className="nowrap">{fmtDateTime(a.firstSeenAt, lang)}</td>
                        <td className="nowrap">{fmtDateTime(a.lastSeenAt, lang)}</td>
                        <td>
                          <AlertStatusCell a={a} />
                        </td>
                      </tr>
                    );
                  })
                )}
              </tbody>
            </table>
          </ScrollTable>
          <CursorPager
            cursors={cursors}
            onChange={(c) => {
              setSelected(new Set());
              setCursors(c);
            }}
            nextCursor={q.data.nextCursor}
            withFirst
          />
        </>
      ) : null}
    </div>
  );
}
