/**
 * The small pieces every desk screen repeats: badges for levels, statuses, priorities and
 * SLA states (always with their words, never colour alone), yen and duration formatting,
 * Japan-time inputs, and the one-action-at-a-time helper for buttons.
 */

import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, DispatchStatus, Priority, RuleLevel, Visibility } from '../../desk/model.js';
import { ApiError, api, type Role, type SlaState, type User } from '../api.js';
import { fmtDateTime } from '../format.js';
import { currentLang, type Lang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { Flash } from './flash-message.js';
import { errorText } from './status.js';

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

export function fmtYen(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return lang === 'en' ? `¥${n.toLocaleString('en-GB')}` : `${n.toLocaleString('ja-JP')} 円`;
}

/** Minutes as "2時間5分" / "2 h 5 min". */
export function fmtMinutes(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const m = Math.round(n);
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (lang === 'en') return h > 0 ? `${h} h ${r} min` : `${r} min`;
  return h > 0 ? `${h}時間${r}分` : `${r}分`;
}

export function fmtBytes(n: number, lang: Lang): string {
  const unit = (v: number, u: string) =>
    `${v.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', { maximumFractionDigits: 1 })} ${u}`;
  if (n >= 1024 * 1024) return unit(n / (1024 * 1024), 'MB');
  if (n >= 1024) return unit(n / 1024, 'KB');
  return unit(n, 'B');
}

const JST_MS = 9 * 3_600_000;

/** A datetime-local value typed in Japan time → epoch ms (the API's request times); '' → undefined. */
export function jstLocalToMs(v: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) - JST_MS;
}

/** An ISO instant → the datetime-local value showing it in Japan time. */
export function isoToJstLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + JST_MS).toISOString().slice(0, 16);
}

/** Now in Japan time as a datetime-local value (the default of "when did it happen"). */
export function nowJstLocal(): string {
  return new Date(Date.now() + JST_MS).toISOString().slice(0, 16);
}

/** This month in Japan as YYYY-MM. */
export function thisMonthJst(): string {
  return new Date(Date.now() + JST_MS).toISOString().slice(0, 7);
}

/** An alert's title in the page language. */
export function alertTitle(a: { title: string; titleJa: string }, lang: Lang): string {
  return lang === 'en' ? a.title || a.titleJa : a.titleJa || a.title;
}

/** The display text of a {ja, en} pair in the page language. */
export function pickLang(v: { ja: string; en: string } | undefined, lang: Lang): string {
  if (!v) return '';
  return (lang === 'en' ? v.en : v.ja) || v.ja || v.en;
}

/**
 * Staff people to assign cases and dispatches to. Only operator-admin may list users
 * (GET /api/users); others get an empty list and the pickers fall back to "me".
 */
export function useStaffUsers(me: User): { staff: User[]; engineers: User[]; listed: boolean } {
  const listed = me.role === 'operator-admin';
  const q = useData(
    (signal) => (listed ? api.users(undefined, { signal }) : Promise.resolve({ users: [] as User[] })),
    `staff-users-${listed}`,
  );
  const users = (q.data?.users ?? []).filter((u) => u.tenant === null && !u.disabled);
  return { staff: users, engineers: users.filter((u) => u.role === 'engineer'), listed: listed && !q.error };
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

/** Typed with a Japanese IME: full-width digits and dashes become the ASCII the API takes. */
export function asciiDigits(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[‐‑‒–—―ーｰ−]/g, '-')
    .trim();
}
