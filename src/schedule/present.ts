/** The fields of a scheduled run that leave the server (GET /api/schedule/runs). */
import type { RunDetail } from './model.js';
import type { RunRow } from './runs-repo.js';

export interface RunView {
  job: string;
  periodKey: string;
  status: string;
  attempts: number;
  dueAt: string;
  startedAt: string;
  finishedAt: string | null;
  nextAttemptAt: string | null;
  owner: string | null;
  error: string | null;
  detail: RunDetail | null;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function parseDetail(s: string | null): RunDetail | null {
  if (s === null) return null;
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as RunDetail) : null;
  } catch {
    return null;
  }
}

export function presentRun(r: RunRow): RunView {
  return {
    job: r.job,
    periodKey: r.period_key,
    status: r.status,
    attempts: r.attempts,
    dueAt: new Date(r.due_at).toISOString(),
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: iso(r.finished_at),
    nextAttemptAt: iso(r.next_attempt_at),
    owner: r.owner,
    error: r.error,
    detail: parseDetail(r.detail),
  };
}
