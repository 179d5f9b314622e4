/**
 * The desk's month in numbers (GET /api/desk/stats): consultations, response and
 * resolution times, SLA breaches, dispatches, claims and alerts of one Japan calendar
 * month. A month holds few rows, so plain selects of that month's rows are summed here
 * (the same on SQLite and PostgreSQL) rather than in dialect-specific SQL.
 */
import type { StateDb } from '../storage/state/state-db.js';
import { caseSla } from './case-sla.js';
import type { Scope } from './cases-repo.js';
import { travelMinutes } from './dispatch-model.js';

const JST_MS = 9 * 3_600_000;
const MINUTE = 60_000;

/** [from, to) of a Japan calendar month 'YYYY-MM' in epoch ms. */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number);
  return { from: Date.UTC(y, m - 1, 1) - JST_MS, to: Date.UTC(y, m, 1) - JST_MS };
}

/** The Japan month an instant falls in. */
export function monthOf(ms: number): string {
  const d = new Date(ms + JST_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Nearest-rank percentile of minutes (null for none). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const minutes = (ms: number) => Math.round(ms / MINUTE);

function timing(values: number[]) {
  return { count: values.length, medianMinutes: percentile(values, 50), p90Minutes: percentile(values, 90) };
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export async function deskStats(db: StateDb, scope: Scope, month: string | undefined, now: number) {
  const m = month ?? monthOf(now);
  const { from, to } = monthRange(m);
  // an empty scope (an engineer with no companies) matches nothing
  const limited = scope !== 'all';
  const tenants = scope === 'all' || scope.length === 0 ? [''] : [...scope];
  const opened = await db
    .selectFrom('desk_cases')
    .selectAll()
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();
  const resolved = await db
    .selectFrom('desk_cases')
    .select(['created_at', 'resolved_at'])
    .where('resolved_at', '>=', from)
    .where('resolved_at', '<', to)
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();

  const breaches = { firstResponse: 0, update: 0, resolution: 0 };
  const late = (s: string | undefined) => s === 'breached' || s === 'overdue';
  for (const c of opened) {
    const s = caseSla(c, now);
    if (late(s.firstResponse.state)) breaches.firstResponse++;
    if (late(s.update?.state)) breaches.update++;
    if (late(s.resolution.state)) breaches.resolution++;
  }

  const requested = await db
    .selectFrom('desk_dispatches')
    .select('id')
    .where('requested_at', '>=', from)
    .where('requested_at', '<', to)
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();
  const completed = await db
    .selectFrom('desk_dispatches')
    .select(['departed_at', 'arrived_at', 'left_at', 'returned_at'])
    .where('report_filed_at', '>=', from)
    .where('report_filed_at', '<', to)
    .where('status', 'in', ['reported', 'signed-off'])
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();
  const onSite = completed
    .filter((d) => d.arrived_at !== null && d.left_at !== null)
    .map((d) => minutes((d.left_at as number) - (d.arrived_at as number)));
  const travel = completed
    .map((d) =>
      travelMinutes({
        departedAt: d.departed_at,
        arrivedAt: d.arrived_at,
        leftAt: d.left_at,
        returnedAt: d.returned_at,
      }),
    )
    .filter((t): t is number => t !== null);

  const claims = await db
    .selectFrom('desk_claims')
    .select(['id', 'paid_yen'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();
  let claimedYen = 0;
  if (claims.length > 0) {
    const items = await db
      .selectFrom('desk_claim_items')
      .select('amount_yen')
      .where(
        'claim_id',
        'in',
        claims.map((c) => c.id),
      )
      .execute();
    claimedYen = items.reduce((s, i) => s + Number(i.amount_yen), 0);
  }

  const raised = await db
    .selectFrom('desk_alerts')
    .select(['case_id'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();
  const closedBenign = await db
    .selectFrom('desk_alerts')
    .select('id')
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .where('close_reason', 'in', ['benign', 'false-positive'])
    .$if(limited, (q) => q.where('tenant', 'in', tenants))
    .execute();

  return {
    month: m,
    consultations: {
      total: opened.length,
      byCategory: tally(opened.map((c) => c.category)),
      byChannel: tally(opened.map((c) => c.channel)),
    },
    firstResponse: timing(
      opened
        .filter((c) => c.first_response_at !== null)
        .map((c) => minutes((c.first_response_at as number) - c.created_at)),
    ),
    resolution: timing(resolved.map((c) => minutes((c.resolved_at as number) - c.created_at))),
    slaBreaches: breaches,
    dispatches: {
      requested: requested.length,
      completed: completed.length,
      medianOnSiteMinutes: percentile(onSite, 50),
      medianTravelMinutes: percentile(travel, 50),
    },
    claims: {
      count: claims.length,
      claimedYen,
      paidYen: claims.reduce((s, c) => s + Number(c.paid_yen ?? 0), 0),
    },
    alerts: {
      raised: raised.length,
      escalated: raised.filter((a) => a.case_id !== null).length,
      closedBenign: closedBenign.length,
    },
  };
}
