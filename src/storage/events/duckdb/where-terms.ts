/** WHERE terms of the event queries; values go in as named parameters, never into the SQL text. */
import type { DuckDBValue } from '@duckdb/node-api';

export type SqlParams = Record<string, DuckDBValue>;

/** Adds `term` with `$name` bound to `value`; no value (undefined) means no filter. */
export function addTerm(
  where: string[],
  params: SqlParams,
  name: string,
  value: DuckDBValue | undefined,
  term = `${name} = $${name}`,
): void {
  if (value === undefined) return;
  where.push(term);
  params[name] = value;
}

/** The equality filters every event query offers: device, category, action. */
export function addEqualityTerms(
  where: string[],
  params: SqlParams,
  q: { device?: string; category?: string; action?: string },
): void {
  addTerm(where, params, 'device', q.device);
  addTerm(where, params, 'category', q.category);
  addTerm(where, params, 'action', q.action);
}

export const IP_TERM = '(src_ip = $ip OR dst_ip = $ip)';
