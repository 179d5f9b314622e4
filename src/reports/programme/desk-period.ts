/**
 * The desk in numbers over any period and every company (the programme report), the
 * counterpart of the desk's month view (src/desk/stats.ts, GET /api/desk/stats) with the
 * same rules: a consultation counts when received, a resolution when resolved, a visit
 * when its report was filed, a claim when created, an alert when raised. Medians cannot
 * be summed month by month, hence a query of its own over [from, to).
 */
import { caseSla } from '../../desk/case-sla.js';
import { travelMinutes, workMinutes } from '../../desk/dispatch-model.js';
import { percentile } from '../../desk/stats.js';
import type { Period } from '../../portal/period.js';
import type { StateDb } from '../../storage/state/state-db.js';
import type { DeskPeriodStats, Timing } from './model.js';

const MINUTE = 60_000;
const minutes = (ms: number) => Math.round(ms / MINUTE);

function timing(values: readonly number[]): Timing {
  return { count: values.length, medianMinutes: percentile(values, 50), p90Minutes: percentile(values, 90) };
}

/** Counts per value, most frequent first (ties by the value, so output is stable). */
function tally(values: readonly string[]): { id: string; n: number }[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].map(([id, n]) => ({ id, n })).sort((a, b) => b.n - a.n || a.id.localeCompare(b.id));
}

/** The desk figures before the category and channel names are put in. */
export type DeskCounts = Omit<DeskPeriodStats, 'consultations'> & {
  consultations: Omit<DeskPeriodStats['consultations'], 'byCategory' | 'byChannel'> & {
    byCategory: { id: string; n: number }[];
    byChannel: { id: string; n: number }[];
  };
};

/** Desk figures of [from, to) across all companies; labels are added by the caller. */
export async function deskPeriodStats(db: StateDb, period: Period, now: number): Promise<DeskCounts> {
  const { from, to } = period;
  const [opened, resolved, requested, completed, claims, raised, closedBenign] = await Promise.all([
    db
      .selectFrom('desk_cases')
      .selectAll()
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
    db
      .selectFrom('desk_cases')
      .select(['created_at', 'resolved_at'])
      .where('resolved_at', '>=', from)
      .where('resolved_at', '<', to)
      .execute(),
    db
      .selectFrom('desk_dispatches')
      .select('id')
      .where('requested_at', '>=', from)
      .where('requested_at', '<', to)
      .execute(),
    db
      .selectFrom('desk_dispatches')
      .select(['tenant', 'departed_at', 'arrived_at', 'left_at', 'returned_at'])
      .where('report_filed_at', '>=', from)
      .where('report_filed_at', '<', to)
      .where('status', 'in', ['reported', 'signed-off'])
      .execute(),
    db
      .selectFrom('desk_claims')
      .select(['id', 'paid_yen'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
    db
      .selectFrom('desk_alerts')
      .select(['case_id'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
    db
      .selectFrom('desk_alerts')
      .select('id')
      .where('closed_at', '>=', from)
      .where('closed_at', '<', to)
      .where('close_reason', 'in', ['benign', 'false-positive'])
      .execute(),
  ]);

  const breaches = { firstResponse: 0, update: 0, resolution: 0 };
  const late = (s: string | undefined) => s === 'breached' || s === 'overdue';
  for (const c of opened) {
    const s = caseSla(c, now);
    if (late(s.firstResponse.state)) breaches.firstResponse++;
    if (late(s.update?.state)) breaches.update++;
    if (late(s.resolution.state)) breaches.resolution++;
  }

  const visits = completed.map((d) => ({
    departedAt: d.departed_at,
    arrivedAt: d.arrived_at,
    leftAt: d.left_at,
    returnedAt: d.returned_at,
  }));
  const onSite = visits.map(workMinutes).filter((m): m is number => m !== null);
  const travel = visits.map(travelMinutes).filter((m): m is number => m !== null);

  let claimedYen = 0;
  // one IN list per claim batch: a programme period holds at most a few hundred claims
  for (let i = 0; i < claims.length; i += 500) {
    const ids = claims.slice(i, i + 500).map((c) => c.id);
    const items = await db
      .selectFrom('desk_claim_items')
      .select('amount_yen')
      .where('claim_id', 'in', ids)
      .execute();
    claimedYen += items.reduce((s, x) => s + Number(x.amount_yen), 0);
  }

  return {
    consultations: {
      total: opened.length,
      companies: new Set(opened.map((c) => c.tenant)).size,
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
      companies: new Set(completed.map((d) => d.tenant)).size,
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
