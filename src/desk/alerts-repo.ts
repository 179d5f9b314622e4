/**
 * SQL of desk alerts (the queue, one alert, a company's own view). Tenant first: `scope`
 * is 'all' or the companies the caller may read; a single-alert lookup takes the tenant
 * or null for the staff lookup by id (the row says whose it is).
 */
import { type ExpressionBuilder, type Selectable, sql, type Updateable } from 'kysely';
import type { DeskAlertsTable } from '../storage/state/desk-tables.js';
import type { StateTables } from '../storage/state/state-db.js';
import { decodeCursor, likePattern } from './case-paging.js';
import type { Db, Scope } from './cases-repo.js';
import { ALERT_STATUSES, type DeskAlertStatus, RULE_LEVELS, type RuleLevel } from './model.js';

export type AlertRow = Selectable<DeskAlertsTable> & {
  company_name: string | null;
  case_number: string | null;
};

export interface AlertFilter {
  statuses?: readonly DeskAlertStatus[];
  /** this level and above */
  level?: RuleLevel;
  tenant?: string;
  rule?: string;
  q?: string;
}

function base(db: Db) {
  return db
    .selectFrom('desk_alerts as a')
    .leftJoin('companies as co', 'co.id', 'a.tenant')
    .leftJoin('desk_cases as c', (j) => j.onRef('c.id', '=', 'a.case_id').onRef('c.tenant', '=', 'a.tenant'))
    .selectAll('a')
    .select(['co.name as company_name', 'c.number as case_number']);
}

function filtered(
  eb: ExpressionBuilder<StateTables & { a: DeskAlertsTable }, 'a'>,
  scope: Scope,
  f: AlertFilter,
) {
  const conds = [];
  // an empty scope (an engineer with no companies) matches nothing
  if (scope !== 'all')
    conds.push(scope.length === 0 ? eb('a.id', '=', '') : eb('a.tenant', 'in', [...scope]));
  if (f.tenant !== undefined) conds.push(eb('a.tenant', '=', f.tenant));
  if (f.rule !== undefined) conds.push(eb('a.rule_id', '=', f.rule));
  if (f.level !== undefined) conds.push(eb('a.level', 'in', RULE_LEVELS.slice(RULE_LEVELS.indexOf(f.level))));
  if (f.q !== undefined && f.q !== '') {
    const p = likePattern(f.q);
    conds.push(
      eb.or([
        sql<boolean>`lower(a.title) like ${p} escape '!'`,
        sql<boolean>`lower(a.title_ja) like ${p} escape '!'`,
        sql<boolean>`lower(a.rule_id) like ${p} escape '!'`,
        sql<boolean>`lower(a.group_key) like ${p} escape '!'`,
      ]),
    );
  }
  return conds;
}

/** One page of the queue, newest `last_seen_at` first (fetches `limit + 1` rows). */
export async function listAlerts(
  db: Db,
  scope: Scope,
  f: AlertFilter,
  page: { cursor?: string; limit: number },
): Promise<AlertRow[]> {
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  return base(db)
    .where((eb) => {
      const conds = filtered(eb as never, scope, f);
      if (f.statuses) conds.push(eb('a.status', 'in', [...f.statuses]));
      if (after)
        conds.push(
          eb.or([
            eb('a.last_seen_at', '<', after.at),
            eb.and([eb('a.last_seen_at', '=', after.at), eb('a.id', '<', after.id)]),
          ]),
        );
      return eb.and(conds);
    })
    .orderBy('a.last_seen_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.limit + 1)
    .execute() as Promise<AlertRow[]>;
}

/** Alerts per status under the same filters (status itself aside). */
export async function countAlerts(
  db: Db,
  scope: Scope,
  f: AlertFilter,
): Promise<Record<DeskAlertStatus, number>> {
  const rows = await db
    .selectFrom('desk_alerts as a')
    .select(['a.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.and(filtered(eb as never, scope, f)))
    .groupBy('a.status')
    .execute();
  const out = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<DeskAlertStatus, number>;
  for (const r of rows) if (r.status in out) out[r.status as DeskAlertStatus] = Number(r.n);
  return out;
}

export async function getAlert(db: Db, tenant: string | null, id: string): Promise<AlertRow | undefined> {
  let q = base(db).where('a.id', '=', id);
  if (tenant !== null) q = q.where('a.tenant', '=', tenant);
  return q.executeTakeFirst() as Promise<AlertRow | undefined>;
}

export async function getAlerts(db: Db, tenant: string | null, ids: readonly string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  let q = base(db).where('a.id', 'in', [...ids]);
  if (tenant !== null) q = q.where('a.tenant', '=', tenant);
  return q.execute() as Promise<AlertRow[]>;
}

/** The alerts escalated into (or linked to) one case. */
export async function alertsOfCase(db: Db, tenant: string, caseId: string): Promise<AlertRow[]> {
  return base(db)
    .where('a.tenant', '=', tenant)
    .where('a.case_id', '=', caseId)
    .orderBy('a.last_seen_at', 'desc')
    .execute() as Promise<AlertRow[]>;
}

/** A company's own alerts, newest first; `open` leaves out the closed ones. */
/**
 * A company's own alerts. Low and informational ones (a blocked scan from the internet)
 * stay with the desk: the dashboard already counts them, and a company list of them
 * would bury the few that ask something of the owner.
 */
export async function alertsOfCompany(
  db: Db,
  tenant: string,
  open: boolean,
  limit: number,
): Promise<AlertRow[]> {
  let q = base(db).where('a.tenant', '=', tenant).where('a.level', 'in', ['medium', 'high', 'critical']);
  if (open) q = q.where('a.status', '!=', 'closed');
  return q.orderBy('a.last_seen_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute() as Promise<
    AlertRow[]
  >;
}

export async function alertSamples(db: Db, tenant: string, alertId: string): Promise<unknown[]> {
  const rows = await db
    .selectFrom('desk_alert_events')
    .select('event')
    .where('tenant', '=', tenant)
    .where('alert_id', '=', alertId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.event) as unknown);
}

export async function updateAlert(
  db: Db,
  tenant: string,
  id: string,
  patch: Updateable<DeskAlertsTable>,
): Promise<void> {
  await db.updateTable('desk_alerts').set(patch).where('tenant', '=', tenant).where('id', '=', id).execute();
}

/** Escalated alerts of a case, closed with it (their repeats then start a new episode). */
export async function closeAlertsOfCase(
  db: Db,
  tenant: string,
  caseId: string,
  actorId: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('desk_alerts')
    .set({ status: 'closed', closed_by: actorId, closed_at: now, close_reason: 'resolved', updated_at: now })
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .where('status', '=', 'escalated')
    .execute();
}
