/**
 * The alert queue's workflow: acknowledge, close with a reason, escalate into a case (a
 * new one, or an open case of the same company). Routes add the audit entries and tell
 * the notifier about new cases.
 */
import { ApiError } from '../api/errors.js';
import type { StateDb } from '../storage/state/state-db.js';
import { type AlertRow, getAlert, updateAlert } from './alerts-repo.js';
import { type Actor, openCase } from './cases-commands.js';
import { type CaseRow, type Db, getCase, getLink, insertLink } from './cases-repo.js';
import { type AlertCloseReason, OPEN_CASE_STATUSES, type Priority, type RuleLevel } from './model.js';
import { appendTimeline } from './timeline.js';

/** Roles that work the alert queue. */
export const ALERT_WORKERS = ['operator-admin', 'analyst', 'agent'] as const;

const OPEN_ALERT = ['new', 'acknowledged'];

/** A case opened from an alert starts at the alert's level. */
export const LEVEL_PRIORITY: Readonly<Record<RuleLevel, Priority>> = {
  critical: 'critical',
  high: 'high',
  medium: 'normal',
  low: 'low',
  informational: 'low',
};

function refuse(a: AlertRow, what: string): never {
  throw new ApiError(409, 'invalid-transition', `a ${a.status} alert cannot be ${what}`);
}

export async function acknowledgeAlert(db: StateDb, actor: Actor, a: AlertRow, now: number): Promise<void> {
  if (a.status === 'acknowledged') return;
  if (a.status !== 'new') refuse(a, 'acknowledged');
  await updateAlert(db, a.tenant, a.id, {
    status: 'acknowledged',
    acknowledged_by: actor.userId,
    acknowledged_at: now,
    updated_at: now,
  });
}

export async function closeAlert(
  db: StateDb,
  actor: Actor,
  a: AlertRow,
  reason: AlertCloseReason,
  note: string | null,
  now: number,
): Promise<void> {
  if (!OPEN_ALERT.includes(a.status)) refuse(a, 'closed');
  await updateAlert(db, a.tenant, a.id, {
    status: 'closed',
    closed_by: actor.userId,
    closed_at: now,
    close_reason: reason,
    close_note: note,
    updated_at: now,
  });
}

/** Ties alerts to a case: status escalated, an alert link and a timeline entry each. */
async function attach(db: Db, actor: Actor, kase: CaseRow, alerts: readonly AlertRow[], now: number) {
  for (const a of alerts) {
    await db
      .updateTable('desk_alerts')
      .set({
        status: 'escalated',
        case_id: kase.id,
        // the case is told about repeats at most hourly from here on
        notified_at: now,
        updated_at: now,
        ...(a.acknowledged_at === null ? { acknowledged_by: actor.userId, acknowledged_at: now } : {}),
      })
      .where('tenant', '=', kase.tenant)
      .where('id', '=', a.id)
      .execute();
    // already linked by hand: the escalation only adds the status
    const linked = await getLink(db, kase.tenant, kase.id, { kind: 'alert', type: 'alert', value: a.id });
    if (!linked)
      await insertLink(db, {
        case_id: kase.id,
        tenant: kase.tenant,
        kind: 'alert',
        type: 'alert',
        value: a.id,
        note: null,
        detail: JSON.stringify({ ruleId: a.rule_id, title: a.title, titleJa: a.title_ja, level: a.level }),
        created_by: actor.userId,
        created_at: now,
      });
    await appendTimeline(
      db,
      kase.tenant,
      kase.id,
      actor,
      {
        kind: 'alert',
        visibility: 'internal',
        body: a.title_ja,
        detail: { alertId: a.id, ruleId: a.rule_id, level: a.level, count: a.count },
      },
      now,
    );
  }
}

function caseText(alerts: readonly AlertRow[]): string {
  return alerts
    .map((a) => {
      const fields = Object.entries(JSON.parse(a.group_fields) as Record<string, string | null>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `${a.title_ja} (${a.rule_id}, ${a.level}) ×${a.count}${fields ? ` — ${fields}` : ''}`;
    })
    .join('\n');
}

const LEVEL_ORDER: readonly RuleLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

/**
 * Escalates alerts of one company: into `caseId` (an open case of that company) or a
 * new case (channel `alert`). Answers the case and whether it was created.
 */
export async function escalateAlerts(
  db: StateDb,
  actor: Actor,
  alerts: readonly AlertRow[],
  opts: { caseId?: string; priority?: Priority; title?: string },
  now: number,
): Promise<{ kase: CaseRow; created: boolean }> {
  const tenant = alerts[0].tenant;
  for (const a of alerts) {
    if (a.tenant !== tenant) throw new Error('escalateAlerts: alerts of one company only');
    if (!OPEN_ALERT.includes(a.status)) refuse(a, 'escalated');
  }
  return db.transaction().execute(async (trx) => {
    // re-read: a second desk may have moved them meanwhile
    for (const a of alerts) {
      const fresh = await getAlert(trx, tenant, a.id);
      if (!fresh || !OPEN_ALERT.includes(fresh.status)) refuse(fresh ?? a, 'escalated');
    }
    let kase: CaseRow;
    let created = false;
    if (opts.caseId !== undefined) {
      const found = await getCase(trx, tenant, opts.caseId);
      if (!found)
        throw new ApiError(400, 'invalid-input', 'caseId: no case of this company has that id', 'caseId');
      if (!OPEN_CASE_STATUSES.includes(found.status as (typeof OPEN_CASE_STATUSES)[number]))
        throw new ApiError(409, 'invalid-transition', `a ${found.status} case takes no more alerts`);
      kase = found;
    } else {
      const top = alerts.reduce((m, a) =>
        LEVEL_ORDER.indexOf(a.level as RuleLevel) > LEVEL_ORDER.indexOf(m.level as RuleLevel) ? a : m,
      );
      kase = await openCase(
        trx,
        actor,
        {
          tenant,
          title: opts.title ?? top.title_ja,
          description: caseText(alerts),
          category: 'alert',
          channel: 'alert',
          priority: opts.priority ?? LEVEL_PRIORITY[top.level as RuleLevel] ?? 'normal',
        },
        now,
      );
      created = true;
    }
    await attach(trx, actor, kase, alerts, now);
    return { kase, created };
  });
}
