/**
 * Insurance claims of a case: start one from the company's policy, then keep its cost
 * items, the insurer's document checklist, its status and amounts; the totals (after
 * the deductible, capped at the limits) come from the server; the claim pack exports
 * as CSV or JSON for the insurer.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  CLAIM_DOCUMENT_STATUSES,
  CLAIM_STATUSES,
  type ClaimStatus,
  COST_KINDS,
  type CostKind,
} from '../../desk/model.js';
import { api, type Claim, type ClaimDocumentRow, type ClaimSummary, type Dispatch } from '../api.js';
import { currentLang } from '../i18n/index.js';
import { jstDate } from '../period.js';
import { useData } from '../use-data.js';
import { asciiDigits, fmtYen, isoToJstLocal, jstLocalToMs, useAction } from './desk-ui.js';
import { FlashLine } from './flash-message.js';
import { Field } from './form-field.js';
import { DataStatus } from './status.js';

function Totals({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const x = claim.totals;
  return (
    <dl className="facts totals">
      <dt>{t('claims.claimed')}</dt>
      <dd className="num">{fmtYen(x.claimedYen, lang)}</dd>
      <dt>{t('claims.covered')}</dt>
      <dd className="num">{fmtYen(x.coveredYen, lang)}</dd>
      <dt>{t('claims.uncovered')}</dt>
      <dd className="num">{fmtYen(x.uncoveredYen, lang)}</dd>
      <dt>{t('claims.deductible')}</dt>
      <dd className="num">{fmtYen(x.deductibleYen, lang)}</dd>
      <dt>{t('claims.payable')}</dt>
      <dd className="num">
        <strong>{fmtYen(x.payableYen, lang)}</strong>
      </dd>
    </dl>
  );
}

function Items({
  claim,
  dispatches,
  writer,
  reload,
}: {
  claim: Claim;
  dispatches: readonly Dispatch[];
  writer: boolean;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, msg, run } = useAction();
  const [kind, setKind] = useState<CostKind>('dispatch');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [incurredOn, setIncurredOn] = useState(jstDate(Date.now()));
  const [dispatchId, setDispatchId] = useState('');
  const p = `ci-${claim.id}`;
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const amountYen = Number(asciiDigits(amount).replace(/[,\s円¥]/g, ''));
    const ok = await run(async () => {
      await api.desk.addClaimItem(claim.id, {
        kind,
        description: description.trim(),
        amountYen,
        incurredOn,
        ...(kind === 'dispatch' && dispatchId ? { dispatchId } : {}),
      });
      reload();
    }, t('claims.itemAdded'));
    if (ok) {
      setDescription('');
      setAmount('');
    }
  };
  return (
    <>
      <div className="table-wrap">
        <table className="data compact">
          <caption>{t('claims.items')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('claims.kind')}</th>
              <th scope="col">{t('claims.description')}</th>
              <th scope="col">{t('claims.incurredOn')}</th>
              <th scope="col" className="num">
                {t('claims.amount')}
              </th>
              <th scope="col">{t('claims.coveredCol')}</th>
              {writer ? (
                <th scope="col">
                  <span className="sr-only">{t('users.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {claim.items.length === 0 ? (
              <tr>
                <td colSpan={writer ? 6 : 5}>{t('claims.noItems')}</td>
              </tr>
            ) : (
              claim.items.map((i) => (
                <tr key={i.id}>
                  <td>{t(`desk.costKinds.${i.kind}`)}</td>
                  <th scope="row">{i.description}</th>
                  <td className="nowrap">{i.incurredOn}</td>
                  <td className="num">{fmtYen(i.amountYen, lang)}</td>
                  <td>
                    {i.covered ? (
                      t('claims.isCovered')
                    ) : (
                      <span className="warn">{t('claims.notCovered')}</span>
                    )}
                  </td>
                  {writer ? (
                    <td>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('claims.removeItem', { description: i.description })}
                        onClick={() =>
                          void run(async () => {
                            await api.desk.removeClaimItem(claim.id, i.id);
                            reload();
                          })
                        }
                      >
                        {t('links.remove')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {writer ? (
        <form onSubmit={add} className="form-grid" aria-label={t('claims.addItem')}>
          <div className="field">
            <label htmlFor={`${p}-kind`}>{t('claims.kind')}</label>
            <select id={`${p}-kind`} value={kind} onChange={(e) => setKind(e.target.value as CostKind)}>
              {COST_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`desk.costKinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            id={`${p}-desc`}
            label={t('claims.description')}
            required
            value={description}
            onValue={setDescription}
          />
          <Field
            id={`${p}-amount`}
            label={t('claims.amountYen')}
            required
            inputMode="numeric"
            pattern="[0-9,]+"
            value={amount}
            onValue={setAmount}
          />
          <Field
            id={`${p}-date`}
            label={t('claims.incurredOn')}
            type="date"
            required
            value={incurredOn}
            onValue={setIncurredOn}
          />
          {kind === 'dispatch' && dispatches.length > 0 ? (
            <div className="field">
              <label htmlFor={`${p}-dispatch`}>{t('claims.dispatch')}</label>
              <select id={`${p}-dispatch`} value={dispatchId} onChange={(e) => setDispatchId(e.target.value)}>
                <option value="">{t('app.none')}</option>
                {dispatches.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.number}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {t('claims.addItem')}
            </button>
          </div>
        </form>
      ) : null}
      <FlashLine msg={msg} />
    </>
  );
}

function Documents({ claim, writer, reload }: { claim: Claim; writer: boolean; reload: () => void }) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const set = (docType: ClaimDocumentRow['docType'], status: ClaimDocumentRow['status']) =>
    run(async () => {
      await api.desk.setClaimDocument(claim.id, docType, { status });
      reload();
    });
  const missing = claim.documents.filter((d) => d.status === 'missing').length;
  return (
    <fieldset className="documents">
      <legend>{t('claims.documents')}</legend>
      <p className={missing > 0 ? 'help warn-text' : 'help'}>
        {missing > 0 ? t('claims.documentsMissing', { n: missing }) : t('claims.documentsReady')}
      </p>
      <ul className="plain-list">
        {claim.documents.map((d) => {
          const id = `doc-${claim.id}-${d.docType}`;
          return (
            <li key={d.docType} className="doc-row">
              <label htmlFor={id} className="doc-name">
                {t(`desk.claimDocuments.${d.docType}`)}
              </label>
              {writer ? (
                <select
                  id={id}
                  value={d.status}
                  disabled={busy}
                  onChange={(e) => void set(d.docType, e.target.value as ClaimDocumentRow['status'])}
                >
                  {CLAIM_DOCUMENT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`desk.documentStatus.${s}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <span id={id} className={`badge doc-${d.status}`}>
                  {t(`desk.documentStatus.${d.status}`)}
                </span>
              )}
              {d.note ? <span className="muted small"> {d.note}</span> : null}
            </li>
          );
        })}
      </ul>
      <FlashLine msg={msg} />
    </fieldset>
  );
}

function Progress({ claim, reload }: { claim: Claim; reload: () => void }) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const [status, setStatus] = useState<ClaimStatus>(claim.status);
  const [notified, setNotified] = useState(isoToJstLocal(claim.notifiedInsurerAt));
  const [submitted, setSubmitted] = useState(isoToJstLocal(claim.submittedAt));
  const [approved, setApproved] = useState(claim.approvedYen?.toString() ?? '');
  const [paid, setPaid] = useState(claim.paidYen?.toString() ?? '');
  const [notes, setNotes] = useState(claim.notes ?? '');
  const p = `cp-${claim.id}`;
  const yen = (v: string) => (v.trim() ? Number(asciiDigits(v).replace(/[,\s円¥]/g, '')) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = jstLocalToMs(notified);
    const s = jstLocalToMs(submitted);
    const a = yen(approved);
    const pd = yen(paid);
    void run(async () => {
      await api.desk.updateClaim(claim.id, {
        // the status is a workflow move: sent only when it changes
        ...(status !== claim.status ? { status } : {}),
        ...(n !== undefined ? { notifiedInsurerAt: n } : {}),
        ...(s !== undefined ? { submittedAt: s } : {}),
        ...(a !== undefined ? { approvedYen: a } : {}),
        ...(pd !== undefined ? { paidYen: pd } : {}),
        notes,
      });
      reload();
    }, t('app.saved'));
  };
  return (
    <form onSubmit={submit} className="form-grid" aria-label={t('claims.progress')}>
      <div className="field">
        <label htmlFor={`${p}-status`}>{t('claims.status')}</label>
        <select id={`${p}-status`} value={status} onChange={(e) => setStatus(e.target.value as ClaimStatus)}>
          {CLAIM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`desk.claimStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        id={`${p}-notified`}
        label={t('claims.notifiedInsurerAt')}
        type="datetime-local"
        value={notified}
        onValue={setNotified}
      />
      <Field
        id={`${p}-submitted`}
        label={t('claims.submittedAt')}
        type="datetime-local"
        value={submitted}
        onValue={setSubmitted}
      />
      <Field
        id={`${p}-approved`}
        label={t('claims.approvedYen')}
        inputMode="numeric"
        value={approved}
        onValue={setApproved}
      />
      <Field
        id={`${p}-paid`}
        label={t('claims.paidYen')}
        inputMode="numeric"
        value={paid}
        onValue={setPaid}
      />
      <Field id={`${p}-notes`} label={t('claims.notes')} value={notes} onValue={setNotes} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('app.save')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

function ClaimEditor({
  id,
  dispatches,
  writer,
  onChange,
}: {
  id: string;
  dispatches: readonly Dispatch[];
  writer: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const q = useData((signal) => api.desk.claim(id, { signal }), `claim-${id}`);
  const reload = () => {
    q.reload();
    onChange();
  };
  if (!q.data) return <DataStatus state={q} />;
  const c = q.data.claim;
  return (
    <div className="stack" aria-busy={q.loading}>
      <dl className="facts">
        <dt>{t('claims.policy')}</dt>
        <dd>
          {c.policy.insurer} {c.policy.product ?? ''} ({c.policy.policyNumber})
          <div className="small muted">
            {t('policies.limits', {
              total: fmtYen(c.policy.limitTotalYen, lang),
              perIncident: fmtYen(c.policy.limitPerIncidentYen, lang),
              deductible: fmtYen(c.policy.deductibleYen, lang),
            })}
          </div>
        </dd>
        <dt>{t('claims.incidentDate')}</dt>
        <dd>{c.incidentDate}</dd>
        <dt>{t('claims.status')}</dt>
        <dd>
          <span className={`badge cl-${c.status}`}>{t(`desk.claimStatus.${c.status}`)}</span>
        </dd>
      </dl>
      <Items claim={c} dispatches={dispatches} writer={writer} reload={reload} />
      <Totals claim={c} />
      <Documents claim={c} writer={writer} reload={reload} />
      {writer ? <Progress key={`${c.status}-${c.paidYen}`} claim={c} reload={reload} /> : null}
      {writer ? (
        <div className="buttons">
          <a className="button" href={api.desk.claimExportUrl(c.id, 'csv')} download>
            {t('claims.exportCsv')}
          </a>
          <a className="button" href={api.desk.claimExportUrl(c.id, 'json')} download>
            {t('claims.exportJson')}
          </a>
        </div>
      ) : null}
    </div>
  );
}

function NewClaim({ caseId, tenant, onDone }: { caseId: string; tenant: string; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, msg, run } = useAction();
  const policies = useData((signal) => api.desk.policies(tenant, { signal }), `policies-${tenant}`);
  const [policyId, setPolicyId] = useState('');
  const [incidentDate, setIncidentDate] = useState(jstDate(Date.now()));
  const [notes, setNotes] = useState('');
  const list = policies.data?.policies ?? [];
  const chosen = policyId || list.find((p) => p.active)?.id || list[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    void run(async () => {
      await api.desk.createClaim(caseId, {
        policyId: chosen,
        incidentDate,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onDone();
    }, t('claims.created'));
  };
  if (!policies.data) return <DataStatus state={policies} />;
  if (list.length === 0)
    return (
      <p className="help">
        {t('claims.noPolicy')}{' '}
        <Link to={`/companies/${encodeURIComponent(tenant)}/insurance`}>{t('claims.addPolicy')}</Link>
      </p>
    );
  return (
    <details className="panel">
      <summary>{t('claims.create')}</summary>
      <form onSubmit={submit} className="form-grid">
        <div className="field">
          <label htmlFor="nclaim-policy">{t('claims.policy')}</label>
          <select id="nclaim-policy" value={chosen} onChange={(e) => setPolicyId(e.target.value)}>
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.insurer} {p.policyNumber} ({p.periodStart} – {p.periodEnd})
                {p.active ? '' : ` ${t('policies.inactive')}`}
              </option>
            ))}
          </select>
          <span className="help">
            {(() => {
              const p = list.find((x) => x.id === chosen);
              return p
                ? t('policies.limits', {
                    total: fmtYen(p.limitTotalYen, lang),
                    perIncident: fmtYen(p.limitPerIncidentYen, lang),
                    deductible: fmtYen(p.deductibleYen, lang),
                  })
                : '';
            })()}
          </span>
        </div>
        <Field
          id="nclaim-date"
          label={t('claims.incidentDate')}
          type="date"
          required
          value={incidentDate}
          onValue={setIncidentDate}
        />
        <Field id="nclaim-notes" label={t('claims.notes')} value={notes} onValue={setNotes} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t('claims.create')}
          </button>
        </div>
        <FlashLine msg={msg} />
      </form>
    </details>
  );
}

export function ClaimsPanel({
  caseId,
  tenant,
  claims,
  dispatches,
  writer,
  onChange,
}: {
  caseId: string;
  tenant: string;
  claims: readonly ClaimSummary[];
  dispatches: readonly Dispatch[];
  writer: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <div className="stack">
      {claims.length === 0 ? <p className="muted">{t('claims.none')}</p> : null}
      {claims.map((c, i) => (
        <details key={c.id} className="panel" open={i === claims.length - 1}>
          <summary>
            {t('claims.numbered', { number: c.number })} — {t(`desk.claimStatus.${c.status}`)}
            {` / ${fmtYen(c.claimedYen, lang)}`}
          </summary>
          <ClaimEditor id={c.id} dispatches={dispatches} writer={writer} onChange={onChange} />
        </details>
      ))}
      {writer ? <NewClaim caseId={caseId} tenant={tenant} onDone={onChange} /> : null}
    </div>
  );
}
