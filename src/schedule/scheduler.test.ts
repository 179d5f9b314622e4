/**
 * The scheduler with a fake clock on a real state database (SQLite; PostgreSQL when
 * OTASUKE_TEST_PG_URL is set): first sight, a run at its due time and once only, catch-up
 * of the latest period after downtime, retries with back-off, the take-over of a run a
 * crashed process left, two processes on one database, and a stop that waits.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL } from '../devices/backends.test-helper.js';
import { openStateDb, openStateDbPostgres, type StateDb } from '../storage/state/state-db.js';
import type { JobContext, RunDetail, ScheduledJob } from './model.js';
import { getRun, type RunRow } from './runs-repo.js';
import { ScheduleError, Scheduler } from './scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An instant given as Japan wall-clock time. */
function jst(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h - 9, min);
}

// Wednesday 2026-11-18, 10:00 JST: the job is first seen here
const T0 = jst(2026, 11, 18, 10);
const MON = jst(2026, 11, 23, 8); // the next due time
const NEXT_MON = jst(2026, 11, 30, 8);

interface Shared {
  /** two connections to one database, as two processes would have */
  a: StateDb;
  b: StateDb;
  dispose(): Promise<void>;
}

const BACKENDS: { name: string; skip: string | null; open(): Promise<Shared> }[] = [
  {
    name: 'sqlite',
    skip: null,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'otasuke-schedule-'));
      const file = join(dir, 'state.sqlite');
      const a = await openStateDb(file);
      const b = await openStateDb(file);
      return {
        a,
        b,
        async dispose() {
          await a.destroy();
          await b.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: PG_URL ? null : 'OTASUKE_TEST_PG_URL is not set',
    async open() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const a = await openStateDbPostgres(PG_URL as string, { schema });
      const b = await openStateDbPostgres(PG_URL as string, { schema });
      return {
        a,
        b,
        async dispose() {
          await a.destroy();
          await b.destroy();
          await admin.query(`drop schema ${schema} cascade`);
          await admin.end();
        },
      };
    },
  },
];

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A weekly job whose runs are recorded; `body` decides what a run does. */
function weeklyJob(
  calls: { key: string; ctx: JobContext }[],
  body: (key: string, ctx: JobContext) => Promise<RunDetail | undefined> = async () => ({ companies: 2 }),
  over: Partial<ScheduledJob> = {},
): ScheduledJob {
  return {
    name: 'weekly-test',
    cron: '0 8 * * 1',
    // the Monday of the due time names the period
    periodKey: (dueAt) => new Date(dueAt).toISOString().slice(0, 10),
    run: (key, ctx) => {
      calls.push({ key, ctx });
      return body(key, ctx);
    },
    ...over,
  };
}

const keyOf = (dueAt: number) => new Date(dueAt).toISOString().slice(0, 10);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`scheduler on ${backend.name}`, () => {
    if (backend.skip) console.log(`scheduler on ${backend.name}: skipped, ${backend.skip}`);
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      while (cleanups.length > 0) await cleanups.pop()?.();
    });

    async function open(): Promise<Shared> {
      const s = await backend.open();
      cleanups.push(() => s.dispose());
      return s;
    }

    function scheduler(
      db: StateDb,
      clock: { now: number },
      owner = 'test:1',
      logs: string[] = [],
    ): Scheduler {
      const s = new Scheduler({ db, now: () => clock.now, owner, log: (l) => logs.push(l) });
      cleanups.push(() => s.stop());
      return s;
    }

    it('skips the period already due when a job is first seen, then runs each period once at its time', async () => {
      const { a } = await open();
      const clock = { now: T0 };
      const calls: { key: string; ctx: JobContext }[] = [];
      const s = scheduler(a, clock).add(weeklyJob(calls));

      const first = await s.runDue();
      expect(first).toEqual([
        { job: 'weekly-test', key: keyOf(jst(2026, 11, 16, 8)), status: 'skipped', attempt: 0 },
      ]);
      expect(calls).toHaveLength(0);

      clock.now = MON - MINUTE;
      expect(await s.runDue()).toEqual([]);
      clock.now = MON;
      const [done] = await s.runDue();
      expect(done).toMatchObject({ status: 'done', key: keyOf(MON), attempt: 1, detail: { companies: 2 } });
      expect(calls.map((c) => c.key)).toEqual([keyOf(MON)]);
      expect(calls[0].ctx.dueAt).toBe(MON);
      for (const later of [MON + MINUTE, MON + DAY, NEXT_MON - 1]) {
        clock.now = later;
        expect(await s.runDue()).toEqual([]);
      }
      expect(calls).toHaveLength(1);

      const row = (await getRun(a, 'weekly-test', keyOf(MON))) as RunRow;
      expect(row).toMatchObject({ status: 'done', attempts: 1, due_at: MON, owner: 'test:1', error: null });
      expect(JSON.parse(row.detail ?? '')).toEqual({ companies: 2 });
      expect(row.started_at).toBe(MON);
    });

    it('catches up after downtime with the latest period only', async () => {
      const { a } = await open();
      const clock = { now: T0 };
      const before = scheduler(a, clock);
      before.add(weeklyJob([]));
      await before.runDue();
      await before.stop();

      // down over two Mondays; back on Tuesday of the week after
      clock.now = jst(2026, 12, 1, 9);
      const calls: { key: string; ctx: JobContext }[] = [];
      const after = scheduler(a, clock).add(weeklyJob(calls));
      const outcomes = await after.runDue();
      expect(outcomes.map((o) => [o.key, o.status])).toEqual([[keyOf(NEXT_MON), 'done']]);
      expect(calls[0].ctx.dueAt).toBe(NEXT_MON);
      expect(await getRun(a, 'weekly-test', keyOf(MON))).toBeUndefined();
      clock.now += HOUR;
      expect(await after.runDue()).toEqual([]);
    });

    it('retries a failed run after its back-off, and stops after the last try', async () => {
      const { a } = await open();
      const clock = { now: T0 };
      const calls: { key: string; ctx: JobContext }[] = [];
      let failures = 2;
      const job = weeklyJob(calls, async () => {
        if (failures-- > 0) throw new Error('store unavailable');
        return { mailed: 1 };
      });
      const s = scheduler(a, clock).add({ ...job, retryDelayMs: (n) => n * 10 * MINUTE });
      await s.runDue();

      clock.now = MON;
      const [f1] = await s.runDue();
      expect(f1).toMatchObject({
        status: 'failed',
        attempt: 1,
        error: 'store unavailable',
        nextAttemptAt: MON + 10 * MINUTE,
      });
      clock.now = MON + 10 * MINUTE - 1;
      expect(await s.runDue()).toEqual([]);
      clock.now = MON + 10 * MINUTE;
      const [f2] = await s.runDue();
      expect(f2).toMatchObject({ status: 'failed', attempt: 2, nextAttemptAt: clock.now + 20 * MINUTE });
      clock.now += 20 * MINUTE;
      const [ok] = await s.runDue();
      expect(ok).toMatchObject({ status: 'done', attempt: 3, detail: { mailed: 1 } });
      expect(calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
      const row = (await getRun(a, 'weekly-test', keyOf(MON))) as RunRow;
      expect(row).toMatchObject({ status: 'done', attempts: 3, error: null, next_attempt_at: null });

      // a job that always fails gives up after maxAttempts
      const hopeless = scheduler(a, clock).add({
        ...weeklyJob([], async () => {
          throw new Error('no route to host');
        }),
        name: 'hopeless',
        maxAttempts: 2,
      });
      await hopeless.runDue(); // first sight
      clock.now = NEXT_MON;
      expect((await hopeless.runDue())[0]).toMatchObject({ status: 'failed', attempt: 1 });
      clock.now += DAY;
      const [last] = await hopeless.runDue();
      expect(last).toMatchObject({ status: 'failed', attempt: 2, nextAttemptAt: null });
      clock.now += DAY;
      expect(await hopeless.runDue()).toEqual([]);
      expect(await getRun(a, 'hopeless', keyOf(NEXT_MON))).toMatchObject({
        status: 'failed',
        attempts: 2,
        error: 'no route to host',
        next_attempt_at: null,
      });
    });

    it("takes over a run a crashed process left 'running', once its heartbeat is stale", async () => {
      const { a } = await open();
      const clock = { now: MON + 10 * MINUTE };
      // the crashed process claimed the period at 08:00 and stopped beating at 08:05
      await a
        .insertInto('scheduled_runs')
        .values({
          job: 'weekly-test',
          period_key: keyOf(MON),
          status: 'running',
          attempts: 1,
          due_at: MON,
          started_at: MON,
          heartbeat_at: MON + 5 * MINUTE,
          finished_at: null,
          next_attempt_at: null,
          owner: 'crashed:42',
          error: null,
          detail: null,
        })
        .execute();
      const calls: { key: string; ctx: JobContext }[] = [];
      const logs: string[] = [];
      const s = scheduler(a, clock, 'test:1', logs).add({ ...weeklyJob(calls), staleAfterMs: 15 * MINUTE });

      expect(await s.runDue()).toEqual([]); // still within its lease
      clock.now = MON + 20 * MINUTE;
      const [taken] = await s.runDue();
      expect(taken).toMatchObject({ status: 'done', attempt: 2, key: keyOf(MON) });
      expect(calls).toHaveLength(1);
      expect(logs.some((l) => l.includes('taking over the run crashed:42 left unfinished'))).toBe(true);
      expect(await getRun(a, 'weekly-test', keyOf(MON))).toMatchObject({
        status: 'done',
        attempts: 2,
        owner: 'test:1',
      });

      // left on its last allowed try: given up, not run again
      await a
        .insertInto('scheduled_runs')
        .values({
          job: 'last-try',
          period_key: keyOf(MON),
          status: 'running',
          attempts: 3,
          due_at: MON,
          started_at: MON,
          heartbeat_at: MON,
          finished_at: null,
          next_attempt_at: null,
          owner: 'crashed:42',
          error: null,
          detail: null,
        })
        .execute();
      const never: { key: string; ctx: JobContext }[] = [];
      const s2 = scheduler(a, clock).add({ ...weeklyJob(never), name: 'last-try', maxAttempts: 3 });
      const [gaveUp] = await s2.runDue();
      expect(gaveUp).toMatchObject({ status: 'failed', attempt: 3, nextAttemptAt: null });
      expect(never).toHaveLength(0);
      expect((await getRun(a, 'last-try', keyOf(MON)))?.error).toContain('abandoned by crashed:42');
    });

    it('two processes on one database run a period once', async () => {
      const { a, b } = await open();
      const clock = { now: T0 };
      const gate = deferred();
      const callsA: { key: string; ctx: JobContext }[] = [];
      const callsB: { key: string; ctx: JobContext }[] = [];
      const slow = async () => {
        await gate.promise;
        return { companies: 1 };
      };
      const pa = scheduler(a, clock, 'host-a:1').add(weeklyJob(callsA, slow));
      const pb = scheduler(b, clock, 'host-b:1').add(weeklyJob(callsB, slow));
      await Promise.all([pa.runDue(), pb.runDue()]); // both see the job first: one skipped row

      clock.now = MON;
      for (let round = 0; round < 5; round++) {
        const both = Promise.all([pa.runDue(), pb.runDue()]);
        if (round === 0) setImmediate(() => gate.resolve());
        const [oa, ob] = await both;
        expect([...oa, ...ob].filter((o) => o.status === 'done').length).toBe(round === 0 ? 1 : 0);
        clock.now += MINUTE;
      }
      expect(callsA.length + callsB.length).toBe(1);
      const row = await getRun(a, 'weekly-test', keyOf(MON));
      expect(row?.status).toBe('done');
      expect(row?.owner).toBe(callsA.length === 1 ? 'host-a:1' : 'host-b:1');
    });

    it('runs one period of a job at a time in a process', async () => {
      const { a } = await open();
      const clock = { now: T0 };
      const gate = deferred();
      const calls: { key: string; ctx: JobContext }[] = [];
      const s = scheduler(a, clock).add(
        weeklyJob(calls, async () => {
          await gate.promise;
          return undefined;
        }),
      );
      await s.runDue();
      clock.now = MON;
      const first = s.runDue();
      // the claim is in, the run is waiting: a second look finds the job busy
      while (calls.length === 0) await new Promise((r) => setImmediate(r));
      expect(await s.runDue()).toEqual([]);
      gate.resolve();
      expect((await first).map((o) => o.status)).toEqual(['done']);
    });

    it('stop() tells running jobs and waits for them; an interrupted run goes again at the next start', async () => {
      const { a } = await open();
      const clock = { now: T0 };
      const started = deferred();
      let stopSeen = false;
      const s = scheduler(a, clock).add(
        weeklyJob([], async (_key, ctx) => {
          started.resolve();
          await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
          stopSeen = true;
          throw new Error('stopped after 3 of 10 companies');
        }),
      );
      await s.runDue();
      clock.now = MON;
      const running = s.runDue();
      await started.promise;
      await s.stop();
      expect(stopSeen).toBe(true);
      expect((await running)[0]).toMatchObject({ status: 'failed', nextAttemptAt: MON });
      const row = await getRun(a, 'weekly-test', keyOf(MON));
      // the interrupted try is not counted against the job
      expect(row).toMatchObject({ status: 'failed', attempts: 0, next_attempt_at: MON });
      expect(row?.error).toContain('interrupted by shutdown');
      expect(await s.runDue()).toEqual([]); // stopped: nothing more

      clock.now = MON + 5 * MINUTE;
      const calls: { key: string; ctx: JobContext }[] = [];
      const restarted = scheduler(a, clock).add(weeklyJob(calls));
      const [again] = await restarted.runDue();
      expect(again).toMatchObject({ status: 'done', attempt: 1 });
    });

    it('start() catches up at once, in the background', async () => {
      const { a } = await open();
      // the job was seen before (a skipped week), and this Monday's run is missing
      await a
        .insertInto('scheduled_runs')
        .values({
          job: 'weekly-test',
          period_key: keyOf(jst(2026, 11, 16, 8)),
          status: 'skipped',
          attempts: 0,
          due_at: jst(2026, 11, 16, 8),
          started_at: T0,
          heartbeat_at: T0,
          finished_at: T0,
          next_attempt_at: null,
          owner: 'test:0',
          error: null,
          detail: null,
        })
        .execute();
      const clock = { now: MON + 3 * HOUR };
      const ran = deferred<string>();
      const s = scheduler(a, clock).add(
        weeklyJob([], async (key) => {
          ran.resolve(key);
          return undefined;
        }),
      );
      s.start();
      expect(await ran.promise).toBe(keyOf(MON));
      await s.stop();
      expect((await getRun(a, 'weekly-test', keyOf(MON)))?.status).toBe('done');
    });
  });
}

describe('registering jobs', () => {
  it('refuses bad names, bad patterns and a name twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-schedule-'));
    const db = await openStateDb(join(dir, 'state.sqlite'));
    try {
      const s = new Scheduler({ db });
      const job = weeklyJob([]);
      s.add(job);
      expect(() => s.add(job)).toThrow(ScheduleError);
      expect(() => s.add({ ...job, name: 'Weekly Mail' })).toThrow(/lower-case/);
      expect(() => s.add({ ...job, name: 'bad-cron', cron: '0 8 * *' })).toThrow(
        /bad-cron.*not a cron pattern/,
      );
      expect(s.jobs(T0)).toEqual([{ name: 'weekly-test', cron: '0 8 * * 1', nextDueAt: MON }]);
      await s.stop();
      expect(() => s.add({ ...job, name: 'late' })).toThrow(/stopped/);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
