/**
 * One alert for staff (/desk/alerts/:id): what fired and where, the rule's description,
 * ATT&CK tags and known false positives, sample events, and the actions (acknowledge,
 * close with a reason, escalate into a new case or an open case of the same company).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ALERT_CLOSE_REASONS, type AlertCloseReason, PRIORITIES, type Priority } from '../../desk/model.js';
import { api, type DeskAlert, type DeskAlertEvent } from '../api.js';
import { useUser } from '../auth.js';
import { alertTitle, canWriteCases, LevelBadge, ScrollTable, useAction } from '../components/desk-ui.js';
import { FlashMessage } from '../components/flash-message.js';
import { Field } from '../components/form-field.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';
import { AlertStatusCell } from './alerts-queue.js';

/** Sigma-style tags: `attack.t1071.001` names an ATT&CK technique (linked), the rest are tactics or labels. */
export function AttackTags({ tags }: { tags: readonly string[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) return <p className="muted">{t('app.none')}</p>;
  return (
    <ul className="tags">
      {tags.map((tag) => {
        const m = /^attack\.(t\d{4})(?:\.(\d{3}))?$/i.exec(tag);
        if (!m) return <li key={tag}>{tag.replace(/^attack\./, '').replaceAll('_', ' ')}</li>;
        const id = m[1].toUpperCase();
        const href = `https://attack.mitre.org/techniques/${id}/${m[2] ? `${m[2]}/` : ''}`;
        return (
          <li key={tag}>
            <a href={href} target="_blank" rel="noreferrer noopener">
              {m[2] ? `${id}.${m[2]}` : id}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function SampleEvents({ events }: { events: DeskAlertEvent[] }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (events.length === 0) return <p className="muted">{t('alertDetail.noEvents')}</p>;
  const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return (
    <ScrollTable label={t('alertDetail.events')}>
      <table className="data compact">
        <caption className="sr-only">{t('alertDetail.events')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('events.time')}</th>
            <th scope="col">{t('events.action')}</th>
            <th scope="col">{t('events.source')}</th>
            <th scope="col">{t('events.destination')}</th>
            <th scope="col">{t('events.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: sample events have no id and never move
            <tr key={i}>
              <td className="nowrap">{fmtDateTime(str(e.ts), lang)}</td>
              <td>
                {str(e.action) ? t(`events.actions.${e.action}`, { defaultValue: str(e.action) }) : '–'}
              </td>
              <td className="mono nowrap">
                {str(e.src_ip) ?? '–'}
                {str(e.src_port) ? `:${e.src_port}` : ''}
              </td>
              <td className="mono nowrap">
                {str(e.domain) ?? str(e.dst_ip) ?? '–'}
                {str(e.dst_port) && !e.domain ? `:${e.dst_port}` : ''}
              </td>
              <td className="detail">
                {[e.threat, e.app, e.url, e.user].map(str).filter(Boolean).join(' / ') || str(e.kind) || '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function Actions({ alert, onDone }: { alert: DeskAlert; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const { busy, msg, run } = useAction();
  const [ackNote, setAckNote] = useState('');
  const [reason, setReason] = useState<AlertCloseReason>('benign');
  const [closeNote, setCloseNote] = useState('');
  const [target, setTarget] = useState('new');
  const [priority, setPriority] = useState<Priority>(alert.level === 'critical' ? 'critical' : 'high');
  const [title, setTitle] = useState(alertTitle(alert, lang));
  const open = useData(
    (signal) => api.desk.cases({ tenant: alert.tenant, status: 'open', limit: 100 }, { signal }),
    `open-cases-${alert.tenant}`,
  );
  const done = alert.status === 'closed' || alert.status === 'escalated';
  if (done) return <p className="muted">{t('alertDetail.finished')}</p>;

  const acknowledge = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.desk.acknowledgeAlert(alert.id, ackNote ? { note: ackNote } : {});
      onDone();
    }, t('alertDetail.acknowledged'));
  };
  const close = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.desk.closeAlert(alert.id, { reason, ...(closeNote ? { note: closeNote } : {}) });
      onDone();
    }, t('alertDetail.closed'));
  };
  const escalate = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.desk.escalateAlert(
        alert.id,
        target === 'new' ? { priority, ...(title ? { title } : {}) } : { caseId: target },
      );
      navigate(`/desk/cases/${encodeURIComponent(r.case.id)}`);
    });
  };
  return (
    <section className="section" aria-labelledby="act-title">
      <h2 id="act-title">{t('alertDetail.actions')}</h2>
      <FlashMessage msg={msg} />
      <div className="card-grid wide">
        {alert.status === 'new' ? (
          <form className="panel" onSubmit={acknowledge}>
            <h3>{t('alertsQueue.acknowledge')}</h3>
            <p className="help">{t('alertDetail.acknowledgeHelp')}</p>
            <Field id="ad-ack-note" label={t('alertsQueue.note')} value={ackNote} onValue={setAckNote} />
            <button type="submit" disabled={busy}>
              {t('alertsQueue.acknowledge')}
            </button>
          </form>
        ) : null}
        <form className="panel" onSubmit={close}>
          <h3>{t('alertsQueue.close')}</h3>
          <div className="field">
            <label htmlFor="ad-reason">{t('alertsQueue.reason')}</label>
            <select
              id="ad-reason"
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
          <Field id="ad-close-note" label={t('alertsQueue.note')} value={closeNote} onValue={setCloseNote} />
          <button type="submit" disabled={busy}>
            {t('alertsQueue.close')}
          </button>
        </form>
        <form className="panel" onSubmit={escalate}>
          <h3>{t('alertsQueue.escalate')}</h3>
          <div className="field">
            <label htmlFor="ad-target">{t('alertDetail.target')}</label>
            <select id="ad-target" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="new">{t('alertDetail.newCase')}</option>
              {(open.data?.cases ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number} {c.title}
                </option>
              ))}
            </select>
          </div>
          {target === 'new' ? (
            <>
              <Field id="ad-title" label={t('case.title')} value={title} onValue={setTitle} />
              <div className="field">
                <label htmlFor="ad-priority">{t('case.priority')}</label>
                <select
                  id="ad-priority"
                  value={priority}
                  onChange={(e) => setPriority(e.target.value as Priority)}
                >
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`desk.priorities.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {t('alertsQueue.escalate')}
          </button>
        </form>
      </div>
    </section>
  );
}

export function AlertDetailPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const { id = '' } = useParams();
  const q = useData((signal) => api.desk.alert(id, { signal }), id);
  const a = q.data?.alert;
  useTitle(a ? alertTitle(a, lang) : null);
  if (q.error) return <ErrorMessage error={q.error} onRetry={q.reload} page />;
  if (!q.data || !a) return <Loading />;
  const rule = q.data.rule;
  const description = rule
    ? lang === 'en'
      ? rule.description || rule.descriptionJa
      : rule.descriptionJa || rule.description
    : null;
  const falsePositives = rule
    ? lang === 'en' || !rule.falsepositivesJa?.length
      ? rule.falsepositives
      : rule.falsepositivesJa
    : [];
  const groups = Object.entries(a.groupFields ?? {}).filter(([, v]) => v !== null && v !== '');
  return (
    <div className="page">
      <header className="page-head">
        <p className="crumb">
          <Link to="/desk/alerts">{t('alertDetail.back')}</Link>
        </p>
        <h1>
          <LevelBadge level={a.level} /> {alertTitle(a, lang)}
        </h1>
        <p className="facts-line">
          <Link to={`/companies/${encodeURIComponent(a.tenant)}`}>{a.companyName}</Link>
          {' / '}
          <span className="mono">{a.ruleId}</span>
        </p>
      </header>
      <section className="panel" aria-labelledby="ad-facts">
        <h2 id="ad-facts">{t('alertDetail.facts')}</h2>
        <dl className="facts">
          <dt>{t('alertsQueue.status')}</dt>
          <dd>
            <AlertStatusCell a={a} />
          </dd>
          <dt>{t('alertsQueue.count')}</dt>
          <dd>{fmtNumber(a.count, lang)}</dd>
          <dt>{t('alertsQueue.firstSeen')}</dt>
          <dd>{fmtDateTime(a.firstSeenAt, lang)}</dd>
          <dt>{t('alertsQueue.lastSeen')}</dt>
          <dd>{fmtDateTime(a.lastSeenAt, lang)}</dd>
          <dt>{t('alertDetail.device')}</dt>
          <dd className="mono">{a.device ?? '–'}</dd>
          {groups.map(([k, v]) => (
            <div key={k} className="contents">
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
          {a.acknowledgedAt ? (
            <>
              <dt>{t('alertDetail.acknowledgedBy')}</dt>
              <dd>
                {a.acknowledgedBy ?? '–'} ({fmtDateTime(a.acknowledgedAt, lang)})
              </dd>
            </>
          ) : null}
          {a.closedAt ? (
            <>
              <dt>{t('alertDetail.closedBy')}</dt>
              <dd>
                {a.closedBy ?? '–'} ({fmtDateTime(a.closedAt, lang)})
                {a.closeNote ? <div>{a.closeNote}</div> : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="section" aria-labelledby="ad-rule">
        <h2 id="ad-rule">{t('alertDetail.rule')}</h2>
        {rule ? (
          <div className="panel">
            <h3>{lang === 'en' ? rule.title : rule.titleJa || rule.title}</h3>
            <p className="pre-line">{description || t('app.none')}</p>
            <h4>{t('alertDetail.tags')}</h4>
            <AttackTags tags={rule.tags ?? a.tags} />
            <h4>{t('alertDetail.falsePositives')}</h4>
            {falsePositives.length ? (
              <ul>
                {falsePositives.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('app.none')}</p>
            )}
          </div>
        ) : (
          <p className="muted">{t('alertDetail.noRule')}</p>
        )}
      </section>
      <section className="section" aria-labelledby="ad-events">
        <h2 id="ad-events">{t('alertDetail.events')}</h2>
        <SampleEvents events={q.data.events} />
      </section>
      {canWriteCases(me.role) ? <Actions alert={a} onDone={q.reload} /> : null}
    </div>
  );
}
