/**
 * The small pieces every desk screen repeats: badges for levels, statuses, priorities and
 * SLA states (always with their words, never colour alone), the staff pickers, error texts
 * naming the form's labels, and the one-action-at-a-time helper for buttons.
 */

import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, DispatchStatus, Priority, RuleLevel, Visibility } from '../../desk/model.js';
import { ApiError, api, type Role, type SlaState, type StaffMember, type User } from '../api.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { Flash } from './flash-message.js';
import { errorText } from './status.js';

// The pure helpers live in desk-format.ts (tested there); screens import them from here too.
export {
  alertTitle,
  asciiDigits,
  fmtBytes,
  fmtMinutes,
  fmtYen,
  isoToJstLocal,
  jstLocalToMs,
  nowJstLocal,
  pickLang,
  thisMonthJst,
} from './desk-format.js';

/** Who may change cases and alerts (docs/api.md "Desk"). */
export const CASE_WRITERS: readonly Role[] = ['operator-admin', 'analyst', 'agent'];
/** Who may keep policies and claims. */
export const INSURANCE_WRITERS: readonly Role[] = ['operator-admin', 'agent'];

export const canWriteCases = (role: Role) => CASE_WRITERS.includes(role);
export const canWriteInsurance = (role: Role) => INSURANCE_WRITERS.includes(role);

export function LevelBadge({ level }: { level: RuleLevel }) {
  const { t } = useTranslation();
  return <span className={`badge sev-${level}`}>{t(`desk.levels.${level}`)}</span>;
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge st-${status}`}>{t(`desk.caseStatus.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <span className={`badge pri-${priority}`}>{t(`desk.priorities.${priority}`)}</span>;
}

export function DispatchStatusBadge({ status }: { status: DispatchStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ds-${status}`}>{t(`desk.dispatchStatus.${status}`)}</span>;
}

export function SlaBadge({ sla }: { sla: { state: SlaState; nextDueAt: string | null } }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <span className="sla-cell">
      <span className={`badge sla-${sla.state}`}>{t(`desk.sla.${sla.state}`)}</span>
      {sla.nextDueAt ? (
        <span className="small muted"> {t('desk.sla.due', { at: fmtDateTime(sla.nextDueAt, lang) })}</span>
      ) : null}
    </span>
  );
}

export function VisibilityTag({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return <span className={`badge vis-${visibility}`}>{t(`desk.visibility.${visibility}`)}</span>;
}

/**
 * Staff people to assign cases and dispatches to. Only operator-admin may list users
 * (GET /api/users); others get an empty list and the pickers fall back to "me".
 */
export function useStaffUsers(me: User): { staff: StaffMember[]; engineers: StaffMember[]; listed: boolean } {
  const listed = me.tenant === null;
  const q = useData(
    (signal) => (listed ? api.desk.staff({ signal }) : Promise.resolve({ staff: [] as StaffMember[] })),
    `desk-staff-${listed}`,
  );
  const staff = q.data?.staff ?? [];
  return { staff, engineers: staff.filter((u) => u.role === 'engineer'), listed: listed && !q.error };
}

/**
 * One change at a time from a panel: `run` marks the panel busy, shows the outcome as a
 * flash line (naming the form's label of a field the server refused, from `labels`), and
 * answers whether it worked (so the caller can clear its form).
 */
export function useAction(labels: Readonly<Record<string, string>> = {}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Flash>(null);
  const run = async (fn: () => Promise<unknown>, okText?: string): Promise<boolean> => {
    setBusy(true);
    setMsg(null);
    try {
      await fn();
      // without okText, `fn` may have set its own outcome
      if (okText) setMsg({ ok: true, text: okText });
      return true;
    } catch (e) {
      setMsg({ ok: false, text: fieldErrorText(t, e, labels) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, msg, setMsg, run };
}

/** A wide table that scrolls sideways on a tablet; the keyboard can reach and scroll it. */
export function ScrollTable({
  label,
  busy,
  children,
}: {
  label: string;
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways; the keyboard must reach it
    <section className="table-wrap" tabIndex={0} aria-label={label} aria-busy={busy}>
      {children}
    </section>
  );
}

/**
 * An API error in words, naming the form's own label when the server names a field
 * (400 invalid-input with `field`), instead of the field's code name.
 */
export function fieldErrorText(t: TFunction, e: unknown, labels: Readonly<Record<string, string>>): string {
  if (e instanceof ApiError && e.code === 'invalid-input' && e.field && labels[e.field])
    return t('desk.checkField', { label: labels[e.field] });
  return errorText(t, e);
}
