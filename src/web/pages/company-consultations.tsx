/**
 * A company's consultations (/companies/:tenant/consultations): the "相談する" button
 * and every consultation with where it stands. The form (…/consultations/new) asks in
 * plain words what happened, when, on which PC, how urgent, and whom to call back.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { URGENCIES, type Urgency } from '../../desk/model.js';
import { api, isOperator } from '../api.js';
import { useUser } from '../auth.js';
import { CompanyFrame, useTenant } from '../components/desk-company.js';
import {
  asciiDigits,
  CaseStatusBadge,
  fieldErrorText,
  jstLocalToMs,
  nowJstLocal,
} from '../components/desk-ui.js';
import { Field, FormError } from '../components/form-field.js';
import { DataStatus, NotFound } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';

/** Who may send a consultation: the company's admin, and staff on its behalf. */
function maySend(role: string): boolean {
  return role === 'company-admin' || ['operator-admin', 'analyst', 'agent'].includes(role);
}

function List({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const q = useData((signal) => api.desk.companyCases(tenant, { signal }), `consult-${tenant}`);
  const base = `/companies/${encodeURIComponent(tenant)}/consultations`;
  return (
    <section className="section" aria-labelledby="cl-title">
      <h2 id="cl-title">{t('consult.listTitle')}</h2>
      <DataStatus state={q} />
      {q.data ? (
        q.data.cases.length === 0 ? (
          <p className="empty">{t('consult.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data consultations">
              <caption className="sr-only">{t('consult.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('consult.subject')}</th>
                  <th scope="col">{t('consult.state')}</th>
                  <th scope="col">{t('consult.sentAt')}</th>
                  <th scope="col">{t('consult.lastMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.cases.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`${base}/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                      <div className="small muted mono">{c.number}</div>
                    </th>
                    <td>
                      <CaseStatusBadge status={c.status} />
                    </td>
                    <td className="nowrap">{fmtDateTime(c.createdAt, lang)}</td>
                    <td className="nowrap">{fmtDateTime(c.lastMessageAt ?? c.updatedAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

export function ConsultationsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const me = useUser();
  return (
    <CompanyFrame title={(name) => t('consult.title', { name })} intro={t('consult.intro')}>
      {() => (
        <>
          {maySend(me.role) ? (
            <p>
              <Link
                className="button primary big"
                to={`/companies/${encodeURIComponent(tenant)}/consultations/new`}
              >
                {t('consult.new')}
              </Link>
            </p>
          ) : (
            <p className="help">{t('consult.viewerHelp')}</p>
          )}
          <List tenant={tenant} />
        </>
      )}
    </CompanyFrame>
  );
}

function ConsultForm({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const [whatHappened, setWhatHappened] = useState('');
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState(nowJstLocal());
  const [host, setHost] = useState('');
  const [urgency, setUrgency] = useState<Urgency | ''>('');
  const [contactName, setContactName] = useState(isOperator(me.role) ? '' : me.name);
  const [contactPhone, setContactPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!whatHappened.trim()) return setError(t('consult.needWhat'));
    if (!urgency) return setError(t('consult.needUrgency'));
    const phone = asciiDigits(contactPhone);
    if (!/^[0-9+()\- ]{0,32}$/.test(phone)) return setError(t('consult.badPhone'));
    setBusy(true);
    setError(null);
    try {
      const at = jstLocalToMs(when);
      const r = await api.desk.consult(tenant, {
        whatHappened: whatHappened.trim(),
        urgency,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(at !== undefined ? { occurredAt: at } : {}),
        ...(host.trim() ? { affectedHost: host.trim() } : {}),
        ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
        ...(phone ? { contactPhone: phone } : {}),
      });
      navigate(`/companies/${encodeURIComponent(tenant)}/consultations/${encodeURIComponent(r.case.id)}`, {
        state: { sent: true },
      });
    } catch (err) {
      setError(
        fieldErrorText(t, err, {
          whatHappened: t('consult.whatHappened'),
          title: t('consult.titleLabel'),
          occurredAt: t('consult.when'),
          affectedHost: t('consult.which'),
          contactName: t('consult.contactName'),
          contactPhone: t('consult.contactPhone'),
        }),
      );
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="panel stack consult-form" noValidate>
      <div className="field">
        <label htmlFor="cf-what">{t('consult.whatHappened')}</label>
        <span id="cf-what-help" className="help">
          {t('consult.whatHelp')}
        </span>
        <textarea
          id="cf-what"
          rows={7}
          maxLength={4000}
          required
          aria-describedby="cf-what-help"
          value={whatHappened}
          onChange={(e) => setWhatHappened(e.target.value)}
        />
        <span className="help small">{t('consult.chars', { n: whatHappened.length, max: 4000 })}</span>
      </div>
      <Field
        id="cf-title"
        label={t('consult.titleLabel')}
        maxLength={200}
        placeholder={t('consult.titlePlaceholder')}
        value={title}
        onValue={setTitle}
      />
      <div className="form-grid">
        <Field id="cf-when" label={t('consult.when')} type="datetime-local" value={when} onValue={setWhen} />
        <Field
          id="cf-host"
          label={t('consult.which')}
          placeholder={t('consult.whichPlaceholder')}
          value={host}
          onValue={setHost}
        />
      </div>
      <fieldset className="radios urgency">
        <legend>{t('consult.urgency')}</legend>
        {URGENCIES.map((u) => (
          <label key={u} className="check big-choice">
            <input
              type="radio"
              name="cf-urgency"
              value={u}
              checked={urgency === u}
              onChange={() => setUrgency(u)}
            />
            <span>
              {t(`desk.urgency.${u}`)}
              <span className="help small block">{t(`consult.urgencyHelp.${u}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {urgency === 'now' ? (
        <p className="helpbox" role="note">
          {t('consult.nowNote')}
        </p>
      ) : null}
      <div className="form-grid">
        <Field
          id="cf-contact"
          label={t('consult.contactName')}
          autoComplete="name"
          value={contactName}
          onValue={setContactName}
        />
        <Field
          id="cf-phone"
          label={t('consult.contactPhone')}
          type="tel"
          autoComplete="tel"
          value={contactPhone}
          onValue={setContactPhone}
        />
      </div>
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" className="primary big" disabled={busy}>
          {t('consult.send')}
        </button>
      </div>
    </form>
  );
}

export function NewConsultationPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const me = useUser();
  if (!maySend(me.role)) return <NotFound />;
  return (
    <CompanyFrame
      title={() => t('consult.newTitle')}
      intro={t('consult.newIntro')}
      back={{ to: `/companies/${encodeURIComponent(tenant)}/consultations`, label: t('consult.back') }}
    >
      {() => <ConsultForm tenant={tenant} />}
    </CompanyFrame>
  );
}
