/** SQL of companies (tenants). Every lookup is by the company id it concerns. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CompaniesTable, StateDb } from '../storage/state/state-db.js';

export type CompanyRow = Selectable<CompaniesTable>;

export async function getCompany(db: StateDb, tenant: string): Promise<CompanyRow | null> {
  return (await db.selectFrom('companies').selectAll().where('id', '=', tenant).executeTakeFirst()) ?? null;
}

/** Every company (`undefined`) or just the listed ones (a company user, an assigned engineer). */
export async function listCompanies(db: StateDb, tenants?: readonly string[]): Promise<CompanyRow[]> {
  if (tenants !== undefined && tenants.length === 0) return [];
  let q = db.selectFrom('companies').selectAll();
  if (tenants !== undefined) q = q.where('id', 'in', tenants);
  return q.orderBy('id').execute();
}

/** Names of the given companies, for presenting users (`tenantName`). */
export async function companyNames(db: StateDb, tenants: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(tenants)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('companies').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function existingCompanies(db: StateDb, tenants: readonly string[]): Promise<Set<string>> {
  return new Set((await companyNames(db, tenants)).keys());
}

export async function insertCompany(db: StateDb, row: Insertable<CompaniesTable>): Promise<void> {
  await db.insertInto('companies').values(row).execute();
}

export async function updateCompany(
  db: StateDb,
  tenant: string,
  patch: Updateable<CompaniesTable>,
): Promise<void> {
  await db.updateTable('companies').set(patch).where('id', '=', tenant).execute();
}
