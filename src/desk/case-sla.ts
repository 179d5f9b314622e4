/**
 * A case's SLA as the desk sees it: the three timers of src/desk/sla.ts for the case's
 * priority, and a one-word summary for lists (ok / at-risk / breached) with the next
 * time something falls due.
 */

import type { CaseRow } from './cases-repo.js';
import {
  type CaseTimes,
  DEFAULT_SLA,
  PRIORITIES,
  type Priority,
  type SlaStatus,
  slaStatus,
  type TimerState,
} from './sla.js';

/** A running timer with less than this share of its time left is "at risk". */
export const AT_RISK_SHARE = 0.25;

export type SlaState = 'ok' | 'at-risk' | 'breached';
export interface SlaSummary {
  state: SlaState;
  /** epoch ms of the earliest running timer's due time; null when none runs */
  nextDueAt: number | null;
}

export function parseWaiting(json: string): [number, number | null][] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v.filter(
      (x): x is [number, number | null] =>
        Array.isArray(x) && typeof x[0] === 'number' && (x[1] === null || typeof x[1] === 'number'),
    );
  } catch {
    return [];
  }
}

export function caseTimes(row: CaseRow): CaseTimes {
  return {
    openedAt: row.created_at,
    firstResponseAt: row.first_response_at,
    lastUpdateAt: row.last_update_at,
    // a case closed without being resolved stops its resolution clock when it closes
    resolvedAt: row.resolved_at ?? row.closed_at,
    waiting: parseWaiting(row.waiting),
  };
}

function priorityOf(row: CaseRow): Priority {
  return (PRIORITIES as readonly string[]).includes(row.priority) ? (row.priority as Priority) : 'normal';
}

/** The timers of a case; a closed case's clocks stop at its closing. */
export function caseSla(row: CaseRow, now: number): SlaStatus {
  const at = row.status === 'closed' && row.closed_at !== null ? Math.min(now, row.closed_at) : now;
  return slaStatus(DEFAULT_SLA[priorityOf(row)], caseTimes(row), at);
}

const RUNNING: readonly TimerState['state'][] = ['running', 'overdue'];

export function summarize(s: SlaStatus): SlaSummary {
  const timers = [s.firstResponse, s.update, s.resolution].filter((t): t is TimerState => t !== null);
  const breached = timers.some((t) => t.state === 'overdue' || t.state === 'breached');
  const running = timers.filter((t) => RUNNING.includes(t.state));
  const atRisk = timers.some(
    (t) => t.state === 'running' && t.limitMinutes - t.usedMinutes < t.limitMinutes * AT_RISK_SHARE,
  );
  const nextDueAt = running.length === 0 ? null : Math.min(...running.map((t) => t.dueAt));
  return { state: breached ? 'breached' : atRisk ? 'at-risk' : 'ok', nextDueAt };
}

export function caseSlaSummary(row: CaseRow, now: number): SlaSummary {
  const s = summarize(caseSla(row, now));
  // a closed case owes nothing any more: only a breach while it was open remains
  return row.status === 'closed' ? { state: s.state === 'breached' ? 'breached' : 'ok', nextDueAt: null } : s;
}

const iso = (ms: number) => new Date(ms).toISOString();
const timerOut = (t: TimerState) => ({ ...t, dueAt: iso(t.dueAt) });

/** `sla` of the case detail: SlaStatus with ISO due times. */
export function presentSla(s: SlaStatus) {
  return {
    firstResponse: timerOut(s.firstResponse),
    update: s.update === null ? null : timerOut(s.update),
    resolution: timerOut(s.resolution),
  };
}
