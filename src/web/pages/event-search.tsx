/**
 * Event search over the company's records: filters (time, item, action, address, domain,
 * threat), cursor paging (works over millions of rows: the server pages by cursor, never
 * by offset), and a CSV export streamed with progress from the x-total-rows header.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIONS, ApiError, api, ITEMS, isOperator, type Query } from '../api.js';
import { useUser } from '../auth.js';
import { CursorPager } from '../components/cursor-pager.js';
import { useEvidenceTarget } from '../components/desk-evidence.js';
import { FilterButtons } from '../components/filter-controls.js';
import { FlashLine } from '../components/flash-message.js';
import { Field } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { jstLocalToIso } from '../period.js';
import { useData } from '../use-data.js';
import { useFilteredPages } from '../use-filtered-pages.js';
import type { SectionProps } from './dashboard-items.js';

const PAGE = 50;

interface Filters {
  from: string;
  to: string;
  category: string;
  action: string;
  ip: string;
  domain: string;
  threat: string;
}

const EMPTY: Filters = { from: '', to: '', category: '', action: '', ip: '', domain: '', threat: '' };

function toQuery(f: Filters, period: { from: string; to: string }): Query {
  return {
    from: jstLocalToIso(f.from) ?? period.from,
    to: jstLocalToIso(f.to) ?? period.to,
    category: f.category,
    action: f.action,
    ip: f.ip.trim(),
    domain: f.domain.trim(),
    threat: f.threat.trim(),
  };
}

function CsvExport({ tenant, query }: { tenant: string; query: Query }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [progress, setProgress] = useState<{ done: number; total: number | null } | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const ctl = useRef<AbortController | null>(null);

  const run = async () => {
    const abort = new AbortController();
    ctl.current = abort;
    setMsg(null);
    setProgress({ done: 0, total: null });
    try {
      const res = await api.eventsCsv(tenant, query, { signal: abort.signal });
      const totalHeader = Number(res.headers.get('x-total-rows'));
      const total = Number.isFinite(totalHeader) && res.headers.has('x-total-rows') ? totalHeader : null;
      const reader = res.body?.getReader();
      const chunks: BlobPart[] = [];
      let lines = 0;
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          for (const b of value) if (b === 10) lines++;
          // The first line is the header row.
          setProgress({ done: Math.max(0, lines - 1), total });
        }
      } else {
        const text = await res.text();
        chunks.push(text);
        lines = text.split('\n').length - 1;
      }
      const rows = Math.max(0, lines - 1);
      const blob = new Blob(chunks, { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      const named = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
      a.download = named?.[1] ?? `events-${tenant}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMsg({ ok: true, text: t('events.csvDone', { done: fmtNumber(rows, lang) }) });
    } catch (e) {
      if ((e as Error).name !== 'AbortError')
        setMsg({
          ok: false,
          text: t('events.csvFailed', { message: e instanceof ApiError ? e.code : String(e) }),
        });
    } finally {
      setProgress(null);
      ctl.current = null;
    }
  };

  return (
    <div className="csv">
      {progress ? (
        <div className="csv-progress" role="status">
          <progress
            max={progress.total ?? undefined}
            value={progress.total ? progress.done : undefined}
            aria-label={t('events.csv')}
          />
          <span>
            {progress.total !== null
              ? t('events.csvProgress', {
                  done: fmtNumber(progress.done, lang),
                  total: fmtNumber(progress.total, lang),
                })
              : t('events.csvProgressUnknown', { done: fmtNumber(progress.done, lang) })}
          </span>
          <button type="button" onClick={() => ctl.current?.abort()}>
            {t('events.csvCancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={run}>
          {t('events.csv')}
        </button>
      )}
      <FlashLine msg={msg} />
    </div>
  );
}

export function EventSearch({
  tenant,
  period,
  pick,
}: SectionProps & { pick?: { item: string; n: number } | null }) {
  const { t } = useTranslation();
  const texts = useTexts();
  const lang = currentLang();
  const { draft, applied, cursors, setCursors, page, set, submit, apply } = useFilteredPages(EMPTY);
  const sectionRef = useRef<HTMLElement>(null);
  const staff = isOperator(useUser().role);
  const evidence = useEvidenceTarget(tenant, staff);
  useEffect(() => {
    if (!pick) return;
    apply({ ...EMPTY, category: pick.item });
    sectionRef.current?.scrollIntoView({ block: 'start' });
    sectionRef.current?.focus();
  }, [pick, apply]);
  const query = toQuery(applied, period);
  const q = useData(
    (signal) => api.events(tenant, { ...query, limit: PAGE, cursor: cursors[page] }, { signal }),
    JSON.stringify([tenant, query, cursors[page]]),
  );

  return (
    <section id="events" className="section" aria-labelledby="events-title" ref={sectionRef} tabIndex={-1}>
      <h2 id="events-title">{t('events.title')}</h2>
      <p className="help">{t('events.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <Field
          id="ev-from"
          label={t('events.from')}
          type="datetime-local"
          value={draft.from}
          onChange={set('from')}
        />
        <Field
          id="ev-to"
          label={t('events.to')}
          type="datetime-local"
          value={draft.to}
          onChange={set('to')}
        />
        <div className="field">
          <label htmlFor="ev-item">{t('events.item')}</label>
          <select id="ev-item" value={draft.category} onChange={set('category')}>
            <option value="">{t('events.any')}</option>
            {ITEMS.map((i) => (
              <option key={i} value={i}>
                {texts.itemName(i)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ev-action">{t('events.action')}</label>
          <select id="ev-action" value={draft.action} onChange={set('action')}>
            <option value="">{t('events.any')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {texts.actionName(a)}
              </option>
            ))}
          </select>
        </div>
        <Field id="ev-ip" label={t('events.ip')} value={draft.ip} onChange={set('ip')} inputMode="decimal" />
        <Field id="ev-domain" label={t('events.domain')} value={draft.domain} onChange={set('domain')} />
        <Field id="ev-threat" label={t('events.threat')} value={draft.threat} onChange={set('threat')} />
        <FilterButtons onReset={() => apply(EMPTY)} />
      </form>
      <CsvExport tenant={tenant} query={query} />
      {staff ? (
        <div className="evidence">
          {evidence.picker}
          <FlashLine msg={evidence.flash} />
        </div>
      ) : null}
      <DataStatus state={q} />
      {q.data ? (
        <>
          <div className="table-wrap" aria-busy={q.loading}>
            <table className="data events">
              <caption>
                {t('events.results')} — {t('events.page', { page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('events.time')}</th>
                  <th scope="col">{t('events.item')}</th>
                  <th scope="col">{t('events.action')}</th>
                  <th scope="col">{t('events.source')}</th>
                  <th scope="col">{t('events.destination')}</th>
                  <th scope="col">{t('events.detail')}</th>
                  {evidence.target ? <th scope="col">{t('evidence.column')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {q.data.events.length === 0 ? (
                  <tr>
                    <td colSpan={evidence.target ? 7 : 6}>{t('events.none')}</td>
                  </tr>
                ) : (
                  q.data.events.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; a page is replaced whole, never reordered
                    <tr key={`${e.ts}-${i}`}>
                      <td className="nowrap">{fmtDateTime(e.ts, lang)}</td>
                      <td>{e.category ? texts.itemName(e.category) : '–'}</td>
                      <td>{e.action ? texts.actionName(e.action) : '–'}</td>
                      <td className="mono nowrap">
                        {e.src_ip ?? '–'}
                        {e.src_port !== null ? `:${e.src_port}` : ''}
                      </td>
                      <td className="mono nowrap">
                        {e.domain ?? e.dst_ip ?? '–'}
                        {e.dst_port !== null && !e.domain ? `:${e.dst_port}` : ''}
                      </td>
                      <td className="detail">
                        {[e.threat, e.app, e.url].filter(Boolean).join(' / ') ||
                          t(`events.kinds.${e.kind}`, { defaultValue: e.kind })}
                      </td>
                      {evidence.target ? (
                        <td>
                          <button
                            type="button"
                            className="small"
                            onClick={() => evidence.target?.add(e as unknown as Record<string, unknown>)}
                            aria-label={t('evidence.addRow', { time: fmtDateTime(e.ts, lang) })}
                          >
                            {t('evidence.add')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <CursorPager cursors={cursors} onChange={setCursors} nextCursor={q.data.nextCursor} withFirst />
        </>
      ) : null}
    </section>
  );
}
