/**
 * Which companies a principal may read, for routes that list across companies (devices,
 * alerts, companies): provider staff who see everything, or an explicit list.
 */
import { ALL_COMPANY_READERS, type Principal } from './model.js';

/** 'all', or the company ids the principal may read (own company, assigned companies). */
export function readableTenants(p: Principal): 'all' | readonly string[] {
  if (p.tenant !== null) return [p.tenant];
  if (ALL_COMPANY_READERS.includes(p.role)) return 'all';
  return p.assigned;
}

/** Keeps the rows of companies `p` may read. */
export function filterReadable<T>(p: Principal, rows: readonly T[], tenantOf: (row: T) => string): T[] {
  const scope = readableTenants(p);
  if (scope === 'all') return [...rows];
  const allowed = new Set(scope);
  return rows.filter((r) => allowed.has(tenantOf(r)));
}
