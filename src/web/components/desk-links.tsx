/**
 * What a case is linked to: observables (addresses, domains, hashes … added and removed
 * by staff), the alerts escalated into it or linked by id, and events kept as evidence.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OBSERVABLE_TYPES, type ObservableType } from '../../desk/model.js';
import { api, type CaseLink, type DeskAlert } from '../api.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { alertTitle, LevelBadge, useAction } from './desk-ui.js';
import { FlashLine } from './flash-message.js';
import { Field } from './form-field.js';

export function LinksPanel({
  caseId,
  links,
  alerts,
  onChange,
}: {
  caseId: string;
  links: readonly CaseLink[];
  alerts: readonly DeskAlert[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, msg, run } = useAction();
  const [type, setType] = useState<ObservableType>('ip');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [alertId, setAlertId] = useState('');
  const observables = links.filter((l) => l.kind === 'observable');
  const events = links.filter((l) => l.kind === 'event');

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    const ok = await run(async () => {
      await api.desk.addLink(caseId, {
        kind: 'observable',
        type,
        value: value.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onChange();
    }, t('links.added'));
    if (ok) {
      setValue('');
      setNote('');
    }
  };
  const linkAlert = async (e: FormEvent) => {
    e.preventDefault();
    if (!alertId.trim()) return;
    const ok = await run(async () => {
      await api.desk.addLink(caseId, { kind: 'alert', alertId: alertId.trim() });
      onChange();
    }, t('links.added'));
    if (ok) setAlertId('');
  };
  const remove = (l: CaseLink) =>
    run(async () => {
      await api.desk.removeLink(caseId, { kind: l.kind, type: l.type, value: l.value });
      onChange();
    }, t('links.removed'));

  return (
    <div className="stack">
      <h3>{t('links.observables')}</h3>
      {observables.length === 0 ? (
        <p className="muted">{t('links.noObservables')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data compact">
            <caption className="sr-only">{t('links.observables')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('links.type')}</th>
                <th scope="col">{t('links.value')}</th>
                <th scope="col">{t('links.note')}</th>
                <th scope="col">{t('links.addedAt')}</th>
                <th scope="col">
                  <span className="sr-only">{t('users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {observables.map((l) => (
                <tr key={`${l.type}:${l.value}`}>
                  <td>{t(`desk.observableTypes.${l.type}`, { defaultValue: l.type })}</td>
                  <th scope="row" className="mono">
                    {l.value}
                  </th>
                  <td>{l.note ?? ''}</td>
                  <td className="nowrap">{fmtDateTime(l.createdAt, lang)}</td>
                  <td>
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t('links.removeOne', { value: l.value })}
                      onClick={() => void remove(l)}
                    >
                      {t('links.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={add} className="form-grid" aria-label={t('links.add')}>
        <div className="field">
          <label htmlFor="lk-type">{t('links.type')}</label>
          <select id="lk-type" value={type} onChange={(e) => setType(e.target.value as ObservableType)}>
            {OBSERVABLE_TYPES.map((o) => (
              <option key={o} value={o}>
                {t(`desk.observableTypes.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <Field id="lk-value" label={t('links.value')} required value={value} onValue={setValue} />
        <Field id="lk-note" label={t('links.note')} value={note} onValue={setNote} />
        <div className="buttons">
          <button type="submit" disabled={busy || !value.trim()}>
            {t('links.add')}
          </button>
        </div>
      </form>

      <h3>{t('links.alerts')}</h3>
      {alerts.length === 0 ? (
        <p className="muted">{t('links.noAlerts')}</p>
      ) : (
        <ul className="plain-list">
          {alerts.map((a) => (
            <li key={a.id}>
              <LevelBadge level={a.level} />{' '}
              <Link to={`/desk/alerts/${encodeURIComponent(a.id)}`}>{alertTitle(a, lang)}</Link>{' '}
              <span className="muted small">
                {t('links.alertSeen', {
                  n: fmtNumber(a.count, lang),
                  at: fmtDateTime(a.lastSeenAt, lang),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={linkAlert} className="inline-form" aria-label={t('links.linkAlert')}>
        <label htmlFor="lk-alert">{t('links.alertId')}</label>
        <input id="lk-alert" value={alertId} onChange={(e) => setAlertId(e.target.value)} />
        <button type="submit" disabled={busy || !alertId.trim()}>
          {t('links.linkAlert')}
        </button>
      </form>

      {events.length > 0 ? (
        <>
          <h3>{t('links.events')}</h3>
          <ul className="plain-list">
            {events.map((l) => (
              <li key={`${l.type}:${l.value}`} className="mono small">
                {l.type}: {l.value}
                {l.note ? <span className="muted"> — {l.note}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <FlashLine msg={msg} />
    </div>
  );
}
