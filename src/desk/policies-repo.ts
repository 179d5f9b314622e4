/** SQL of a company's insurance policies (Kysely builder: SQLite and PostgreSQL); tenant first. */
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { DeskPoliciesTable } from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';

type Db = StateDb | Transaction<StateTables>;
export type PolicyRow = Selectable<DeskPoliciesTable>;

/** A policy by id within `tenant`, or any company's when `tenant` is null (staff lookup). */
export async function getPolicy(db: Db, tenant: string | null, id: string): Promise<PolicyRow | undefined> {
  let q = db.selectFrom('desk_policies').selectAll().where('id', '=', id);
  if (tenant !== null) q = q.where('tenant', '=', tenant);
  return q.executeTakeFirst();
}

/** A company's policies, the latest period first. */
export async function listPolicies(db: Db, tenant: string): Promise<PolicyRow[]> {
  return db
    .selectFrom('desk_policies')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('period_start', 'desc')
    .orderBy('id')
    .execute();
}

export async function policiesByIds(
  db: Db,
  tenants: readonly string[],
  ids: readonly string[],
): Promise<PolicyRow[]> {
  if (ids.length === 0 || tenants.length === 0) return [];
  return db
    .selectFrom('desk_policies')
    .selectAll()
    .where('tenant', 'in', [...new Set(tenants)])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

export async function insertPolicy(db: Db, row: Insertable<DeskPoliciesTable>): Promise<void> {
  await db.insertInto('desk_policies').values(row).execute();
}

export async function updatePolicy(
  db: Db,
  tenant: string,
  id: string,
  patch: Updateable<DeskPoliciesTable>,
): Promise<void> {
  await db
    .updateTable('desk_policies')
    .set(patch)
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .execute();
}
