/**
 * A case's on-site dispatches: request one (with an engineer and a time it is
 * scheduled at once), schedule or re-schedule it, cancel it, and read each visit's
 * report and sign-off.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Dispatch, type DispatchInput, type StaffMember } from '../api.js';
import { useUser } from '../auth.js';
import { useData } from '../use-data.js';
import { isoToJstLocal, jstLocalToMs, useAction, useStaffUsers } from './desk-ui.js';
import { VisitFacts, VisitReportView } from './desk-visit.js';
import { FlashLine } from './flash-message.js';
import { Field } from './form-field.js';

/** The engineer to send: a list when the caller may see staff, else a user id (or themselves). */
function EngineerPicker({
  id,
  value,
  onChange,
  engineers,
  listed,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  engineers: StaffMember[];
  listed: boolean;
}) {
  const { t } = useTranslation();
  const me = useUser();
  if (!listed)
    return (
      <div className="field">
        <label htmlFor={id}>{t('visit.engineerId')}</label>
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={`${id}-h`}
        />
        <span id={`${id}-h`} className="help">
          {me.role === 'engineer' ? t('visit.engineerIdHelpSelf', { id: me.id }) : t('visit.engineerIdHelp')}
        </span>
      </div>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{t('visit.engineer')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('visit.chooseLater')}</option>
        {engineers.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name || u.login}
          </option>
        ))}
      </select>
      {engineers.length === 0 ? <span className="help">{t('visit.noEngineers')}</span> : null}
    </div>
  );
}

function schedule(engineerId: string, start: string, end: string): Partial<DispatchInput> {
  const s = jstLocalToMs(start);
  const e = jstLocalToMs(end);
  return {
    ...(engineerId ? { engineerId } : {}),
    ...(s !== undefined ? { scheduledStart: s } : {}),
    ...(e !== undefined ? { scheduledEnd: e } : {}),
  };
}

function ScheduleForm({ d, onDone }: { d: Dispatch; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const { engineers, listed } = useStaffUsers(me);
  const { busy, msg, run } = useAction();
  const [engineerId, setEngineerId] = useState(d.engineer?.id ?? '');
  const [start, setStart] = useState(isoToJstLocal(d.scheduledStart));
  const [end, setEnd] = useState(isoToJstLocal(d.scheduledEnd));
  const [cancelReason, setCancelReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.desk.updateDispatch(d.id, schedule(engineerId, start, end));
      onDone();
    }, t('visit.scheduled'));
  };
  const cancel = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.desk.dispatchStatus(d.id, {
        status: 'cancelled',
        reason: cancelReason.trim(),
      });
      onDone();
    }, t('visit.cancelled'));
  };
  const p = `sch-${d.id}`;
  return (
    <details className="sub-panel">
      <summary>{t('visit.reschedule')}</summary>
      {/* engineer and times change only before departure (docs/api.md) */}
      {d.status === 'requested' || d.status === 'scheduled' ? (
        <form onSubmit={submit} className="form-grid" aria-label={t('visit.reschedule')}>
          <EngineerPicker
            id={`${p}-eng`}
            value={engineerId}
            onChange={setEngineerId}
            engineers={engineers}
            listed={listed}
          />
          <Field
            id={`${p}-start`}
            label={t('visit.start')}
            type="datetime-local"
            value={start}
            onValue={setStart}
          />
          <Field id={`${p}-end`} label={t('visit.end')} type="datetime-local" value={end} onValue={setEnd} />
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {t('visit.saveSchedule')}
            </button>
          </div>
        </form>
      ) : null}
      <form onSubmit={cancel} className="inline-form" aria-label={t('visit.cancel')}>
        <label htmlFor={`${p}-cancel`}>{t('visit.cancelReason')}</label>
        <input
          id={`${p}-cancel`}
          required
          value={cancelReason}
          onChange={(e) => setCancelReason(e.target.value)}
        />
        <button type="submit" disabled={busy || !cancelReason.trim()}>
          {t('visit.cancel')}
        </button>
      </form>
      <FlashLine msg={msg} />
    </details>
  );
}

function RequestForm({ caseId, tenant, onDone }: { caseId: string; tenant: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const { engineers, listed } = useStaffUsers(me);
  const { busy, msg, run } = useAction();
  const company = useData((signal) => api.company(tenant, { signal }), `company-${tenant}`);
  const [reason, setReason] = useState('');
  const [address, setAddress] = useState<string | null>(null);
  const [contact, setContact] = useState<string | null>(null);
  const [engineerId, setEngineerId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  // The company's registered place and contact are the usual answers; typed text wins.
  const c = company.data?.company;
  const addressValue = address ?? [c?.prefecture, c?.city].filter(Boolean).join('');
  const contactValue = contact ?? [c?.contact?.name, c?.contact?.phone].filter(Boolean).join(' ');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    const ok = await run(async () => {
      await api.desk.createDispatch(caseId, {
        reason: reason.trim(),
        ...(addressValue.trim() ? { siteAddress: addressValue.trim() } : {}),
        ...(contactValue.trim() ? { siteContact: contactValue.trim() } : {}),
        ...schedule(engineerId, start, end),
      });
      onDone();
    }, t('visit.requested'));
    if (ok) {
      setReason('');
      setStart('');
      setEnd('');
    }
  };
  return (
    <details className="panel">
      <summary>{t('visit.request')}</summary>
      <form onSubmit={submit} className="stack">
        <p className="help">{t('visit.requestHelp')}</p>
        <div className="field">
          <label htmlFor="dr-reason">{t('visit.reason')}</label>
          <textarea
            id="dr-reason"
            required
            rows={3}
            maxLength={4000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="form-grid">
          <Field id="dr-address" label={t('visit.address')} value={addressValue} onValue={setAddress} />
          <Field id="dr-contact" label={t('visit.contact')} value={contactValue} onValue={setContact} />
          <EngineerPicker
            id="dr-engineer"
            value={engineerId}
            onChange={setEngineerId}
            engineers={engineers}
            listed={listed}
          />
          <Field
            id="dr-start"
            label={t('visit.start')}
            type="datetime-local"
            value={start}
            onValue={setStart}
          />
          <Field id="dr-end" label={t('visit.end')} type="datetime-local" value={end} onValue={setEnd} />
        </div>
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy || !reason.trim()}>
            {t('visit.requestSubmit')}
          </button>
        </div>
        <FlashLine msg={msg} />
      </form>
    </details>
  );
}

export function CaseDispatches({
  caseId,
  tenant,
  dispatches,
  writer,
  onChange,
}: {
  caseId: string;
  tenant: string;
  dispatches: readonly Dispatch[];
  writer: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      {dispatches.length === 0 ? <p className="muted">{t('visit.none')}</p> : null}
      {dispatches.map((d) => (
        <article key={d.id} className="panel dispatch" aria-labelledby={`dp-${d.id}`}>
          <h3 id={`dp-${d.id}`}>
            <Link to={`/desk/dispatches/${encodeURIComponent(d.id)}`}>
              {t('visit.numbered', { number: d.number })}
            </Link>
          </h3>
          <VisitFacts d={d} />
          <VisitReportView d={d} level={4} />
          {writer && ['requested', 'scheduled', 'en-route', 'on-site'].includes(d.status) ? (
            <ScheduleForm d={d} onDone={onChange} />
          ) : null}
        </article>
      ))}
      {writer ? <RequestForm caseId={caseId} tenant={tenant} onDone={onChange} /> : null}
    </div>
  );
}
