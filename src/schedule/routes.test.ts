/** GET /api/schedule/runs: staff who see every company only; validated query; newest first. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompany,
  openTestApp,
  type TestApp,
  tokenHeaders,
  userSession,
} from '../../test/helpers/accounts.js';
import type { RunRow } from './runs-repo.js';

const T = Date.UTC(2026, 10, 22, 23, 0);

function row(over: Partial<RunRow>): RunRow {
  return {
    job: 'weekly-summary',
    period_key: '2026-11-16/2026-11-23',
    status: 'done',
    attempts: 1,
    due_at: T,
    started_at: T,
    heartbeat_at: T,
    finished_at: T + 5_000,
    next_attempt_at: null,
    owner: 'host:1',
    error: null,
    detail: JSON.stringify({ companies: 3, mailed: 2 }),
    ...over,
  };
}

describe('GET /api/schedule/runs', () => {
  let t: TestApp;
  const sessions: Record<string, { cookie: string }> = {};

  beforeAll(async () => {
    t = await openTestApp();
    await createCompany(t.db, { id: 'acme', name: 'Acme' });
    await t.db
      .insertInto('scheduled_runs')
      .values([
        row({
          period_key: '2026-11-09/2026-11-16',
          due_at: T - 7 * 86_400_000,
          started_at: T - 7 * 86_400_000,
        }),
        row({}),
        row({
          job: 'monthly-reports',
          period_key: '2026-10',
          status: 'failed',
          attempts: 2,
          started_at: T + 60_000,
          finished_at: T + 90_000,
          next_attempt_at: T + 1_290_000,
          error: 'acme: store unavailable',
          detail: null,
        }),
      ])
      .execute();
    for (const [login, role, tenant] of [
      ['admin', 'operator-admin', null],
      ['soc', 'analyst', null],
      ['agent', 'agent', null],
      ['eng', 'engineer', null],
      ['boss', 'company-admin', 'acme'],
    ] as const)
      sessions[login] = (
        await userSession(t, { login, role, tenant, assigned: role === 'engineer' ? ['acme'] : [] })
      ).session.headers;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('401 without a login', async () => {
    const r = await t.app.inject({ url: '/api/schedule/runs' });
    expect(r.statusCode).toBe(401);
  });

  it('403 for company users and for staff who see only assigned companies', async () => {
    for (const who of ['boss', 'eng']) {
      const r = await t.app.inject({ url: '/api/schedule/runs', headers: sessions[who] });
      expect(r.statusCode, who).toBe(403);
      expect(r.body).not.toContain('acme: store');
    }
  });

  it('lists the runs newest first for staff who see every company', async () => {
    for (const who of ['admin', 'soc', 'agent']) {
      const r = await t.app.inject({ url: '/api/schedule/runs', headers: sessions[who] });
      expect(r.statusCode, who).toBe(200);
      const { runs } = r.json() as { runs: Record<string, unknown>[] };
      expect(runs.map((x) => `${x.job} ${x.periodKey}`)).toEqual([
        'monthly-reports 2026-10',
        'weekly-summary 2026-11-16/2026-11-23',
        'weekly-summary 2026-11-09/2026-11-16',
      ]);
      expect(runs[0]).toEqual({
        job: 'monthly-reports',
        periodKey: '2026-10',
        status: 'failed',
        attempts: 2,
        dueAt: new Date(T).toISOString(),
        startedAt: new Date(T + 60_000).toISOString(),
        finishedAt: new Date(T + 90_000).toISOString(),
        nextAttemptAt: new Date(T + 1_290_000).toISOString(),
        owner: 'host:1',
        error: 'acme: store unavailable',
        detail: null,
      });
      expect(runs[1].detail).toEqual({ companies: 3, mailed: 2 });
    }
  });

  it('filters by job and status, and limits', async () => {
    const get = async (q: string) => {
      const r = await t.app.inject({ url: `/api/schedule/runs?${q}`, headers: tokenHeaders });
      expect(r.statusCode, q).toBe(200);
      return (r.json() as { runs: { job: string; periodKey: string; status: string }[] }).runs;
    };
    expect((await get('job=weekly-summary')).map((x) => x.periodKey)).toEqual([
      '2026-11-16/2026-11-23',
      '2026-11-09/2026-11-16',
    ]);
    expect((await get('status=failed')).map((x) => x.job)).toEqual(['monthly-reports']);
    expect(await get('limit=1')).toHaveLength(1);
    expect(await get('job=nothing-here')).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['status=broken', 'status'],
    ['job=Weekly%20Summary', 'job'],
    ['tenant=acme', 'tenant'],
  ])('400 for %s, naming the field', async (q, field) => {
    const r = await t.app.inject({ url: `/api/schedule/runs?${q}`, headers: tokenHeaders });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: 'invalid-input', field } });
  });
});
