/** Presents users together with their assignments and company names (two queries per list). */
import type { StateDb } from '../storage/state/state-db.js';
import { companyNames } from './companies-repo.js';
import { presentUser, type UserView } from './present.js';
import { assignmentsOf, type UserRow } from './users-repo.js';

export async function viewUsers(db: StateDb, rows: readonly UserRow[], now: number): Promise<UserView[]> {
  const assigned = await assignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  const names = await companyNames(
    db,
    rows.flatMap((r) => (r.tenant === null ? [] : [r.tenant])),
  );
  return rows.map((u) =>
    presentUser(u, {
      assigned: assigned.get(u.id) ?? [],
      tenantName: u.tenant === null ? null : (names.get(u.tenant) ?? null),
      now,
    }),
  );
}

export async function viewUser(db: StateDb, row: UserRow, now: number): Promise<UserView> {
  return (await viewUsers(db, [row], now))[0];
}
