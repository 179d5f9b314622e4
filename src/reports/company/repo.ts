/**
 * State-database reads of the company report. Tenant first; each query names the
 * columns it reads, so a case's description, resolution, timeline notes and staff
 * fields never even leave the database for a report.
 */
import type { StateDb } from '../../storage/state/state-db.js';

export interface CompanyNameRow {
  name: string;
  nameEn: string | null;
}

export async function companyName(db: StateDb, tenant: string): Promise<CompanyNameRow | null> {
  const r = await db
    .selectFrom('companies')
    .select(['name', 'name_en'])
    .where('id', '=', tenant)
    .executeTakeFirst();
  return r ? { name: r.name, nameEn: r.name_en } : null;
}

/** The levels a company is told about (low ones stay with the desk, as on the portal). */
export const COMPANY_ALERT_LEVELS = ['medium', 'high', 'critical'] as const;

export interface PeriodAlertRow {
  id: string;
  rule_id: string;
  title: string;
  title_ja: string;
  level: string;
  status: string;
  first_seen_at: number;
  last_seen_at: number;
  count: number;
  case_id: string | null;
  case_number: string | null;
}

/** Medium-and-above alerts of `tenant` active during [from, to), newest first. */
export async function alertsInPeriod(
  db: StateDb,
  tenant: string,
  from: number,
  to: number,
): Promise<PeriodAlertRow[]> {
  const rows = await db
    .selectFrom('desk_alerts as a')
    .leftJoin('desk_cases as c', (j) => j.onRef('c.id', '=', 'a.case_id').onRef('c.tenant', '=', 'a.tenant'))
    .select([
      'a.id',
      'a.rule_id',
      'a.title',
      'a.title_ja',
      'a.level',
      'a.status',
      'a.first_seen_at',
      'a.last_seen_at',
      'a.count',
      'a.case_id',
      'c.number as case_number',
    ])
    .where('a.tenant', '=', tenant)
    .where('a.level', 'in', [...COMPANY_ALERT_LEVELS])
    .where('a.first_seen_at', '<', to)
    .where('a.last_seen_at', '>=', from)
    .orderBy('a.last_seen_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  // PostgreSQL hands bigints back as strings
  return rows.map((r) => ({
    ...r,
    first_seen_at: Number(r.first_seen_at),
    last_seen_at: Number(r.last_seen_at),
    count: Number(r.count),
  }));
}

export interface PeriodCaseRow {
  number: string;
  title: string;
  category: string;
  status: string;
  priority: string;
  created_at: number;
  resolved_at: number | null;
  closed_at: number | null;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * Cases of `tenant` opened before `to` and not closed before `from` (the caller decides
 * which were active in the period from their status and times), oldest first.
 */
export async function casesInPeriod(
  db: StateDb,
  tenant: string,
  from: number,
  to: number,
): Promise<PeriodCaseRow[]> {
  const rows = await db
    .selectFrom('desk_cases')
    .select(['number', 'title', 'category', 'status', 'priority', 'created_at', 'resolved_at', 'closed_at'])
    .where('tenant', '=', tenant)
    .where('created_at', '<', to)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', from)]))
    .orderBy('created_at')
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    ...r,
    created_at: Number(r.created_at),
    resolved_at: num(r.resolved_at),
    closed_at: num(r.closed_at),
  }));
}
