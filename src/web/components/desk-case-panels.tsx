/**
 * The working panels of a case for staff: the status move (only the moves
 * CASE_TRANSITIONS allows), priority / assignee / category, the three SLA timers, and
 * the template's checklist.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_CATEGORIES,
  CASE_TRANSITIONS,
  type CaseCategory,
  type CaseStatus,
  PRIORITIES,
  type Priority,
} from '../../desk/model.js';
import { api, type CaseSla, type DeskCase, type SlaTimer } from '../api.js';
import { useUser } from '../auth.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { fmtMinutes, pickLang, useAction, useStaffUsers } from './desk-ui.js';
import { FlashLine } from './flash-message.js';
import { Field } from './form-field.js';

export function StatusForm({ c, onDone }: { c: DeskCase; onDone: () => void }) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const moves = CASE_TRANSITIONS[c.status] ?? [];
  const [picked, setTo] = useState<CaseStatus | ''>('');
  // the form stays mounted across status changes (its confirmation must stay on screen),
  // so a pick the new status no longer allows counts as none
  const to = picked && moves.includes(picked) ? picked : '';
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState(c.resolution ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    const ok = await run(
      async () => {
        await api.desk.caseStatus(c.id, {
          status: to,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(to === 'resolved' ? { resolution: resolution.trim() } : {}),
        });
        onDone();
      },
      t('case.statusChanged', { status: t(`desk.caseStatus.${to}`) }),
    );
    if (ok) {
      setTo('');
      setNote('');
    }
  };
  const reopen = c.status === 'resolved' || c.status === 'closed';
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="sf-title">
      <h3 id="sf-title">{t('case.changeStatus')}</h3>
      <fieldset className="radios moves">
        <legend>{t('case.nextStatus')}</legend>
        {moves.map((s) => (
          <label key={s} className="check">
            <input type="radio" name="case-next" value={s} checked={to === s} onChange={() => setTo(s)} />
            {reopen && s === 'in-progress' ? t('case.reopen') : t(`desk.caseStatus.${s}`)}
          </label>
        ))}
      </fieldset>
      {to === 'resolved' ? (
        <div className="field">
          <label htmlFor="sf-resolution">{t('case.resolution')}</label>
          <textarea
            id="sf-resolution"
            required
            rows={3}
            maxLength={4000}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
          />
        </div>
      ) : null}
      <Field id="sf-note" label={t('case.statusNote')} value={note} onValue={setNote} />
      <div className="buttons">
        <button
          type="submit"
          className="primary"
          disabled={busy || !to || (to === 'resolved' && !resolution.trim())}
        >
          {t('case.applyStatus')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

export function DetailsForm({ c, onDone }: { c: DeskCase; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const { staff, listed } = useStaffUsers(me);
  const { busy, msg, run } = useAction();
  const [title, setTitle] = useState(c.title);
  const [description, setDescription] = useState(c.description);
  const [priority, setPriority] = useState<Priority>(c.priority);
  const [category, setCategory] = useState<CaseCategory>(c.category);
  const [assignee, setAssignee] = useState(c.assignee?.id ?? '');
  const people = [...staff];
  if (!people.some((u) => u.id === me.id)) people.unshift(me);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const current = c.assignee?.id ?? '';
    void run(async () => {
      await api.desk.updateCase(c.id, {
        ...(title.trim() !== c.title ? { title: title.trim() } : {}),
        ...(description !== c.description ? { description } : {}),
        ...(priority !== c.priority ? { priority } : {}),
        ...(category !== c.category ? { category } : {}),
        ...(assignee !== current ? { assigneeId: assignee || null } : {}),
      });
      onDone();
    }, t('app.saved'));
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="df-title">
      <h3 id="df-title">{t('case.details')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="df-priority">{t('case.priority')}</label>
          <select id="df-priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`desk.priorities.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="df-assignee">{t('case.assignee')}</label>
          <select id="df-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{t('case.unassigned')}</option>
            {c.assignee && !people.some((u) => u.id === c.assignee?.id) ? (
              <option value={c.assignee.id}>{c.assignee.name}</option>
            ) : null}
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.id === me.id ? t('case.me', { name: u.name || u.login }) : u.name || u.login}
              </option>
            ))}
          </select>
          {!listed ? <span className="help">{t('case.assigneeHelp')}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="df-category">{t('case.category')}</label>
          <select
            id="df-category"
            value={category}
            onChange={(e) => setCategory(e.target.value as CaseCategory)}
          >
            {CASE_CATEGORIES.map((x) => (
              <option key={x} value={x}>
                {t(`desk.categories.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Field
        id="df-title"
        label={t('case.title')}
        required
        maxLength={200}
        value={title}
        onValue={setTitle}
      />
      <div className="field">
        <label htmlFor="df-description">{t('case.description')}</label>
        <textarea
          id="df-description"
          rows={5}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('app.save')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

function Timer({ name, timer }: { name: string; timer: SlaTimer | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <li className="timer">
      <span className="timer-name">{name}</span>
      {timer ? (
        <>
          <span className={`badge timer-${timer.state}`}>{t(`sla.states.${timer.state}`)}</span>
          <span className="small">
            {t('sla.dueLine', {
              at: fmtDateTime(timer.dueAt, lang),
              used: fmtMinutes(timer.usedMinutes, lang),
              limit: fmtMinutes(timer.limitMinutes, lang),
            })}
          </span>
        </>
      ) : (
        <span className="muted small">{t('sla.notRunning')}</span>
      )}
    </li>
  );
}

export function SlaTimers({ sla }: { sla: CaseSla }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('sla.title')}</h3>
      <ul className="plain-list timers">
        <Timer name={t('sla.firstResponse')} timer={sla.firstResponse} />
        <Timer name={t('sla.update')} timer={sla.update} />
        <Timer name={t('sla.resolution')} timer={sla.resolution} />
      </ul>
      <p className="help">{t('sla.help')}</p>
    </>
  );
}

export function Checklist({ c, writer, onDone }: { c: DeskCase; writer: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, msg, run } = useAction();
  if (c.checklist.length === 0)
    return (
      <>
        <h3>{t('case.checklist')}</h3>
        <p className="muted">{t('case.noChecklist')}</p>
      </>
    );
  const done = c.checklist.filter((s) => s.done).length;
  const tick = (stepId: string, value: boolean) =>
    run(async () => {
      await api.desk.updateCase(c.id, { checklist: { [stepId]: value } });
      onDone();
    });
  return (
    <fieldset className="checklist">
      <legend>{t('case.checklistProgress', { done, total: c.checklist.length })}</legend>
      <ul className="plain-list">
        {c.checklist.map((s) => {
          const id = `ck-${s.id}`;
          return (
            <li key={s.id} className={s.done ? 'done' : undefined}>
              <span className="check">
                <input
                  id={id}
                  type="checkbox"
                  checked={s.done}
                  disabled={!writer || busy}
                  onChange={(e) => void tick(s.id, e.target.checked)}
                />
                <label htmlFor={id} className="step-label">
                  {pickLang(s.title, lang)}
                </label>
              </span>
              {s.done && s.at ? (
                <span className="muted small">
                  {' '}
                  {t('case.checkedBy', { at: fmtDateTime(s.at, lang), by: s.by ?? '' })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <FlashLine msg={msg} />
    </fieldset>
  );
}
