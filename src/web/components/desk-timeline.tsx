/**
 * A case's timeline, oldest first like a conversation. Staff see every entry with
 * internal ones marked "社内のみ" on a shaded, dashed card; the company sees only the
 * entries the server marked for it. Below it: the staff note form (internal or to the
 * company) or the company's reply box.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Visibility } from '../../desk/model.js';
import type { TimelineEntry } from '../api.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useAction, VisibilityTag } from './desk-ui.js';
import { FlashLine } from './flash-message.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** One line saying what an entry without its own text did (a status move, an assignment, …). */
function useDescribe() {
  const { t } = useTranslation();
  return (e: TimelineEntry): string | null => {
    const d = e.detail ?? {};
    const label = (group: string, v: string | null) => (v ? t(`${group}.${v}`, { defaultValue: v }) : null);
    switch (e.kind) {
      case 'status': {
        const from = label('desk.caseStatus', str(d.from));
        const to = label('desk.caseStatus', str(d.to) ?? str(d.status));
        return to ? (from ? t('timeline.statusMove', { from, to }) : t('timeline.statusTo', { to })) : null;
      }
      case 'priority': {
        const to = label('desk.priorities', str(d.to) ?? str(d.priority));
        return to ? t('timeline.priorityTo', { to }) : null;
      }
      case 'assign': {
        const name = str(d.assigneeName) ?? str(d.name) ?? str(d.to);
        return name ? t('timeline.assignedTo', { name }) : t('timeline.unassigned');
      }
      case 'attachment': {
        const name = str(d.fileName) ?? str(d.name);
        return name ? t('timeline.file', { name }) : null;
      }
      case 'dispatch': {
        const number = str(d.number) ?? '';
        const action = str(d.action);
        if (action)
          return t(`timeline.dispatchActions.${action}`, { number, defaultValue: `${number} ${action}` });
        const status = label('desk.dispatchStatus', str(d.status) ?? str(d.to));
        return status ? t('timeline.dispatch', { number, status }) : null;
      }
      case 'claim': {
        const number = str(d.number) ?? '';
        const action = str(d.action);
        return action
          ? t(`timeline.claimActions.${action}`, { number, defaultValue: t('timeline.claim', { number }) })
          : t('timeline.claim', { number });
      }
      case 'link': {
        const v = str(d.value);
        return v ? t('timeline.link', { value: v }) : null;
      }
      case 'checklist': {
        const step = str(d.title) ?? str(d.step) ?? str(d.stepId);
        return step ? t(d.done === false ? 'timeline.unchecked' : 'timeline.checked', { step }) : null;
      }
      default:
        return null;
    }
  };
}

export function Timeline({ entries, staff }: { entries: readonly TimelineEntry[]; staff: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const describe = useDescribe();
  if (entries.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline">
      {sorted.map((e) => {
        const internal = e.visibility === 'internal';
        const said = describe(e);
        return (
          <li key={e.id} className={`tl-entry tl-${e.kind}${internal ? ' tl-internal' : ''}`}>
            <div className="tl-head">
              <span className="tl-kind">{t(`desk.timelineKinds.${e.kind}`, { defaultValue: e.kind })}</span>
              {staff ? <VisibilityTag visibility={e.visibility} /> : null}
              <span className="tl-who">
                {e.actor?.name ?? t('timeline.system')}
                {staff && e.actor?.role ? (
                  <span className="muted small">
                    {' '}
                    {t('timeline.roleSuffix', {
                      role: t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }),
                    })}
                  </span>
                ) : null}
              </span>
              <time className="tl-at muted small" dateTime={e.at}>
                {fmtDateTime(e.at, lang)}
              </time>
            </div>
            {said ? <p className="tl-said">{said}</p> : null}
            {e.body ? <p className="tl-body pre-line">{e.body}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Staff: a note kept inside the desk, or a message the company reads (first response / update for the SLA). */
export function NoteForm({
  onSubmit,
}: {
  onSubmit: (body: string, visibility: Visibility) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    const ok = await run(
      () => onSubmit(body.trim(), visibility),
      visibility === 'company' ? t('timeline.sentToCompany') : t('timeline.noteAdded'),
    );
    if (ok) setBody('');
  };
  return (
    <form onSubmit={submit} className={`panel note-form vis-form-${visibility}`}>
      <h3>{t('timeline.addNote')}</h3>
      <fieldset className="radios">
        <legend>{t('timeline.who')}</legend>
        <label className="check">
          <input
            type="radio"
            name="note-visibility"
            checked={visibility === 'internal'}
            onChange={() => setVisibility('internal')}
          />
          {t('timeline.internalChoice')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="note-visibility"
            checked={visibility === 'company'}
            onChange={() => setVisibility('company')}
          />
          {t('timeline.companyChoice')}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="note-body">{t('timeline.body')}</label>
        <textarea
          id="note-body"
          rows={4}
          maxLength={8000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      {visibility === 'company' ? <p className="help warn-text">{t('timeline.companyWarning')}</p> : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || !body.trim()}>
          {visibility === 'company' ? t('timeline.sendCompany') : t('timeline.saveInternal')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

/** The company's reply to the desk. */
export function ReplyForm({ onSubmit }: { onSubmit: (body: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const [body, setBody] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    const ok = await run(() => onSubmit(body.trim()), t('consult.replySent'));
    if (ok) setBody('');
  };
  return (
    <form onSubmit={submit} className="panel">
      <div className="field">
        <label htmlFor="reply-body">{t('consult.reply')}</label>
        <textarea
          id="reply-body"
          rows={4}
          maxLength={4000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || !body.trim()}>
          {t('consult.replySubmit')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}
