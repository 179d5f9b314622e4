/**
 * A company's cyber-insurance policies (/companies/:tenant/insurance): read-only for the
 * company; the desk (operator-admin, agent) adds and corrects policies here, and claims
 * start from them in a case.
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

function PolicyCard({ p, onChanged }: { p: Policy; onChanged: (m: Flash) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <PolicyForm
        tenant={p.tenant}
        initial={p}
        onDone={(m) => {
          setEditing(false);
          onChanged(m);
        }}
        onCancel={() => setEditing(false)}
      />
    );
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
      {canWriteInsurance(me.role) ? (
        <div className="buttons">
          <button type="button" onClick={() => setEditing(true)}>
            {t('policies.edit')}
          </button>
        </div>
      ) : null}
    </article>
  );
}

const yen = (v: string): number => Number(asciiDigits(v).replace(/[,\s円¥]/g, ''));

/** Adds a policy, or corrects `initial` (every field sent, so a cleared one is cleared). */
function PolicyForm({
  tenant,
  initial,
  onDone,
  onCancel,
}: {
  tenant: string;
  initial?: Policy;
  onDone: (m: Flash) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const ids = initial ? `po-${initial.id}` : 'po';
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  const [insurer, setInsurer] = useState(initial?.insurer ?? '');
  const [policyNumber, setPolicyNumber] = useState(initial?.policyNumber ?? '');
  const [product, setProduct] = useState(initial?.product ?? '');
  const [limitTotal, setLimitTotal] = useState(text(initial?.limitTotalYen));
  const [limitPer, setLimitPer] = useState(text(initial?.limitPerIncidentYen));
  const [deductible, setDeductible] = useState(text(initial?.deductibleYen ?? 0));
  const [covered, setCovered] = useState<CostKind[]>(initial ? [...initial.covered] : [...COST_KINDS]);
  const [periodStart, setPeriodStart] = useState(initial?.periodStart ?? '');
  const [periodEnd, setPeriodEnd] = useState(initial?.periodEnd ?? '');
  const [contact, setContact] = useState(initial?.insurerContact ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (periodEnd && periodStart && periodEnd < periodStart) return setError(t('policies.badPeriod'));
    setBusy(true);
    setError(null);
    try {
      if (initial) {
        await api.desk.updatePolicy(initial.id, {
          insurer: insurer.trim(),
          policyNumber: policyNumber.trim(),
          product: product.trim() || null,
          limitTotalYen: yen(limitTotal),
          limitPerIncidentYen: limitPer.trim() ? yen(limitPer) : null,
          deductibleYen: yen(deductible || '0'),
          covered,
          periodStart,
          periodEnd,
          insurerContact: contact.trim() || null,
          notes: notes.trim() || null,
        });
        return onDone({ ok: true, text: t('policies.updated') });
      }
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
  const form = (
    <form onSubmit={submit} className="stack" aria-label={initial ? t('policies.edit') : t('policies.add')}>
      <div className="form-grid">
        <Field
          id={`${ids}-insurer`}
          label={t('policies.insurer')}
          required
          value={insurer}
          onValue={setInsurer}
        />
        <Field
          id={`${ids}-number`}
          label={t('policies.policyNumber')}
          required
          value={policyNumber}
          onValue={setPolicyNumber}
        />
        <Field id={`${ids}-product`} label={t('policies.product')} value={product} onValue={setProduct} />
        <Field
          id={`${ids}-start`}
          label={t('policies.periodStart')}
          type="date"
          required
          value={periodStart}
          onValue={setPeriodStart}
        />
        <Field
          id={`${ids}-end`}
          label={t('policies.periodEnd')}
          type="date"
          required
          value={periodEnd}
          onValue={setPeriodEnd}
        />
        <Field
          id={`${ids}-limit`}
          label={t('policies.limitTotalYen')}
          required
          inputMode="numeric"
          pattern="[0-9,]+"
          value={limitTotal}
          onValue={setLimitTotal}
        />
        <Field
          id={`${ids}-limit-per`}
          label={t('policies.limitPerIncidentYen')}
          inputMode="numeric"
          pattern="[0-9,]*"
          value={limitPer}
          onValue={setLimitPer}
        />
        <Field
          id={`${ids}-deductible`}
          label={t('policies.deductibleYen')}
          required
          inputMode="numeric"
          pattern="[0-9,]+"
          value={deductible}
          onValue={setDeductible}
        />
        <Field
          id={`${ids}-contact`}
          label={t('policies.insurerContact')}
          value={contact}
          onValue={setContact}
        />
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
        <label htmlFor={`${ids}-notes`}>{t('policies.notes')}</label>
        <textarea id={`${ids}-notes`} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {initial ? t('policies.save') : t('policies.add')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('policies.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
  if (initial)
    return (
      <section className="card policy" aria-label={t('policies.edit')}>
        {form}
      </section>
    );
  return (
    <details className="panel">
      <summary>{t('policies.add')}</summary>
      {form}
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
        <PolicyForm
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
              <PolicyCard
                key={p.id}
                p={p}
                onChanged={(m) => {
                  setMsg(m);
                  q.reload();
                }}
              />
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
