/** SQL of user accounts and staff-to-company assignments (Kysely builder: SQLite and PostgreSQL). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StateDb, UsersTable } from '../storage/state/state-db.js';

export type UserRow = Selectable<UsersTable>;

export async function findUserById(db: StateDb, id: string): Promise<UserRow | null> {
  return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findUserByLogin(db: StateDb, login: string): Promise<UserRow | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('login', '=', login.toLowerCase())
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Users of one company (`tenant` a company id), provider staff only (`null`), or
 * everyone (`undefined`, operator-admin's unfiltered list).
 */
export async function listUsers(db: StateDb, tenant: string | null | undefined): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll();
  if (tenant === null) q = q.where('tenant', 'is', null);
  else if (tenant !== undefined) q = q.where('tenant', '=', tenant);
  return q.orderBy('login').execute();
}

/** Provider staff accounts (company users excluded). */
/** Operator-admins: none means nobody can manage the service yet (the first start). */
export async function countOperatorAdmins(db: StateDb): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant', 'is', null)
    .where('role', '=', 'operator-admin')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The columns of an account nobody has used yet: no two-step setup, no failed logins, not locked. */
export const NEW_ACCOUNT_STATE = {
  totp_secret: null,
  totp_enabled: 0,
  totp_last_step: null,
  failed_logins: 0,
  locked_until: null,
  disabled: 0,
  locale: null,
  last_login_at: null,
} as const;

export async function insertUser(db: StateDb, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: StateDb, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Active (not disabled) users holding `role` in company `tenant` (null = staff). */
export async function countActive(db: StateDb, role: string, tenant: string | null): Promise<number> {
  let q = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .where('disabled', '=', 0);
  q = tenant === null ? q.where('tenant', 'is', null) : q.where('tenant', '=', tenant);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function assignmentsOf(db: StateDb, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_companies')
    .select(['user_id', 'tenant'])
    .where('user_id', 'in', userIds)
    .orderBy('tenant')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push(r.tenant);
    out.set(r.user_id, list);
  }
  return out;
}

export async function setAssignments(db: StateDb, userId: string, tenants: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_companies').where('user_id', '=', userId).execute();
    if (tenants.length > 0)
      await trx
        .insertInto('user_companies')
        .values(tenants.map((tenant) => ({ user_id: userId, tenant })))
        .execute();
  });
}
