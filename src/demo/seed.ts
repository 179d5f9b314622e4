/**
 * The demo programme a newcomer sees on first `npm start`: ~30 fictional companies in
 * Chiba and Saitama, their UTMs, two company logins, and three months of generated
 * vendor-format logs up to now pushed through the real parse + classify + encode path.
 *
 * Start-up (`startDemo`, before the listeners) writes the plan, companies, devices and
 * logins — fast; the logs load in the background after "ready" (`DemoRun.load`), so the
 * portal is usable meanwhile. Crash-safe: the plan file pins "now" and the seed, every
 * chunk is written with a batch id (a chunk already committed is skipped on the next
 * start), and the marker file is written only when everything is in.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { hashPassword } from '../accounts/password.js';
import type { DemoStatus } from '../api/deps.js';
import { compiledWorkerPath, WorkerPool } from '../core/worker-pool.js';
import { Correlator } from '../detect/correlator.js';
import { RuleMatcher } from '../detect/matcher.js';
import type { AlertSink, Rule, RuleHit } from '../detect/model.js';
import type { NormalizedEvent } from '../event/event.js';
import { ReconCorrelator } from '../ingest/classify/recon-correlator.js';
import { type ChunkResult, denyEvent, processLines } from '../ingest/parse/chunk-processor.js';
import { encodeBatch, mergeBatches } from '../storage/events/encode.js';
import type { EventStore } from '../storage/events/event-store.js';
import type { StateDb } from '../storage/state/state-db.js';
import { DEMO_COMPANIES, type DevicePlan, devicePlans, expectedPerDay } from './companies.js';
import { type DemoJob, runDemoJob } from './demo-job.js';
import { type DeskStaff, deskSeeded, seedDemoDesk } from './desk-seed.js';
import { generateDeviceDayTimed } from './generate.js';

export { DEMO_COMPANIES } from './companies.js';

/** A login of the demo (fixed, documented passwords: the demo is for trying out). */
export interface DemoLogin {
  login: string;
  password: string;
  role: 'company-admin' | 'company-viewer' | 'agent' | 'analyst' | 'engineer';
  /** null for the provider's staff */
  tenant: string | null;
  name: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    login: 'sakura-admin',
    password: 'sakura-demo-2026',
    role: 'company-admin',
    tenant: 'demo-sakura-kogyo',
    name: '桜井 健一',
  },
  {
    login: 'midori-viewer',
    password: 'midori-demo-2026',
    role: 'company-viewer',
    tenant: 'demo-midori-shoten',
    name: '緑川 花子',
  },
  // the desk's staff, so the demo's cases have people on them and the views can be tried
  { login: 'demo-agent', password: 'agent-demo-2026', role: 'agent', tenant: null, name: '山本 彩' },
  { login: 'demo-analyst', password: 'analyst-demo-2026', role: 'analyst', tenant: null, name: '高橋 誠' },
  {
    login: 'demo-engineer',
    password: 'engineer-demo-2026',
    role: 'engineer',
    tenant: null,
    name: '佐藤 大輔',
  },
];

/** A demo login's user id (insertLogins writes them so). */
const demoUserId = (l: DemoLogin): string => `demo-${l.login}`;

/** The desk's demo people: the staff logins above. */
function deskStaff(): DeskStaff {
  const by = (role: DemoLogin['role']) => {
    const l = DEMO_LOGINS.find((x) => x.role === role);
    if (!l) throw new Error(`no demo ${role}`);
    return { id: demoUserId(l), name: l.name };
  };
  return { agent: by('agent'), analyst: by('analyst'), engineer: by('engineer') };
}

/** The part of the device registry the demo needs. */
export interface DemoRegistry {
  readonly db: StateDb;
  getDevice(id: string): Promise<unknown>;
  listDevices(): Promise<readonly unknown[]>;
  addDevice(input: {
    id: string;
    tenant: string;
    format: string;
    hostnames: string[];
    silent_after_minutes?: number;
  }): Promise<unknown>;
  noteSeen(deviceId: string, counts: { records: number; errors: number }, nowMs: number): void;
}

export interface DemoOptions {
  dataDir: string;
  store: EventStore;
  registry: DemoRegistry;
  /** The demo's "now" on first start (default Date.now()); a resumed load keeps the first one. */
  nowMs?: number;
  /** Length of the period in days, ending today (default 92: three months). */
  days?: number;
  /** Multiplies the ordinary traffic volume (default 1; tests use less). */
  scale?: number;
  /** Days per written batch after the most recent week (default 30). */
  chunkDays?: number;
  /** Worker threads for generate + parse (default: cores; 0 = in-thread). */
  workers?: number;
  /** Progress and the logins (default: nothing). */
  print?: (line: string) => void;
  /** 'bar' draws a progress bar on stdout (a terminal); 'lines' prints plain lines. */
  progress?: 'bar' | 'lines' | 'none';
  /**
   * Keep the demo devices sending after the load: every few minutes the logs since the
   * last window are written, so the devices stay healthy and the dashboards move
   * (default true).
   */
  live?: boolean;
  /** Clock of the live logs (tests). */
  now?: () => number;
  /** Detection over the demo's logs, so the alert queue has the demo's alerts (default: none). */
  alerts?: DemoAlerts;
}

/** The service's rule pack and alert sink. */
export interface DemoAlerts {
  rulesDir: string;
  rules: readonly Rule[];
  sink: AlertSink;
}

/** A demo being loaded (or already loaded) in this process. */
export interface DemoRun {
  status(): DemoStatus;
  /** Loads the logs; resolves when done, failed or stopped (never rejects). */
  load(): Promise<void>;
  /** Stops loading promptly; what is committed stays and the next start goes on from there. */
  stop(): Promise<void>;
}

const PLAN_FILE = '.demo-plan.json';
const MARKER = '.demo-loaded';
const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;
const BATCH_PREFIX = 'demo1';
const LIVE_WINDOW_MS = 5 * 60_000;
/** Live demo: plain records a day per device around the clock (about one every 30 minutes). */
const LIVE_BACKGROUND = 48;

interface PlanFile {
  version: 1;
  endMs: number;
  days: number;
  scale: number;
  chunkDays: number;
}

interface Marker {
  loadedAt: string;
  events: number;
  companies: number;
  devices: number;
  seconds: number;
  /** Live demo logs are written up to here (epoch ms). */
  liveUntil?: number;
}

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function doneRun(m: Marker | null): DemoRun {
  const status: DemoStatus = {
    state: 'done',
    done: m?.events ?? 0,
    total: m?.events ?? 0,
    companies: m?.companies ?? DEMO_COMPANIES.length,
  };
  return { status: () => status, load: async () => {}, stop: async () => {} };
}

/**
 * Prepares the demo programme in an empty data folder (or one whose demo load was cut
 * short): companies, devices and logins now, the logs when `load()` is called. Returns
 * null when the folder is in real use (devices or companies of its own) and has no demo.
 */
export async function startDemo(opts: DemoOptions): Promise<DemoRun | null> {
  const markerPath = join(opts.dataDir, MARKER);
  const planPath = join(opts.dataDir, PLAN_FILE);
  let plan = readJson<PlanFile>(planPath);
  if (existsSync(markerPath)) {
    const marker = readJson<Marker>(markerPath);
    if (plan?.version !== 1 || !marker) return doneRun(marker);
    const plans = devicePlans({ days: plan.days, scale: plan.scale });
    return new DemoLoader(opts, plan, plans, markerPath, opts.print ?? (() => {}), marker);
  }
  if (plan?.version !== 1) {
    const devices = await opts.registry.listDevices();
    const companies = await opts.registry.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (devices.length > 0 || Number(companies?.n ?? 0) > 0) return null;
    plan = {
      version: 1,
      endMs: opts.nowMs ?? Date.now(),
      days: opts.days ?? 92,
      scale: opts.scale ?? 1,
      chunkDays: opts.chunkDays ?? 30,
    };
    writeJsonAtomic(planPath, plan);
  }
  const print = opts.print ?? (() => {});
  await insertCompanies(opts.registry.db, plan.endMs);
  const plans = devicePlans({ days: plan.days, scale: plan.scale });
  for (const p of plans) {
    if (!(await opts.registry.getDevice(p.id)))
      await opts.registry.addDevice({
        id: p.id,
        tenant: p.tenant,
        format: p.vendor,
        hostnames: [p.id],
        // the live demo logs are sparse at night: a quiet spell is not yet an outage
        silent_after_minutes: 240,
      });
  }
  for (const l of await insertLogins(opts.registry.db, plan.endMs)) {
    const company = DEMO_COMPANIES.find((c) => c.tenant === l.tenant);
    print(`demo login: ${l.login} / ${l.password} (${l.role}${company ? ` of ${company.name}` : ''})`);
  }
  return new DemoLoader(opts, plan, plans, markerPath, print);
}

async function insertCompanies(db: StateDb, nowMs: number): Promise<void> {
  for (const c of DEMO_COMPANIES) {
    await db
      .insertInto('companies')
      .values({
        id: c.tenant,
        name: c.name,
        name_en: c.nameEn,
        prefecture: c.prefecture,
        city: c.city,
        industry: c.industry,
        employees: c.employees,
        capital_yen: c.capitalYen,
        contact_name: null,
        contact_phone: null,
        contact_email: null,
        created_at: nowMs,
        updated_at: nowMs,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** Inserts the demo logins that do not exist yet; returns those inserted. */
async function insertLogins(db: StateDb, nowMs: number): Promise<DemoLogin[]> {
  const added: DemoLogin[] = [];
  for (const l of DEMO_LOGINS) {
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('login', '=', l.login)
      .executeTakeFirst();
    if (existing) continue;
    await db
      .insertInto('users')
      .values({
        id: demoUserId(l),
        login: l.login,
        name: l.name,
        email: null,
        role: l.role,
        tenant: l.tenant,
        password_hash: await hashPassword(l.password),
        must_change_password: 0,
        totp_secret: null,
        totp_enabled: 0,
        failed_logins: 0,
        locked_until: null,
        disabled: 0,
        locale: 'ja',
        last_login_at: null,
        created_at: nowMs,
        updated_at: nowMs,
      })
      .onConflict((oc) => oc.column('login').doNothing())
      .execute();
    added.push(l);
  }
  return added;
}

// ---- worker pool: generate + parse off the main thread ----

class DemoPool {
  private readonly workers: WorkerPool<ChunkResult>;

  constructor(size: number) {
    const path = compiledWorkerPath(import.meta.url, 'src/demo', 'demo-worker');
    this.workers = new WorkerPool(path, size, 'demo worker');
  }

  get size(): number {
    return this.workers.size;
  }

  run(job: DemoJob): Promise<ChunkResult> {
    if (this.workers.size === 0) {
      // in-thread: yield first so the event loop (HTTP, syslog) gets a turn between chunks
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(runDemoJob(job));
          } catch (err) {
            reject(err as Error);
          }
        }),
      );
    }
    return this.workers.post({ job });
  }

  async close(): Promise<void> {
    await this.workers.close();
    this.workers.rejectPending(new Error('demo loading stopped'));
  }
}

// ---- the loader ----

interface Chunk {
  job: DemoJob;
  batchId: string;
  expected: number;
  last: boolean;
}

class DemoLoader implements DemoRun {
  private state: DemoStatus['state'] = 'loading';
  private done = 0;
  private total: number;
  private message: string | undefined;
  private stopping = false;
  private running: Promise<void> | null = null;
  private pool: DemoPool | null = null;
  private bar: SingleBar | null = null;

  constructor(
    private readonly opts: DemoOptions,
    private readonly plan: PlanFile,
    private readonly plans: readonly DevicePlan[],
    private readonly markerPath: string,
    private readonly print: (line: string) => void,
    private marker: Marker | null = null,
  ) {
    this.total = Math.round(plans.reduce((n, p) => n + expectedPerDay(p) * plan.days, 0));
    if (marker) {
      this.state = 'done';
      this.done = this.total = marker.events;
    }
  }

  status(): DemoStatus {
    return {
      state: this.state,
      done: this.done,
      total: Math.max(this.total, this.done),
      companies: DEMO_COMPANIES.length,
      ...(this.message ? { message: this.message } : {}),
    };
  }

  load(): Promise<void> {
    this.running ??= (this.marker ? this.seedDesk() : this.run())
      .then(() => this.startLive())
      .catch((err: Error) => {
        if (this.stopping) return; // the pool was closed under a chunk: stopped, not failed
        this.state = 'failed';
        this.message = err.message;
        this.print(`demo: loading failed: ${err.message}`);
      })
      .finally(async () => {
        this.bar?.stop();
        this.bar = null;
        await this.pool?.close();
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
    // chunks being generated are dropped at once (what is committed stays)
    await this.pool?.close();
    await this.running;
    await this.liveChain;
    await this.pool?.close();
  }

  /**
   * The desk's demo cases, once the alerts exist (also for a demo loaded by an older
   * version). A failure leaves the demo usable without them.
   */
  private async seedDesk(): Promise<void> {
    if (this.stopping) return;
    const db = this.opts.registry.db;
    try {
      if (await deskSeeded(db)) return;
      await seedDemoDesk(db, deskStaff(), this.plan.endMs);
    } catch (err) {
      this.print(`demo: the desk's demo cases were not written: ${(err as Error).message}`);
    }
  }

  // ---- live: the devices go on sending after the load ----

  private liveTimer: NodeJS.Timeout | null = null;
  private livePlans: DevicePlan[] | null = null;
  private liveChain: Promise<void> = Promise.resolve();

  private async startLive(): Promise<void> {
    if (this.stopping || this.state !== 'done' || this.opts.live === false) return;
    // the load is done whatever happens here: a failed window is retried on the next tick
    const tick = () =>
      (this.liveChain = this.liveChain
        .then(() => this.liveTick())
        .catch((err: Error) => this.print(`demo: live demo logs failed: ${err.message}`)));
    await tick();
    if (this.stopping) return;
    this.liveTimer = setInterval(tick, 60_000);
    this.liveTimer.unref();
  }

  /**
   * Writes every whole 5-minute window since the last one written (at most the last 24 h:
   * a longer stop is a gap, as with a real device), each window as one idempotent batch.
   */
  private async liveTick(): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    const { endMs, days } = this.plan;
    const todayStart = Math.floor((endMs + JST_MS) / DAY_MS) * DAY_MS - JST_MS;
    const day0Ms = todayStart - (days - 1) * DAY_MS;
    const from =
      Math.floor(Math.max(this.marker?.liveUntil ?? endMs, endMs, now - DAY_MS) / LIVE_WINDOW_MS) *
      LIVE_WINDOW_MS;
    const last = Math.floor(now / LIVE_WINDOW_MS) * LIVE_WINDOW_MS; // end of the last whole window
    if (last <= from) return;
    // each device-day once, cut into windows (a window never spans JST midnight: 9 h is whole windows)
    const windows = new Map<number, Map<DevicePlan, string[]>>();
    this.livePlans ??= this.plans.map((p) => ({ ...p, rates: { ...p.rates, background: LIVE_BACKGROUND } }));
    for (let d = Math.floor((from - day0Ms) / DAY_MS); day0Ms + d * DAY_MS < last; d++) {
      const dayStart = day0Ms + d * DAY_MS;
      for (const p of this.livePlans) {
        for (const [ms, line] of generateDeviceDayTimed(p, d, dayStart, last - 1)) {
          if (ms < from || ms <= endMs) continue;
          const ws = Math.floor(ms / LIVE_WINDOW_MS) * LIVE_WINDOW_MS;
          let byDevice = windows.get(ws);
          if (!byDevice) windows.set(ws, (byDevice = new Map()));
          let lines = byDevice.get(p);
          if (!lines) byDevice.set(p, (lines = []));
          lines.push(line);
        }
      }
    }
    for (let ws = from; ws < last && !this.stopping; ws += LIVE_WINDOW_MS) {
      const we = ws + LIVE_WINDOW_MS;
      const batches = [];
      const seen: [string, number][] = [];
      const hits: RuleHit[] = [];
      for (const [p, lines] of windows.get(ws) ?? []) {
        const r = processLines(lines, {
          spec: { tenant: p.tenant, device: p.id, format: p.vendor },
          nowMs: we,
          useNowWhenMissing: false,
          rules: this.opts.alerts?.rulesDir,
        });
        batches.push(r.batch);
        seen.push([p.id, r.records]);
        for (const h of r.hits) hits.push(h);
      }
      if (batches.length > 0) {
        const written = await this.opts.store.appendEncoded(mergeBatches(batches), {
          batchId: `${BATCH_PREFIX}:live:${ws}`,
        });
        if (written) {
          for (const [id, n] of seen) this.opts.registry.noteSeen(id, { records: n, errors: 0 }, we - 1);
          await this.raiseAlerts(hits, [], we);
        }
      }
      this.marker = { ...(this.marker as Marker), liveUntil: we };
    }
    writeJsonAtomic(this.markerPath, this.marker);
  }

  private demoMatcher: RuleMatcher | null = null;

  /**
   * Detection over one written chunk: its own correlator (chunks load newest week first,
   * not in time order; the sink merges the chunks' signals into one alert per group).
   * A failure costs the demo some alerts, never its events.
   */
  private async raiseAlerts(hits: readonly RuleHit[], derived: readonly NormalizedEvent[], endMs: number) {
    const a = this.opts.alerts;
    if (!a) return;
    try {
      const all = hits.slice();
      if (derived.length) {
        this.demoMatcher ??= new RuleMatcher(a.rules);
        for (const e of derived) this.demoMatcher.match(e, Date.parse(e.ts), all);
      }
      if (all.length === 0) return;
      const corr = new Correlator(a.rules, { now: () => endMs });
      corr.observe(all);
      const signals = corr.flush(endMs, true);
      if (signals.length) await a.sink.deliver(signals);
    } catch (err) {
      this.print(`demo: alerts of a chunk were not raised: ${(err as Error).message}`);
    }
  }

  private chunks(): Chunk[] {
    const { endMs, days, chunkDays } = this.plan;
    const todayStart = Math.floor((endMs + JST_MS) / DAY_MS) * DAY_MS - JST_MS;
    const day0Ms = todayStart - (days - 1) * DAY_MS;
    const out: Chunk[] = [];
    // the most recent week of every device first (the dashboards' default period fills
    // first), then longer chunks going back: fewer, larger store writes load faster
    for (let to = days, size = Math.min(7, chunkDays); to > 0; to -= size, size = chunkDays) {
      const from = Math.max(0, to - size);
      for (const p of this.plans) {
        out.push({
          job: {
            tenant: p.tenant,
            device: p.id,
            plan: p,
            fromDay: from,
            toDay: to,
            day0Ms,
            endMs,
            rules: this.opts.alerts?.rulesDir,
          },
          batchId: `${BATCH_PREFIX}:${p.id}:${from}`,
          expected: expectedPerDay(p) * (to - from),
          last: to === days,
        });
      }
    }
    return out;
  }

  private async run(): Promise<void> {
    const t0 = performance.now();
    const { store, registry } = this.opts;
    const all = this.chunks();
    const committed = await store.committedBatches(all.map((c) => c.batchId));
    const todo = all.filter((c) => !committed.has(c.batchId));
    const resumed = all.length - todo.length;
    // what is already in counts as done (estimated: the store keeps no per-batch counts)
    for (const c of all) if (committed.has(c.batchId)) this.done += Math.round(c.expected);
    const devices = this.plans.length;
    this.print(
      `demo: loading ${DEMO_COMPANIES.length} companies (${devices} devices, ${this.plan.days} days of UTM logs) in the background${resumed ? `, going on after ${resumed} of ${all.length} batches` : ''} …`,
    );
    this.startProgress();
    const workers = this.opts.workers ?? Math.max(1, availableParallelism());
    this.pool = new DemoPool(workers);
    const window = Math.max(2, this.pool.size * 2);
    const inflight: Promise<ChunkResult>[] = [];
    let next = 0;
    let events = 0;
    let quarantined = 0;
    for (let i = 0; i < todo.length && !this.stopping; i++) {
      while (next < todo.length && inflight.length < window) {
        const job = this.pool.run(todo[next++].job);
        job.catch(() => {}); // a stop rejects the queued ones; the awaited one still throws
        inflight.push(job);
      }
      const result = await (inflight.shift() as Promise<ChunkResult>);
      if (this.stopping) break;
      const c = todo[i];
      // port scans the device does not report itself: bursts of inbound denies (as live ingest does)
      let batch = result.batch;
      const derived: NormalizedEvent[] = [];
      if (result.denies.length) {
        // one correlator per chunk: the same chunk always derives the same events
        const corr = new ReconCorrelator();
        const spec = { tenant: c.job.tenant, device: c.job.device };
        for (const d of result.denies) {
          const ev = corr.observe(denyEvent(d, spec));
          if (ev) derived.push(ev);
        }
        if (derived.length) batch = mergeBatches([batch, encodeBatch(derived)]);
      }
      const written = await store.appendEncoded(batch, { batchId: c.batchId });
      if (written) await this.raiseAlerts(result.hits, derived, c.job.endMs);
      if (written && result.quarantine.length) {
        await store.appendQuarantine(result.quarantine);
        quarantined += result.quarantine.length;
      }
      events += batch.rows;
      this.done += batch.rows;
      if (c.last)
        registry.noteSeen(
          c.job.device,
          { records: result.records, errors: result.quarantine.length },
          c.job.endMs,
        );
      this.tick();
      if (this.stopping) break;
    }
    // answers still on their way are simply not written
    await this.pool.close();
    await Promise.allSettled(inflight);
    if (this.stopping) return;
    await this.seedDesk();
    const seconds = (performance.now() - t0) / 1000;
    this.total = this.done;
    this.state = 'done';
    this.finishProgress();
    this.marker = {
      loadedAt: new Date().toISOString(),
      events: this.done,
      companies: DEMO_COMPANIES.length,
      devices,
      seconds: Math.round(seconds * 10) / 10,
    };
    writeJsonAtomic(this.markerPath, this.marker);
    this.print(
      `demo: loaded ${events} events for ${DEMO_COMPANIES.length} companies in ${seconds.toFixed(1)} s${quarantined ? ` (${quarantined} records quarantined)` : ''}`,
    );
  }

  // ---- progress on stdout ----

  private nextQuarter = 1;

  private startProgress(): void {
    if (this.opts.progress !== 'bar') return;
    this.bar = new SingleBar({
      format: 'demo: [{bar}] {percentage}% | {value}/{total} events',
      stream: process.stdout,
      hideCursor: false,
      clearOnComplete: true,
      barsize: 30,
      etaBuffer: 50,
    });
    this.bar.start(this.total, this.done);
  }

  private tick(): void {
    const total = Math.max(this.total, this.done);
    if (this.bar) {
      this.bar.setTotal(total);
      this.bar.update(this.done);
    } else if (this.opts.progress === 'lines') {
      while (this.nextQuarter < 4 && this.done >= (total * this.nextQuarter) / 4) {
        this.print(`demo: ${this.nextQuarter * 25}% (${this.done} events)`);
        this.nextQuarter++;
      }
    }
  }

  private finishProgress(): void {
    if (this.bar) {
      this.bar.update(this.done);
      this.bar.stop();
      this.bar = null;
    }
  }
}
