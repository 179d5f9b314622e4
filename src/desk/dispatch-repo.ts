/**
 * SQL of on-site dispatches (Kysely builder: SQLite and PostgreSQL). Every function
 * takes the tenant (or, for cross-company lists, the caller's company scope) first;
 * `null` is the staff lookup by id, whose row says which company it is.
 */
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { DeskDispatchesTable } from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import {
  type CompanyDispatchView,
  type DispatchRecord,
  type DispatchView,
  presentCompanyDispatch,
  presentDispatch,
} from './dispatch-present.js';
import type { DispatchStatus } from './model.js';

type Db = StateDb | Transaction<StateTables>;
export type DispatchRow = Selectable<DeskDispatchesTable>;

/** The dispatch with what its presenter needs: case number, company and people's names. */
function records(db: Db) {
  return db
    .selectFrom('desk_dispatches as d')
    .leftJoin('desk_cases as c', (j) => j.onRef('c.id', '=', 'd.case_id').onRef('c.tenant', '=', 'd.tenant'))
    .leftJoin('companies as co', 'co.id', 'd.tenant')
    .leftJoin('users as e', 'e.id', 'd.engineer_id')
    .leftJoin('users as r', 'r.id', 'd.requested_by')
    .leftJoin('users as f', 'f.id', 'd.report_filed_by')
    .selectAll('d')
    .select([
      'c.number as case_number',
      'co.name as company_name',
      'e.name as engineer_name',
      'r.name as requested_by_name',
      'f.name as filed_by_name',
    ]);
}

export async function getDispatch(
  db: Db,
  tenant: string | null,
  id: string,
): Promise<DispatchRecord | undefined> {
  let q = records(db).where('d.id', '=', id);
  if (tenant !== null) q = q.where('d.tenant', '=', tenant);
  return q.executeTakeFirst();
}

export interface DispatchFilter {
  status?: readonly DispatchStatus[];
  tenant?: string;
  engineerId?: string;
  /** scheduled start (or, unscheduled, the request time) in [from, to) */
  from?: number;
  to?: number;
  /** continue after this dispatch (from the previous page) */
  after?: { at: number; id: string };
  limit: number;
}

/** Newest requests first; `scope` is 'all' or the companies the caller may read. */
export async function listDispatches(
  db: Db,
  scope: 'all' | readonly string[],
  f: DispatchFilter,
): Promise<DispatchRecord[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  let q = records(db);
  if (scope !== 'all') q = q.where('d.tenant', 'in', scope);
  if (f.tenant !== undefined) q = q.where('d.tenant', '=', f.tenant);
  if (f.status !== undefined && f.status.length > 0) q = q.where('d.status', 'in', f.status);
  if (f.engineerId !== undefined) q = q.where('d.engineer_id', '=', f.engineerId);
  if (f.from !== undefined || f.to !== undefined) {
    const from = f.from;
    const to = f.to;
    q = q.where((eb) => {
      const when = eb.fn.coalesce('d.scheduled_start', 'd.requested_at');
      const conds = [];
      if (from !== undefined) conds.push(eb(when, '>=', from));
      if (to !== undefined) conds.push(eb(when, '<', to));
      return eb.and(conds);
    });
  }
  if (f.after !== undefined) {
    const { at, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('d.requested_at', '<', at), eb.and([eb('d.requested_at', '=', at), eb('d.id', '<', id)])]),
    );
  }
  return q.orderBy('d.requested_at', 'desc').orderBy('d.id', 'desc').limit(f.limit).execute();
}

async function forCase(db: Db, tenant: string, caseId: string): Promise<DispatchRecord[]> {
  return records(db)
    .where('d.tenant', '=', tenant)
    .where('d.case_id', '=', caseId)
    .orderBy('d.requested_at', 'asc')
    .orderBy('d.id', 'asc')
    .execute();
}

/** A case's dispatches as staff see them (`dispatch` of docs/api.md), oldest first. */
export async function listDispatchesForCase(db: Db, tenant: string, caseId: string): Promise<DispatchView[]> {
  return (await forCase(db, tenant, caseId)).map(presentDispatch);
}

/** A case's dispatches as its company sees them (`companyDispatch`), oldest first. */
export async function listCompanyDispatchesForCase(
  db: Db,
  tenant: string,
  caseId: string,
): Promise<CompanyDispatchView[]> {
  return (await forCase(db, tenant, caseId)).map(presentCompanyDispatch);
}

export async function insertDispatch(db: Db, row: Insertable<DeskDispatchesTable>): Promise<void> {
  await db.insertInto('desk_dispatches').values(row).execute();
}

export async function updateDispatch(
  db: Db,
  tenant: string,
  id: string,
  patch: Updateable<DeskDispatchesTable>,
): Promise<void> {
  await db
    .updateTable('desk_dispatches')
    .set(patch)
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .execute();
}
