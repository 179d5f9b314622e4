/**
 * SLA timers of a desk case (issue 5): first response, update and resolution, each
 * counted in business minutes of the case's calendar, with the time spent waiting for
 * the customer left out (the clock stops while the desk cannot act).
 */
import {
  ALWAYS_OPEN,
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  STANDARD_CALENDAR,
} from './business-calendar.js';

import { PRIORITIES, type Priority } from './priorities.js';

export { PRIORITIES, type Priority };

export interface SlaPolicy {
  calendar: BusinessCalendar;
  firstResponseMinutes: number;
  /** Longest silence towards the customer while the case is open. */
  updateMinutes: number;
  resolutionMinutes: number;
}

/**
 * Defaults: a critical case (e.g. suspected ransomware) runs on the 24-hour clock like
 * the monitoring; the others on the desk's business hours.
 */
export const DEFAULT_SLA: Readonly<Record<Priority, SlaPolicy>> = {
  critical: {
    calendar: ALWAYS_OPEN,
    firstResponseMinutes: 30,
    updateMinutes: 120,
    resolutionMinutes: 24 * 60,
  },
  high: {
    calendar: STANDARD_CALENDAR,
    firstResponseMinutes: 60,
    updateMinutes: 4 * 60,
    resolutionMinutes: 3 * 9 * 60,
  },
  normal: {
    calendar: STANDARD_CALENDAR,
    firstResponseMinutes: 4 * 60,
    updateMinutes: 9 * 60,
    resolutionMinutes: 5 * 9 * 60,
  },
  low: {
    calendar: STANDARD_CALENDAR,
    firstResponseMinutes: 9 * 60,
    updateMinutes: 2 * 9 * 60,
    resolutionMinutes: 10 * 9 * 60,
  },
};

export interface CaseTimes {
  openedAt: number;
  firstResponseAt: number | null;
  /** The last message to the customer (or the first response when none since). */
  lastUpdateAt: number | null;
  resolvedAt: number | null;
  /** Intervals [from, to) spent waiting for the customer; `to` null = still waiting. */
  waiting: readonly (readonly [number, number | null])[];
}

export interface TimerState {
  /** When it falls due (epoch ms), pauses included as far as they are known. */
  dueAt: number;
  /** Business minutes used so far (until met, or until now). */
  usedMinutes: number;
  limitMinutes: number;
  /** Met in time, met late, or still running. */
  state: 'met' | 'breached' | 'running' | 'overdue' | 'paused';
}

export interface SlaStatus {
  firstResponse: TimerState;
  update: TimerState | null;
  resolution: TimerState;
}

/** Business minutes in [from, to) minus the waiting intervals inside it. */
function activeMinutes(
  cal: BusinessCalendar,
  from: number,
  to: number,
  waiting: CaseTimes['waiting'],
  now: number,
) {
  let m = businessMinutesBetween(cal, from, to);
  for (const [a, b] of waiting) {
    const lo = Math.max(a, from);
    const hi = Math.min(b ?? now, to);
    if (hi > lo) m -= businessMinutesBetween(cal, lo, hi);
  }
  return m;
}

function timer(
  policy: SlaPolicy,
  limit: number,
  from: number,
  doneAt: number | null,
  c: CaseTimes,
  now: number,
): TimerState {
  const end = doneAt ?? now;
  const used = activeMinutes(policy.calendar, from, end, c.waiting, now);
  const left = Math.max(0, limit - used);
  const paused = doneAt === null && c.waiting.some(([, b]) => b === null);
  const dueAt = addBusinessMinutes(policy.calendar, end, left);
  let state: TimerState['state'];
  if (doneAt !== null) state = used <= limit ? 'met' : 'breached';
  else if (used > limit) state = 'overdue';
  else state = paused ? 'paused' : 'running';
  return {
    dueAt: used > limit && doneAt === null ? end : dueAt,
    usedMinutes: used,
    limitMinutes: limit,
    state,
  };
}

export function slaStatus(policy: SlaPolicy, c: CaseTimes, now: number): SlaStatus {
  const firstResponse = timer(policy, policy.firstResponseMinutes, c.openedAt, c.firstResponseAt, c, now);
  const since = c.lastUpdateAt ?? c.firstResponseAt;
  const update =
    since === null || c.resolvedAt !== null ? null : timer(policy, policy.updateMinutes, since, null, c, now);
  const resolution = timer(policy, policy.resolutionMinutes, c.openedAt, c.resolvedAt, c, now);
  return { firstResponse, update, resolution };
}
