/**
 * Event search over the company's records: filters (time, item, action, address, domain,
 * threat), cursor paging (works over millions of rows: the server pages by cursor, never
 * by offset), and a CSV export streamed with progress from the x-total-rows header.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIONS, ApiError, api, ITEMS, type Query } from '../api.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { jstLocalToIso } from '../period.js';
import { useData } from '../use-data.js';
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
      {msg ? (
        <p className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      ) : null}
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
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // cursors[i] = the cursor that opens page i (page 0 has none)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!pick) return;
    const next = { ...EMPTY, category: pick.item };
    setDraft(next);
    setApplied(next);
    setCursors([null]);
    sectionRef.current?.scrollIntoView({ block: 'start' });
    sectionRef.current?.focus();
  }, [pick]);
  const query = toQuery(applied, period);
  const q = useData(
    (signal) => api.events(tenant, { ...query, limit: PAGE, cursor: cursors[page] }, { signal }),
    JSON.stringify([tenant, query, cursors[page]]),
  );

  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
    setCursors([null]);
  };

  return (
    <section id="events" className="section" aria-labelledby="events-title" ref={sectionRef} tabIndex={-1}>
      <h2 id="events-title">{t('events.title')}</h2>
      <p className="help">{t('events.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="ev-from">{t('events.from')}</label>
          <input id="ev-from" type="datetime-local" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="ev-to">{t('events.to')}</label>
          <input id="ev-to" type="datetime-local" value={draft.to} onChange={set('to')} />
        </div>
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
        <div className="field">
          <label htmlFor="ev-ip">{t('events.ip')}</label>
          <input id="ev-ip" value={draft.ip} onChange={set('ip')} inputMode="decimal" />
        </div>
        <div className="field">
          <label htmlFor="ev-domain">{t('events.domain')}</label>
          <input id="ev-domain" value={draft.domain} onChange={set('domain')} />
        </div>
        <div className="field">
          <label htmlFor="ev-threat">{t('events.threat')}</label>
          <input id="ev-threat" value={draft.threat} onChange={set('threat')} />
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('events.search')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
              setCursors([null]);
            }}
          >
            {t('events.reset')}
          </button>
        </div>
      </form>
      <CsvExport tenant={tenant} query={query} />
      {q.error ? <ErrorMessage error={q.error} onRetry={q.reload} /> : null}
      {q.loading && !q.data ? <Loading /> : null}
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
                </tr>
              </thead>
              <tbody>
                {q.data.events.length === 0 ? (
                  <tr>
                    <td colSpan={6}>{t('events.none')}</td>
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
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" disabled={page === 0} onClick={() => setCursors([null])}>
              {t('events.first')}
            </button>
            <button type="button" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('events.prev')}
            </button>
            <span>{t('events.page', { page: page + 1 })}</span>
            <button
              type="button"
              disabled={!q.data.nextCursor}
              onClick={() => q.data?.nextCursor && setCursors([...cursors, q.data.nextCursor])}
            >
              {t('events.next')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
