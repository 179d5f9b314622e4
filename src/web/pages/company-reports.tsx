/**
 * A company's diagnostic reports (/companies/:tenant/reports): the monthly PDFs made on
 * the 1st and any made on request, newest first, with a download link; the company's
 * admin and the desk ask for a report of any period and watch it being made.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ArchivedReport, api, isOperator } from '../api.js';
import { useUser } from '../auth.js';
import { CompanyFrame, useTenant } from '../components/desk-company.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang, type Lang } from '../i18n/index.js';
import { useData } from '../use-data.js';

const POLL_MS = 1500;

/** "2026年10月" for a whole Tokyo month, else "2026/10/01 – 2026/10/15". */
function periodLabel(r: ArchivedReport, lang: Lang): string {
  const loc = lang === 'en' ? 'en-GB' : 'ja-JP';
  const from = new Date(r.from);
  const to = new Date(r.to);
  const day = (d: Date) =>
    d.toLocaleDateString(loc, { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
  const tokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000);
  const f = tokyo(from);
  const t = tokyo(to);
  const wholeMonth =
    f.getUTCDate() === 1 &&
    t.getUTCDate() === 1 &&
    f.getUTCHours() === 0 &&
    t.getUTCHours() === 0 &&
    t.getUTCFullYear() * 12 + t.getUTCMonth() - (f.getUTCFullYear() * 12 + f.getUTCMonth()) === 1;
  if (wholeMonth)
    return from.toLocaleDateString(loc, { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long' });
  return `${day(from)} – ${day(new Date(to.getTime() - 1))}`;
}

/** The last twelve whole months (Tokyo) as yyyy-mm, newest first. */
function recentMonths(nowMs: number): string[] {
  const t = new Date(nowMs + 9 * 3_600_000);
  let y = t.getUTCFullYear();
  let m = t.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

function monthRange(ym: string): { from: string; to: string } {
  const [y, m] = ym.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${ym}-01`, to: `${next}-01` };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function Status({ r }: { r: ArchivedReport }) {
  const { t } = useTranslation();
  if (r.status === 'queued' || r.status === 'running')
    return (
      <span className="report-progress">
        <progress max={100} value={r.progress} aria-label={t('reports.making')} />{' '}
        {r.status === 'queued'
          ? t('reports.status.queued')
          : t('reports.status.running', { pct: r.progress })}
      </span>
    );
  return <span className={`badge report-${r.status}`}>{t(`reports.status.${r.status}`)}</span>;
}

function RequestForm({ tenant, onRequested }: { tenant: string; onRequested: () => void }) {
  const { t } = useTranslation();
  const ids = { mode: useId(), month: useId(), from: useId(), to: useId(), lang: useId() };
  const months = recentMonths(Date.now());
  const [mode, setMode] = useState<'month' | 'range'>('month');
  const [month, setMonth] = useState(months[0]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [lang, setLang] = useState<Lang>(currentLang());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const period = mode === 'month' ? monthRange(month) : { from, to: to ? nextDay(to) : '' };
    if (!period.from || !period.to) {
      setError(t('reports.form.needDates'));
      return;
    }
    setBusy(true);
    try {
      await api.requestReport(tenant, { ...period, lang });
      onRequested();
    } catch (err) {
      setError(err instanceof ApiError ? t('reports.form.failed', { message: err.message }) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel report-form" onSubmit={submit} aria-labelledby={ids.mode}>
      <h2 id={ids.mode}>{t('reports.form.title')}</h2>
      <p className="help">{t('reports.form.help')}</p>
      <fieldset className="plain-fieldset">
        <legend className="sr-only">{t('reports.form.periodKind')}</legend>
        <div className="segmented">
          <button type="button" aria-pressed={mode === 'month'} onClick={() => setMode('month')}>
            {t('reports.form.byMonth')}
          </button>
          <button type="button" aria-pressed={mode === 'range'} onClick={() => setMode('range')}>
            {t('reports.form.byRange')}
          </button>
        </div>
      </fieldset>
      <div className="form-row">
        {mode === 'month' ? (
          <div className="field">
            <label htmlFor={ids.month}>{t('reports.form.month')}</label>
            <select id={ids.month} value={month} onChange={(e) => setMonth(e.target.value)}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {periodLabel(
                    {
                      from: new Date(`${monthRange(m).from}T00:00:00+09:00`).toISOString(),
                      to: new Date(`${monthRange(m).to}T00:00:00+09:00`).toISOString(),
                    } as ArchivedReport,
                    currentLang(),
                  )}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={ids.from}>{t('reports.form.from')}</label>
              <input
                id={ids.from}
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
                required
              />
            </div>
            <div className="field">
              <label htmlFor={ids.to}>{t('reports.form.to')}</label>
              <input id={ids.to} type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={ids.lang}>{t('reports.form.lang')}</label>
          <select id={ids.lang} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </div>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('reports.form.submit')}
      </button>
    </form>
  );
}

function ReportList({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const user = useUser();
  const q = useData((signal) => api.reports(tenant, { signal }), `reports-${tenant}`);
  const list = q.data?.reports ?? [];
  const pending = list.some((r) => r.status === 'queued' || r.status === 'running');
  const { reload } = q;
  // a report being made is watched until it is ready
  // biome-ignore lint/correctness/useExhaustiveDependencies: q.data: poll again after each answer
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, reload, q.data]);
  const mayRequest = isOperator(user.role) || user.role === 'company-admin';
  return (
    <>
      {mayRequest && q.data?.canRequest ? <RequestForm tenant={tenant} onRequested={reload} /> : null}
      <section className="section" aria-labelledby="reports-list">
        <h2 id="reports-list">{t('reports.listTitle')}</h2>
        <DataStatus state={q} />
        {q.data ? (
          list.length === 0 ? (
            <p className="empty panel">{t('reports.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data reports-table">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.col.period')}</th>
                    <th scope="col">{t('reports.col.kind')}</th>
                    <th scope="col">{t('reports.col.lang')}</th>
                    <th scope="col">{t('reports.col.status')}</th>
                    <th scope="col" className="num">
                      {t('reports.col.pages')}
                    </th>
                    <th scope="col">{t('reports.col.made')}</th>
                    <th scope="col">{t('reports.col.file')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{periodLabel(r, lang)}</th>
                      <td>{t(`reports.kind.${r.kind}`)}</td>
                      <td>{r.lang === 'en' ? 'English' : '日本語'}</td>
                      <td>
                        <Status r={r} />
                      </td>
                      <td className="num">{fmtNumber(r.pages, lang)}</td>
                      <td>{fmtDateTime(r.finishedAt ?? r.createdAt, lang)}</td>
                      <td>
                        {r.download ? (
                          <a href={r.download} download>
                            {t('reports.download', { period: periodLabel(r, lang) })}
                          </a>
                        ) : (
                          '–'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
    </>
  );
}

export function CompanyReportsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <CompanyFrame title={(name) => t('reports.title', { name })} intro={t('reports.intro')}>
      {() => <ReportList tenant={tenant} />}
    </CompanyFrame>
  );
}
