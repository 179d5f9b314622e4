/**
 * A new case logged by the desk (/desk/cases/new): a phone call or a mail written down
 * while the caller is still on the line. A template fills category, priority, title and
 * the checklist; everything stays editable.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CASE_CATEGORIES, type CaseCategory, PRIORITIES, type Priority } from '../../desk/model.js';
import { api, type CaseInput } from '../api.js';
import { useUser } from '../auth.js';
import { canWriteCases, fieldErrorText, jstLocalToMs, nowJstLocal, pickLang } from '../components/desk-ui.js';
import { Field, FormError } from '../components/form-field.js';
import { NotFound } from '../components/status.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

const CHANNELS = ['phone', 'mail', 'visit', 'web'] as const;

export function NewCasePage() {
  const { t } = useTranslation();
  useTitle(t('caseNew.title'));
  const lang = currentLang();
  const me = useUser();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const companies = useData((signal) => api.companies({ signal }), 'companies');
  const templates = useData((signal) => api.desk.templates({ signal }), 'templates');
  const [tenant, setTenant] = useState(sp.get('tenant') ?? '');
  const [template, setTemplate] = useState('');
  const [channel, setChannel] = useState<CaseInput['channel']>('phone');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<CaseCategory>('other');
  const [priority, setPriority] = useState<Priority>('normal');
  const [occurredAt, setOccurredAt] = useState(nowJstLocal());
  const [affectedHost, setAffectedHost] = useState('');
  const [reporterName, setReporterName] = useState('');
  const [reporterContact, setReporterContact] = useState('');
  const [mine, setMine] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canWriteCases(me.role)) return <NotFound />;

  const chooseTemplate = (id: string) => {
    setTemplate(id);
    const tpl = templates.data?.templates.find((x) => x.id === id);
    if (!tpl) return;
    setCategory(tpl.category);
    setPriority(tpl.priority);
    setTitle(pickLang(tpl.title, lang));
    if (!description.trim()) setDescription(pickLang(tpl.description, lang));
  };
  const chosen = templates.data?.templates.find((x) => x.id === template);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!tenant) return setError(t('caseNew.needCompany'));
    setBusy(true);
    setError(null);
    try {
      const occurred = jstLocalToMs(occurredAt);
      const r = await api.desk.createCase({
        tenant,
        title: title.trim(),
        description: description.trim(),
        category,
        channel,
        priority,
        ...(template ? { template } : {}),
        ...(occurred !== undefined ? { occurredAt: occurred } : {}),
        ...(affectedHost.trim() ? { affectedHost: affectedHost.trim() } : {}),
        ...(reporterName.trim() ? { reporterName: reporterName.trim() } : {}),
        ...(reporterContact.trim() ? { reporterContact: reporterContact.trim() } : {}),
        ...(mine ? { assigneeId: me.id } : {}),
      });
      navigate(`/desk/cases/${encodeURIComponent(r.case.id)}`);
    } catch (err) {
      setError(
        fieldErrorText(t, err, {
          tenant: t('desk.company'),
          title: t('case.title'),
          description: t('caseNew.whatHappened'),
          occurredAt: t('case.occurredAt'),
          affectedHost: t('case.affectedHost'),
          reporterName: t('case.reporterName'),
          reporterContact: t('case.reporterContact'),
        }),
      );
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1>{t('caseNew.title')}</h1>
      <p className="lead">{t('caseNew.intro')}</p>
      <form onSubmit={submit} className="panel stack">
        <div className="field">
          <label htmlFor="nc-tenant">{t('desk.company')}</label>
          <select id="nc-tenant" required value={tenant} onChange={(e) => setTenant(e.target.value)}>
            <option value="">{t('caseNew.chooseCompany')}</option>
            {(companies.data?.companies ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nc-template">{t('caseNew.template')}</label>
          <select id="nc-template" value={template} onChange={(e) => chooseTemplate(e.target.value)}>
            <option value="">{t('caseNew.noTemplate')}</option>
            {(templates.data?.templates ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {pickLang(x.title, lang)}
              </option>
            ))}
          </select>
          {chosen ? <p className="help">{t('caseNew.templateSteps', { n: chosen.steps.length })}</p> : null}
        </div>
        <fieldset className="radios">
          <legend>{t('case.channel')}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="check">
              <input
                type="radio"
                name="nc-channel"
                value={c}
                checked={channel === c}
                onChange={() => setChannel(c)}
              />
              {t(`desk.channels.${c}`)}
            </label>
          ))}
        </fieldset>
        <Field
          id="nc-title"
          label={t('case.title')}
          required
          maxLength={200}
          value={title}
          onValue={setTitle}
        />
        <div className="field">
          <label htmlFor="nc-description">{t('caseNew.whatHappened')}</label>
          <textarea
            id="nc-description"
            required
            rows={6}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="nc-category">{t('case.category')}</label>
            <select
              id="nc-category"
              value={category}
              onChange={(e) => setCategory(e.target.value as CaseCategory)}
            >
              {CASE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`desk.categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="nc-priority">{t('case.priority')}</label>
            <select
              id="nc-priority"
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
          <Field
            id="nc-occurred"
            label={t('case.occurredAt')}
            type="datetime-local"
            value={occurredAt}
            onValue={setOccurredAt}
          />
          <Field id="nc-host" label={t('case.affectedHost')} value={affectedHost} onValue={setAffectedHost} />
          <Field
            id="nc-reporter"
            label={t('case.reporterName')}
            value={reporterName}
            onValue={setReporterName}
          />
          <Field
            id="nc-contact"
            label={t('case.reporterContact')}
            value={reporterContact}
            onValue={setReporterContact}
          />
        </div>
        <div className="check">
          <input id="nc-mine" type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          <label htmlFor="nc-mine">{t('caseNew.assignMe')}</label>
        </div>
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('caseNew.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
