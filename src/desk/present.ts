/**
 * The fields of alerts and cases that leave the server (docs/api.md "Desk"). Staff get
 * the full views; a company gets its own plain views without staff ids or internal notes.
 */
import type { Language } from '../i18n/index.js';
import type { AlertRow } from './alerts-repo.js';
import { caseSlaSummary } from './case-sla.js';
import type { AttachmentRow, CaseRow, CaseView, LinkRow, TimelineRow } from './cases-repo.js';
import { levelAdvice, type RuleTexts } from './rule-texts.js';
import { findTemplate, type StepState } from './templates.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

// ---- alerts ----

export function presentAlert(r: AlertRow) {
  return {
    id: r.id,
    tenant: r.tenant,
    companyName: r.company_name ?? r.tenant,
    ruleId: r.rule_id,
    title: r.title,
    titleJa: r.title_ja,
    level: r.level,
    tags: json<string[]>(r.tags, []),
    groupKey: r.group_key,
    groupFields: json<Record<string, string | null>>(r.group_fields, {}),
    device: r.device_id,
    status: r.status,
    firstSeenAt: iso(r.first_seen_at),
    lastSeenAt: iso(r.last_seen_at),
    count: r.count,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
    closedBy: r.closed_by,
    closedAt: iso(r.closed_at),
    closeReason: r.close_reason,
    closeNote: r.close_note,
    caseId: r.case_id,
    caseNumber: r.case_number,
  };
}
export type AlertView = ReturnType<typeof presentAlert>;

/** `rule` of the alert detail: the rule's texts, or what the alert itself remembers. */
export function presentRule(r: AlertRow, texts: RuleTexts | undefined) {
  return {
    id: r.rule_id,
    title: texts?.title ?? r.title,
    titleJa: texts?.titleJa ?? r.title_ja,
    description: texts?.description ?? null,
    descriptionJa: texts?.descriptionJa ?? null,
    tags: texts?.tags.length ? texts.tags : json<string[]>(r.tags, []),
    falsepositives: texts?.falsepositives ?? [],
    falsepositivesJa: texts?.falsepositivesJa ?? [],
  };
}

/** What the company sees of its alert: plain texts in its language, no staff names. */
export function presentCompanyAlert(r: AlertRow, texts: RuleTexts | undefined, lang: Language) {
  const ja = lang === 'ja';
  const title = ja ? (texts?.titleJa ?? r.title_ja) : (texts?.title ?? r.title);
  const explain = ja
    ? (texts?.descriptionJa ?? texts?.description ?? null)
    : (texts?.description ?? texts?.descriptionJa ?? null);
  const advice =
    (ja ? (texts?.adviceJa ?? texts?.advice) : (texts?.advice ?? texts?.adviceJa)) ??
    levelAdvice(r.level, lang);
  return {
    id: r.id,
    ruleId: r.rule_id,
    level: r.level,
    title,
    explain,
    advice,
    firstSeenAt: iso(r.first_seen_at),
    lastSeenAt: iso(r.last_seen_at),
    count: r.count,
    state: r.status === 'escalated' ? 'case' : r.status === 'closed' ? 'handled' : 'checking',
    caseNumber: r.case_number,
    caseId: r.case_id,
  };
}

// ---- cases ----

export function presentCaseSummary(r: CaseView, now: number) {
  const sla = caseSlaSummary(r, now);
  return {
    id: r.id,
    number: r.number,
    tenant: r.tenant,
    companyName: r.company_name ?? r.tenant,
    title: r.title,
    category: r.category,
    channel: r.channel,
    priority: r.priority,
    status: r.status,
    assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name ?? '' },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    sla: { state: sla.state, nextDueAt: iso(sla.nextDueAt) },
  };
}

/** The checklist in the template's order; steps no longer in the template keep their id as title. */
export function presentChecklist(r: CaseRow) {
  const state = json<Record<string, StepState>>(r.checklist, {});
  const t = r.template === null ? undefined : findTemplate(r.template);
  const ids = [...(t?.steps.map((s) => s.id) ?? []), ...Object.keys(state)].filter(
    (id, i, all) => all.indexOf(id) === i && id in state,
  );
  return ids.map((id) => {
    const step = t?.steps.find((s) => s.id === id);
    const s = state[id];
    return {
      id,
      title: { ja: step?.ja ?? id, en: step?.en ?? id },
      done: s.done,
      at: iso(s.at),
      by: s.by,
    };
  });
}

export function presentCase(r: CaseView, now: number) {
  return {
    ...presentCaseSummary(r, now),
    description: r.description,
    template: r.template,
    occurredAt: iso(r.occurred_at),
    affectedHost: r.affected_host,
    urgency: r.urgency,
    reporterName: r.reporter_name,
    reporterContact: r.reporter_contact,
    firstResponseAt: iso(r.first_response_at),
    lastUpdateAt: iso(r.last_update_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    resolution: r.resolution,
    reopened: r.reopened,
    checklist: presentChecklist(r),
  };
}

export function presentCompanyCase(r: CaseView) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    category: r.category,
    status: r.status,
    priority: r.priority,
    urgency: r.urgency,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    resolvedAt: iso(r.resolved_at),
    lastMessageAt: iso(r.last_message_at),
  };
}

export function presentEntry(t: TimelineRow) {
  return {
    id: t.id,
    at: iso(t.at),
    actor:
      t.actor_name === null && t.actor_id === null
        ? null
        : { id: t.actor_id, name: t.actor_name, role: t.actor_role },
    kind: t.kind,
    visibility: t.visibility,
    body: t.body,
    detail: json<Record<string, unknown>>(t.detail, {}),
  };
}

/** Detail keys a company may see on its own timeline (status moves, file names). */
// `action` / `status` make a dispatch entry a sentence ("the engineer is on the way")
const COMPANY_DETAIL_KEYS = ['from', 'to', 'fileName', 'attachmentId', 'number', 'action', 'status'];

/**
 * A company-visible entry as the company sees it: staff appear by display name only
 * (no id, role "staff"); its own users keep their role.
 */
export function presentCompanyEntry(t: TimelineRow) {
  const detail = json<Record<string, unknown>>(t.detail, {});
  const staff = t.actor_role !== null && !t.actor_role.startsWith('company-');
  return {
    id: t.id,
    at: iso(t.at),
    actor:
      t.actor_name === null && t.actor_id === null
        ? null
        : staff
          ? { id: null, name: t.actor_name, role: 'staff' }
          : { id: t.actor_id, name: t.actor_name, role: t.actor_role },
    kind: t.kind,
    visibility: t.visibility,
    body: t.body,
    detail: Object.fromEntries(Object.entries(detail).filter(([k]) => COMPANY_DETAIL_KEYS.includes(k))),
  };
}

export function presentLink(l: LinkRow) {
  return {
    kind: l.kind,
    type: l.type,
    value: l.value,
    note: l.note,
    detail: json<unknown>(l.detail, null),
    createdAt: iso(l.created_at),
  };
}

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    size: a.size,
    sha256: a.sha256,
    visibility: a.visibility,
    createdAt: iso(a.created_at),
    url: `/api/desk/attachments/${encodeURIComponent(a.id)}`,
  };
}
