/**
 * On-site visits (駆け付け): the visit facts and report as the desk, the engineer and the
 * company read them, the engineer's report form, and the sign-off (on site by the
 * engineer, or afterwards by the company's admin).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDispatch, ReportInput } from '../api.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { DispatchStatusBadge, fmtMinutes, isoToJstLocal, jstLocalToMs, useAction } from './desk-ui.js';
import { FlashLine } from './flash-message.js';
import { Field } from './form-field.js';

/** Who goes, when, where, and the times recorded on the way. */
export function VisitFacts({ d, showAddress = true }: { d: CompanyDispatch; showAddress?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const range = d.scheduledStart
    ? `${fmtDateTime(d.scheduledStart, lang)}${d.scheduledEnd ? ` – ${fmtDateTime(d.scheduledEnd, lang)}` : ''}`
    : t('visit.notScheduled');
  return (
    <dl className="facts">
      <dt>{t('visit.status')}</dt>
      <dd>
        <DispatchStatusBadge status={d.status} />
        {d.status === 'cancelled' && d.cancelReason ? <span className="muted"> {d.cancelReason}</span> : null}
      </dd>
      <dt>{t('visit.engineer')}</dt>
      <dd>{d.engineer?.name ?? t('visit.noEngineer')}</dd>
      <dt>{t('visit.schedule')}</dt>
      <dd>{range}</dd>
      {showAddress ? (
        <>
          <dt>{t('visit.address')}</dt>
          <dd>{d.siteAddress ?? '–'}</dd>
          <dt>{t('visit.contact')}</dt>
          <dd>{d.siteContact ?? '–'}</dd>
        </>
      ) : null}
      <dt>{t('visit.reason')}</dt>
      <dd className="pre-line">{d.reason}</dd>
      {d.departedAt ? (
        <>
          <dt>{t('visit.departedAt')}</dt>
          <dd>{fmtDateTime(d.departedAt, lang)}</dd>
        </>
      ) : null}
      {d.arrivedAt ? (
        <>
          <dt>{t('visit.arrivedAt')}</dt>
          <dd>{fmtDateTime(d.arrivedAt, lang)}</dd>
        </>
      ) : null}
      {d.leftAt ? (
        <>
          <dt>{t('visit.leftAt')}</dt>
          <dd>{fmtDateTime(d.leftAt, lang)}</dd>
        </>
      ) : null}
      {d.travelMinutes !== null && d.travelMinutes !== undefined ? (
        <>
          <dt>{t('visit.travel')}</dt>
          <dd>{fmtMinutes(d.travelMinutes, lang)}</dd>
        </>
      ) : null}
      {d.workMinutes !== null && d.workMinutes !== undefined ? (
        <>
          <dt>{t('visit.work')}</dt>
          <dd>{fmtMinutes(d.workMinutes, lang)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The visit report and its sign-off, or a line saying it is not filed yet. */
export function VisitReportView({ d, level = 3 }: { d: CompanyDispatch; level?: 3 | 4 }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const H = level === 3 ? 'h3' : 'h4';
  if (!d.report) return <p className="muted">{t('visit.noReport')}</p>;
  return (
    <div className="visit-report">
      <H>{t('visit.report')}</H>
      <p className="muted small">{t('visit.filedAt', { at: fmtDateTime(d.report.filedAt, lang) })}</p>
      <dl className="facts">
        <dt>{t('visit.findings')}</dt>
        <dd className="pre-line">{d.report.findings}</dd>
        <dt>{t('visit.actionsTaken')}</dt>
        <dd className="pre-line">{d.report.actionsTaken}</dd>
        <dt>{t('visit.advice')}</dt>
        <dd className="pre-line">{d.report.advice}</dd>
      </dl>
      {d.signOff ? (
        <p className="ok" role="note">
          {t('visit.signedOff', { name: d.signOff.name, at: fmtDateTime(d.signOff.at, lang) })}
          {d.signOff.comment ? <span className="pre-line"> — {d.signOff.comment}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

/** The engineer's visit report: what was found, what was done, what the company should do next. */
export function ReportForm({
  d,
  onSubmit,
}: {
  d: CompanyDispatch;
  onSubmit: (body: ReportInput) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction({
    findings: t('visit.findings'),
    actionsTaken: t('visit.actionsTaken'),
    advice: t('visit.advice'),
    departedAt: t('visit.departedAt'),
    arrivedAt: t('visit.arrivedAt'),
    leftAt: t('visit.leftAt'),
    returnedAt: t('visit.returnedAt'),
  });
  const [findings, setFindings] = useState(d.report?.findings ?? '');
  const [actionsTaken, setActionsTaken] = useState(d.report?.actionsTaken ?? '');
  const [advice, setAdvice] = useState(d.report?.advice ?? '');
  const [departedAt, setDepartedAt] = useState(isoToJstLocal(d.departedAt));
  const [arrivedAt, setArrivedAt] = useState(isoToJstLocal(d.arrivedAt));
  const [leftAt, setLeftAt] = useState(isoToJstLocal(d.leftAt));
  const [returnedAt, setReturnedAt] = useState(isoToJstLocal(d.returnedAt));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const times = { departedAt, arrivedAt, leftAt, returnedAt };
    const body: ReportInput = {
      findings: findings.trim(),
      actionsTaken: actionsTaken.trim(),
      advice: advice.trim(),
    };
    // Only times the engineer typed go out: the recorded ones (to the second) stay as they are.
    const recorded = {
      departedAt: isoToJstLocal(d.departedAt),
      arrivedAt: isoToJstLocal(d.arrivedAt),
      leftAt: isoToJstLocal(d.leftAt),
      returnedAt: isoToJstLocal(d.returnedAt),
    };
    for (const k of Object.keys(times) as (keyof typeof times)[]) {
      const ms = jstLocalToMs(times[k]);
      if (ms !== undefined && times[k] !== recorded[k]) body[k] = ms;
    }
    void run(() => onSubmit(body), t('visit.reportSaved'));
  };
  const area = (id: string, label: string, value: string, set: (v: string) => void, help?: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help ? (
        <span id={`${id}-help`} className="help">
          {help}
        </span>
      ) : null}
      <textarea
        id={id}
        required
        rows={4}
        maxLength={8000}
        aria-describedby={help ? `${id}-help` : undefined}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </div>
  );
  return (
    <form onSubmit={submit} className="panel stack" aria-labelledby="rf-title">
      <h2 id="rf-title">{t('visit.reportForm')}</h2>
      {area('rf-findings', t('visit.findings'), findings, setFindings, t('visit.findingsHelp'))}
      {area('rf-actions', t('visit.actionsTaken'), actionsTaken, setActionsTaken, t('visit.actionsHelp'))}
      {area('rf-advice', t('visit.advice'), advice, setAdvice, t('visit.adviceHelp'))}
      <div className="form-grid">
        <Field
          id="rf-departed"
          label={t('visit.departedAt')}
          type="datetime-local"
          value={departedAt}
          onValue={setDepartedAt}
        />
        <Field
          id="rf-arrived"
          label={t('visit.arrivedAt')}
          type="datetime-local"
          value={arrivedAt}
          onValue={setArrivedAt}
        />
        <Field
          id="rf-left"
          label={t('visit.leftAt')}
          type="datetime-local"
          value={leftAt}
          onValue={setLeftAt}
        />
        <Field
          id="rf-returned"
          label={t('visit.returnedAt')}
          type="datetime-local"
          value={returnedAt}
          onValue={setReturnedAt}
        />
      </div>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('visit.fileReport')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

/** A signature in words: the company's person confirms the visit and its report. */
export function SignOffForm({
  intro,
  onSubmit,
}: {
  intro: string;
  onSubmit: (body: { name: string; comment?: string }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    void run(
      () => onSubmit({ name: name.trim(), ...(comment.trim() ? { comment: comment.trim() } : {}) }),
      t('visit.signOffSaved'),
    );
  };
  return (
    <form onSubmit={submit} className="panel stack" aria-labelledby="so-title">
      <h3 id="so-title">{t('visit.signOff')}</h3>
      <p className="help">{intro}</p>
      <Field
        id="so-name"
        label={t('visit.signOffName')}
        required
        autoComplete="name"
        value={name}
        onValue={setName}
      />
      <div className="field">
        <label htmlFor="so-comment">{t('visit.signOffComment')}</label>
        <textarea
          id="so-comment"
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {t('visit.signOffSubmit')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}
