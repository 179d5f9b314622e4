/**
 * A company's cyber-insurance policies (/companies/:tenant/insurance): read-only for the
 * company; the desk (operator-admin, agent) adds a policy here, and claims start from it
 * in a case.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COST_KINDS, type CostKind } from '../../desk/model.js';
import { api, type Policy } from '../api.js';
import { useUser } from '../auth.js';
import { CompanyFrame, useTenant } from '../components/desk-company.js';
import { asciiDigits, canWriteInsurance, fieldErrorText, fmtYen } from '../components/desk-ui.js';
import { type Flash, FlashMessage } from '../components/flash-message.js';
import { Field, FormError } from '../components/form-field.js';
import { DataStatus } from '../components/status.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';

function PolicyCard({ p }: { p: Policy }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <article className="card policy" aria-labelledby={`pol-${p.id}`}>
      <h3 id={`pol-${p.id}`}>
        {p.insurer}
        {p.product ? ` ${p.product}` : ''}{' '}
        <span className={`badge ${p.active ? 'policy-active' : 'policy-inactive'}`}>
          {p.active ? t('policies.active') : t('policies.inactive')}
        </span>
      </h3>
      <dl className="facts">
        <dt>{t('policies.policyNumber')}</dt>
        <dd className="mono">{p.policyNumber}</dd>
        <dt>{t('policies.period')}</dt>
        <dd>
          {p.periodStart} – {p.periodEnd}
        </dd>
        <dt>{t('policies.limitTotal')}</dt>
        <dd>{fmtYen(p.limitTotalYen, lang)}</dd>
        <dt>{t('policies.limitPerIncident')}</dt>
        <dd>{fmtYen(p.limitPerIncidentYen, lang)}</dd>
        <dt>{t('policies.deductible')}</dt>
        <dd>{fmtYen(p.deductibleYen, lang)}</dd>
        <dt>{t('policies.covered')}</dt>
        <dd>
          {p.covered.length > 0
            ? p.covered.map((k) => t(`desk.costKinds.${k}`)).join(t('desk.listSep'))
            : t('app.none')}
        </dd>
        {p.insurerContact ? (
          <>
            <dt>{t('policies.insurerContact')}</dt>
            <dd>{p.insurerContact}</dd>
          </>
        ) : null}
        {p.notes ? (
          <>
            <dt>{t('policies.notes')}</dt>
            <dd className="pre-line">{p.notes}</dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

const yen = (v: string): number => Number(asciiDigits(v).replace(/[,\s円¥]/g, ''));

function AddPolicy({ tenant, onDone }: { tenant: string; onDone: (m: Flash) => void }) {
  const { t } = useTranslation();
  const [insurer, setInsurer] = useState('');
  const [policyNumber, setPolicyNumber] = useState('');
  const [product, setProduct] = useState('');
  const [limitTotal, setLimitTotal] = useState('');
  const [limitPer, setLimitPer] = useState('');
  const [deductible, setDeductible] = useState('0');
  const [covered, setCovered] = useState<CostKind[]>([...COST_KINDS]);
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [contact, setContact] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (periodEnd && periodStart && periodEnd < periodStart) return setError(t('policies.badPeriod'));
    setBusy(true);
    setError(null);
    try {
      await api.desk.createPolicy(tenant, {
        insurer: insurer.trim(),
        policyNumber: policyNumber.trim(),
        ...(product.trim() ? { product: product.trim() } : {}),
        limitTotalYen: yen(limitTotal),
        ...(limitPer.trim() ? { limitPerIncidentYen: yen(limitPer) } : {}),
        deductibleYen: yen(deductible || '0'),
        covered,
        periodStart,
        periodEnd,
        ...(contact.trim() ? { insurerContact: contact.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setInsurer('');
      setPolicyNumber('');
      setProduct('');
      setLimitTotal('');
      setLimitPer('');
      onDone({ ok: true, text: t('policies.added') });
    } catch (err) {
      setError(
        fieldErrorText(t, err, {
          insurer: t('policies.insurer'),
          policyNumber: t('policies.policyNumber'),
          product: t('policies.product'),
          limitTotalYen: t('policies.limitTotalYen'),
          limitPerIncidentYen: t('policies.limitPerIncidentYen'),
          deductibleYen: t('policies.deductibleYen'),
          covered: t('policies.covered'),
          periodStart: t('policies.periodStart'),
          periodEnd: t('policies.periodEnd'),
          insurerContact: t('policies.insurerContact'),
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  const toggle = (k: CostKind) => setCovered((c) => (c.includes(k) ? c.filter((x) => x !== k) : [...c, k]));
  return (
    <details className="panel">
      <summary>{t('policies.add')}</summary>
      <form onSubmit={submit} className="stack">
        <div className="form-grid">
          <Field
            id="po-insurer"
            label={t('policies.insurer')}
            required
            value={insurer}
            onValue={setInsurer}
          />
          <Field
            id="po-number"
            label={t('policies.policyNumber')}
            required
            value={policyNumber}
            onValue={setPolicyNumber}
          />
          <Field id="po-product" label={t('policies.product')} value={product} onValue={setProduct} />
          <Field
            id="po-start"
            label={t('policies.periodStart')}
            type="date"
            required
            value={periodStart}
            onValue={setPeriodStart}
          />
          <Field
            id="po-end"
            label={t('policies.periodEnd')}
            type="date"
            required
            value={periodEnd}
            onValue={setPeriodEnd}
          />
          <Field
            id="po-limit"
            label={t('policies.limitTotalYen')}
            required
            inputMode="numeric"
            pattern="[0-9,]+"
            value={limitTotal}
            onValue={setLimitTotal}
          />
          <Field
            id="po-limit-per"
            label={t('policies.limitPerIncidentYen')}
            inputMode="numeric"
            pattern="[0-9,]*"
            value={limitPer}
            onValue={setLimitPer}
          />
          <Field
            id="po-deductible"
            label={t('policies.deductibleYen')}
            required
            inputMode="numeric"
            pattern="[0-9,]+"
            value={deductible}
            onValue={setDeductible}
          />
          <Field id="po-contact" label={t('policies.insurerContact')} value={contact} onValue={setContact} />
        </div>
        <fieldset className="radios">
          <legend>{t('policies.covered')}</legend>
          {COST_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={covered.includes(k)} onChange={() => toggle(k)} />
              {t(`desk.costKinds.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="po-notes">{t('policies.notes')}</label>
          <textarea id="po-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('policies.add')}
          </button>
        </div>
      </form>
    </details>
  );
}

function Policies({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const me = useUser();
  const [msg, setMsg] = useState<Flash>(null);
  const q = useData((signal) => api.desk.policies(tenant, { signal }), `policies-${tenant}`);
  return (
    <>
      <FlashMessage msg={msg} />
      {canWriteInsurance(me.role) ? (
        <AddPolicy
          tenant={tenant}
          onDone={(m) => {
            setMsg(m);
            q.reload();
          }}
        />
      ) : null}
      <DataStatus state={q} />
      {q.data ? (
        q.data.policies.length === 0 ? (
          <p className="empty panel">{t('policies.none')}</p>
        ) : (
          <div className="card-grid policy-grid">
            {q.data.policies.map((p) => (
              <PolicyCard key={p.id} p={p} />
            ))}
          </div>
        )
      ) : null}
    </>
  );
}

export function InsurancePage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <CompanyFrame title={(name) => t('policies.title', { name })} intro={t('policies.intro')}>
      {() => <Policies tenant={tenant} />}
    </CompanyFrame>
  );
}
