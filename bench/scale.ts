/**
 * Scale-out benchmark (`npm run bench -- --scale`), side by side with the embedded mode
 * measured in the same run on the same machine:
 *
 * 1. live ingest end to end: a forked sender (bench/live-sender) pushes N records over
 *    TCP to real role processes (`start --config … --role collector` / `writer`), timed
 *    from the first send until ClickHouse holds every row; then the same sender against
 *    the embedded service (DuckDB), timed until stored (bench/live-ingest);
 * 2. the portal's dashboard calls (bench/dashboard) through the real API over a DuckDB
 *    store and over a ClickHouse store holding the same events.
 *
 * Needs the three servers: OTASUKE_BENCH_{CLICKHOUSE,PG,NATS}_URL, or the tests'
 * OTASUKE_TEST_*_URL. Each cluster gets its own ClickHouse database, PostgreSQL schema
 * and NATS streams, dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { DuckDBInstance } from '@duckdb/node-api';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import pg from 'pg';
import { DeviceRegistry } from '../src/devices/registry.js';
import { EVENT_FIELDS, type NormalizedEvent } from '../src/event/event.js';
import { ClickHouseEventStore } from '../src/storage/events/clickhouse/clickhouse-store.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';
import { encodeBatch } from '../src/storage/events/encode.js';
import type { EventStore } from '../src/storage/events/event-store.js';
import { openStateDbPostgres } from '../src/storage/state/state-db.js';
import {
  DASHBOARD_HEADERS,
  DASHBOARD_TO,
  dashboardApp,
  dashboardCases,
  dashboardUrls,
  PROGRAMME_URL,
  pct,
} from './dashboard.js';
import { buildDashboardStore, type DashboardStore } from './dashboard-store.js';
import { runLiveBench, runSender } from './live-ingest.js';

export interface ScaleUrls {
  clickhouse: string;
  postgres: string;
  nats: string;
}

/** The servers from OTASUKE_BENCH_*_URL (else OTASUKE_TEST_*_URL), or why the bench cannot run. */
export function scaleBenchUrls(env = process.env): ScaleUrls | { skip: string } {
  const get = (k: string): string | undefined =>
    env[`OTASUKE_BENCH_${k}_URL`] || env[`OTASUKE_TEST_${k}_URL`];
  const [clickhouse, postgres, nats] = ['CLICKHOUSE', 'PG', 'NATS'].map(get);
  const missing = [
    ['CLICKHOUSE', clickhouse],
    ['PG', postgres],
    ['NATS', nats],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => `OTASUKE_BENCH_${k}_URL (or OTASUKE_TEST_${k}_URL)`);
  if (missing.length > 0) return { skip: `${missing.join(', ')} not set` };
  return { clickhouse: clickhouse as string, postgres: postgres as string, nats: nats as string };
}

export interface ScaleBenchOptions {
  outDir: string;
  /** Records per ingest run (default 500,000). */
  records?: number;
  /** Collector processes (default 1); the records are split between as many senders. */
  collectors?: number;
  /** Writer counts to run (default [1, 2]). */
  writers?: readonly number[];
  /** Events in the dashboard stores (default 2,000,000) over 1,000 companies. */
  dashboardEvents?: number;
  noIngest?: boolean;
  noDashboard?: boolean;
  print?: (line: string) => void;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The repository root (bin/otasuke.js), from bench/ or dist/bench/. */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, d = dirname(d)) if (existsSync(join(d, 'bin', 'otasuke.js'))) return d;
  throw new Error('bin/otasuke.js not found above the bench');
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === 'object' && a ? a.port : 0;
}

/** CPU seconds (user + system) a process has used so far (Linux /proc; NaN when unknown). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Pid of the process listening on a URL's local TCP port (Linux /proc, for its CPU time
 * only): the server the URL names, not another instance of the same program (tests
 * start private ones).
 */
function pidListening(url: string, defaultPort: number): number | undefined {
  try {
    const port = Number(new URL(url.split(',')[0].trim()).port || defaultPort);
    const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!existsSync(table)) continue;
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        // local address, state 0A = LISTEN, inode
        if (f[1]?.endsWith(hex) && f[3] === '0A') inodes.add(`socket:[${f[9]}]`);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        for (const fd of readdirSync(`/proc/${d}/fd`))
          if (inodes.has(readlinkSync(`/proc/${d}/fd/${fd}`))) return Number(d);
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
  } catch {
    // not Linux
  }
  return undefined;
}

interface RoleProc {
  name: string;
  child: ChildProcess;
  syslog: number | null;
  output(): string;
  stop(): Promise<void>;
}

/**
 * One scale-out deployment on its own database, schema and streams. (test/helpers/
 * scale-cluster.ts does the same for the tests but finds bin/ relative to its source,
 * which the compiled bench is not beside.)
 */
class BenchCluster {
  private readonly procs = new Set<RoleProc>();

  private constructor(
    readonly urls: ScaleUrls,
    readonly dir: string,
    readonly configFile: string,
    readonly database: string,
    readonly schema: string,
    readonly stream: string,
    private readonly admin: pg.Client,
  ) {}

  static async open(urls: ScaleUrls): Promise<BenchCluster> {
    const id = randomBytes(4).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-scale-bench-'));
    const database = `otasuke_bench_${id}`;
    const schema = `bench_${id}`;
    const stream = `BENCH_${id.toUpperCase()}`;
    const admin = new pg.Client({ connectionString: urls.postgres });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const configFile = join(dir, 'otasuke.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        events: { clickhouse: { url: urls.clickhouse, database } },
        state: { postgres: { url: urls.postgres, schema } },
        bus: { nats: { servers: urls.nats, stream, hitsStream: `${stream}_HITS`, maxBytes: 4 * 1024 ** 3 } },
        files: { dir: join(dir, 'files') },
      }),
    );
    return new BenchCluster(urls, dir, configFile, database, schema, stream, admin);
  }

  /** Registers the benchmark's device (the sender's address) as an operator would. */
  async addDevice(): Promise<void> {
    const db = await openStateDbPostgres(this.urls.postgres, { schema: this.schema });
    const reg = await DeviceRegistry.open(db, { ownsDb: true });
    await reg.addDevice({ id: 'fw1', tenant: 'bench', sources: ['127.0.0.1'] });
    await reg.close();
  }

  async start(name: string, role: 'collector' | 'writer'): Promise<RoleProc> {
    const data = join(this.dir, name);
    mkdirSync(data, { recursive: true });
    const syslog = role === 'collector' ? await freePort() : null;
    const http = role === 'collector' ? await freePort() : 0;
    const child = spawn(
      process.execPath,
      [
        'bin/otasuke.js',
        'start',
        '--config',
        this.configFile,
        '--role',
        role,
        '--data',
        data,
        '--no-demo',
        '--device-rate',
        '0',
        '--tls-port',
        '0',
        '--http-port',
        String(http),
        '--syslog-port',
        String(syslog ?? 0),
      ],
      { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (/^ready$/m.test(out)) {
          clearInterval(t);
          resolve();
        }
      }, 50);
      void exited.then(() => {
        clearInterval(t);
        reject(new Error(`${name} exited before ready:\n${out}`));
      });
    });
    const p: RoleProc = {
      name,
      child,
      syslog,
      output: () => out,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
        this.procs.delete(p);
      },
    };
    this.procs.add(p);
    return p;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.procs].map((p) => p.stop()));
    await this.admin.query(`drop schema if exists ${this.schema} cascade`).catch(() => undefined);
    await this.admin.end().catch(() => undefined);
    await chCommand(this.urls.clickhouse, `DROP DATABASE IF EXISTS ${this.database}`).catch(() => undefined);
    const nc = await natsConnect({ servers: this.urls.nats }).catch(() => null);
    if (nc) {
      const jsm = await jetstreamManager(nc);
      for (const s of [this.stream, `${this.stream}_HITS`])
        await jsm.streams.delete(s).catch(() => undefined);
      await nc.close();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function chCommand(url: string, sql: string): Promise<string> {
  const r = await fetch(url, { method: 'POST', body: sql });
  const text = await r.text();
  if (!r.ok) throw new Error(`ClickHouse: ${text.slice(0, 300)}`);
  return text;
}

async function chNumber(url: string, sql: string): Promise<number> {
  return Number((await chCommand(url, sql)).trim());
}

interface IngestRow {
  mode: string;
  writers: number | null;
  events: number;
  seconds: number;
  /** CPU seconds of the processes that ingest (sender excluded). */
  cpu: number;
}

/** One run of the scale-out path: c collectors, w writers, N records until all are in ClickHouse. */
async function scaleIngestRun(
  urls: ScaleUrls,
  records: number,
  collectors: number,
  writers: number,
  print: (l: string) => void,
): Promise<IngestRow> {
  const cluster = await BenchCluster.open(urls);
  try {
    await cluster.addDevice();
    const ws: RoleProc[] = [];
    for (let i = 1; i <= writers; i++) ws.push(await cluster.start(`writer-${i}`, 'writer'));
    const cs: RoleProc[] = [];
    for (let i = 1; i <= collectors; i++) cs.push(await cluster.start(`collector-${i}`, 'collector'));
    const ch = pidListening(urls.clickhouse, 8123);
    const nats = pidListening(urls.nats, 4222);
    const cpu0 = [...cs, ...ws].map((p) => cpuSeconds(p.child.pid));
    const chCpu0 = cpuSeconds(ch);
    const natsCpu0 = cpuSeconds(nats);
    const db = cluster.database;
    const stored = async (): Promise<number> =>
      (await chNumber(urls.clickhouse, `SELECT count() FROM ${db}.events`)) +
      (await chNumber(urls.clickhouse, `SELECT count() FROM ${db}.quarantine`));

    const t0 = performance.now();
    const sentEach = await Promise.all(
      cs.map((c) =>
        runSender({
          mode: 'tcp',
          port: c.syslog as number,
          records: Math.ceil(records / collectors),
          durationMs: 600_000,
        }),
      ),
    );
    const sent = sentEach.reduce((a, b) => a + b, 0);
    const sentSec = (performance.now() - t0) / 1000;
    let n = 0;
    let last = -1;
    let lastChange = performance.now();
    for (;;) {
      n = await stored();
      if (n >= sent) break;
      if (n !== last) {
        last = n;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > 60_000) {
        for (const p of [...cs, ...ws]) print(`--- ${p.name}\n${p.output().slice(-2000)}`);
        throw new Error(`ClickHouse stalled at ${fmt(n)} of ${fmt(sent)} rows`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const used: [string, number][] = [...cs, ...ws].map((p, i) => [
      p.name,
      cpuSeconds(p.child.pid) - cpu0[i],
    ]);
    used.push(['clickhouse', cpuSeconds(ch) - chCpu0], ['nats', cpuSeconds(nats) - natsCpu0]);
    // a server that restarted meanwhile (or one on another machine) has no figure
    const cpu = used.map(([k, v]) => `${k} ${v >= 0 ? v.toFixed(1) : 'n/a'}`);
    const marks = await chNumber(urls.clickhouse, `SELECT count() FROM ${db}.ingest_batches`);
    const batches = Math.round(marks / 2);
    print(
      `  ${writers} writer${writers > 1 ? 's' : ''}: ${fmt(sent)} records sent in ${sentSec.toFixed(1)} s, all ${fmt(n)} rows in ClickHouse after ${seconds.toFixed(1)} s; ${fmt(batches)} bus batches (${fmt(n / Math.max(1, batches))} rows each)`,
    );
    print(`    CPU seconds: ${cpu.join(', ')}`);
    return {
      mode: `scale-out (${collectors} collector${collectors > 1 ? 's' : ''})`,
      writers,
      events: n,
      seconds,
      cpu: used.every(([, v]) => v >= 0) ? used.reduce((a, [, v]) => a + v, 0) : Number.NaN,
    };
  } finally {
    await cluster.close();
  }
}

async function ingestSection(urls: ScaleUrls, o: Required<ScaleBenchOptions>): Promise<void> {
  const print = o.print;
  print(
    `records: ${fmt(o.records)} FortiGate/PAN-OS lines per run over TCP from a forked sender; stored = rows in the store (events + quarantine)`,
  );
  const rows: IngestRow[] = [];
  // embedded first: the same sender, the same service code in one process on DuckDB
  const cpu0 = process.cpuUsage();
  const [emb] = await runLiveBench({
    only: ['tcp'],
    records: o.records,
    durationSec: 600,
    print: () => undefined,
  });
  const used = process.cpuUsage(cpu0);
  const embCpu = (used.user + used.system) / 1e6;
  print(
    `  embedded: ${fmt(emb.sent)} records sent, ${fmt(emb.stored)} stored in DuckDB after ${emb.seconds.toFixed(1)} s`,
  );
  print(`    CPU seconds: service (one process, all threads) ${embCpu.toFixed(1)}`);
  rows.push({
    mode: 'embedded (DuckDB)',
    writers: null,
    events: emb.stored,
    seconds: emb.seconds,
    cpu: embCpu,
  });
  for (const w of o.writers) {
    try {
      rows.push(await scaleIngestRun(urls, o.records, o.collectors, w, print));
    } catch (e) {
      print(`  ${w} writer(s): failed: ${(e as Error).message}`);
    }
  }
  const base = rows[0].events / rows[0].seconds;
  print('');
  print(
    `  ${'mode'.padEnd(26)} ${'writers'.padStart(7)} ${'events'.padStart(11)} ${'seconds'.padStart(8)} ${'events/s'.padStart(10)} ${'× embedded'.padStart(11)} ${'CPU µs/event'.padStart(13)}`,
  );
  for (const r of rows) {
    const rate = r.events / r.seconds;
    print(
      `  ${r.mode.padEnd(26)} ${(r.writers === null ? '-' : String(r.writers)).padStart(7)} ${fmt(r.events).padStart(11)} ${r.seconds.toFixed(1).padStart(8)} ${fmt(rate).padStart(10)} ${(rate / base).toFixed(2).padStart(11)} ${(Number.isNaN(r.cpu) ? 'n/a' : ((r.cpu * 1e6) / r.events).toFixed(0)).padStart(13)}`,
    );
  }
  print(
    `  (CPU: every process that ingests, the sender excluded; ClickHouse and NATS are shared servers, so any other load on them counts too. ${availableParallelism()} cores for everything.)`,
  );
}

/** Reads the DuckDB events by time windows and appends them to `store` (the same rows, its own rollups). */
async function copyEvents(
  info: DashboardStore,
  store: EventStore,
  print: (l: string) => void,
): Promise<void> {
  const inst = await DuckDBInstance.create(join(info.dir, 'events.duckdb'), {
    access_mode: 'READ_ONLY',
    memory_limit: '1GB',
  });
  const conn = await inst.connect();
  const t0 = performance.now();
  try {
    const lo = Date.parse(info.from);
    const hi = Date.parse(info.to);
    // about 100,000 events per append
    const step = Math.max(60_000, Math.floor(((hi - lo) * 100_000) / info.events));
    // ts as the ISO text events carry and 64-bit counters as doubles: the columns arrive as
    // plain JS values, no per-row conversion
    const cols = EVENT_FIELDS.map((c) =>
      c === 'ts'
        ? `strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts`
        : c === 'bytes_in' || c === 'bytes_out'
          ? `"${c}"::DOUBLE AS "${c}"`
          : `"${c}"`,
    ).join(', ');
    let done = 0;
    for (let t = lo; t < hi; t += step) {
      const res = await conn.runAndReadAll(
        `SELECT ${cols} FROM events WHERE ts >= make_timestamp(${t}::BIGINT * 1000) AND ts < make_timestamp(${Math.min(hi, t + step)}::BIGINT * 1000)`,
      );
      const columns = res.getColumnsJS();
      const n = columns[0]?.length ?? 0;
      const batch: NormalizedEvent[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const ev: Record<string, unknown> = {};
        for (let j = 0; j < EVENT_FIELDS.length; j++) ev[EVENT_FIELDS[j]] = columns[j][i] ?? null;
        batch[i] = ev as unknown as NormalizedEvent;
      }
      // One write at a time, not overlapped with the next window's reading: a response that
      // waits while this thread is busy for seconds leaves its keep-alive socket past the
      // server's timeout, and writing on it then fails outside the client's handlers.
      if (n > 0) await store.appendEncoded(encodeBatch(batch));
      done += n;
      if (process.stdout.isTTY) process.stdout.write(`\r  copying into ClickHouse: ${fmt(done)} events`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    print(
      `  copied ${fmt(done)} events into ClickHouse in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

interface Timing {
  p50: number;
  p95: number;
}

function timing(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95) };
}

/** Whole-dashboard rounds (the calls fired together, as the portal does) and each call alone. */
async function timeStore(
  info: DashboardStore,
  store: EventStore,
  rounds: number,
): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>();
  const { app, close } = await dashboardApp(info, store);
  const get = async (url: string): Promise<number> => {
    const t = performance.now();
    const r = await app.inject({ url, headers: DASHBOARD_HEADERS });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return performance.now() - t;
  };
  try {
    for (const [name, tenant, from] of dashboardCases(info)) {
      const urls = dashboardUrls(tenant, from, DASHBOARD_TO);
      for (const u of urls) await get(u); // warm
      const whole: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        await Promise.all(urls.map(get));
        whole.push(performance.now() - t);
      }
      out.set(`${name}|whole`, timing(whole));
      for (const u of urls) {
        const each: number[] = [];
        for (let i = 0; i < rounds; i++) each.push(await get(u));
        out.set(`${name}|${u.split('?')[0].replace(tenant, ':company')}`, timing(each));
      }
    }
    await get(PROGRAMME_URL);
    const prog: number[] = [];
    for (let i = 0; i < Math.max(5, Math.floor(rounds / 2)); i++) prog.push(await get(PROGRAMME_URL));
    out.set('programme-wide table, this month|whole', timing(prog));
  } finally {
    await close();
  }
  return out;
}

async function dashboardSection(urls: ScaleUrls, o: Required<ScaleBenchOptions>): Promise<void> {
  const print = o.print;
  const companies = 1000;
  const info = await buildDashboardStore(o.outDir, o.dashboardEvents, companies, () => undefined);
  print(
    `store: ${fmt(info.events)} events over ${companies} companies, ${info.built ? `generated in ${info.buildSeconds.toFixed(0)} s` : 'reused'} (bench/out); the same rows copied into ClickHouse`,
  );
  const database = `otasuke_bench_dash_${randomBytes(4).toString('hex')}`;
  const ch = await ClickHouseEventStore.open({ url: urls.clickhouse, database });
  const admin: ClickHouseClient = createClient({ url: urls.clickhouse });
  try {
    await copyEvents(info, ch, print);
    // what a running server's background merges reach: one part per month, rollup cells summed
    const t = performance.now();
    for (const table of ['events', 'rollups'])
      await admin.command({
        query: `OPTIMIZE TABLE ${database}.${table} FINAL`,
        clickhouse_settings: { optimize_throw_if_noop: 0 },
      });
    print(`  ClickHouse parts merged (OPTIMIZE … FINAL) in ${((performance.now() - t) / 1000).toFixed(0)} s`);

    const duck = await DuckDbEventStore.open({ path: join(info.dir, 'events.duckdb'), memoryLimit: '1GB' });
    try {
      await duck.compactRollups();
      // the same data: the large company's events over the whole range in both stores
      const q = { from: info.from, to: info.to };
      const [nd, nc] = [await duck.countEvents(info.large, q), await ch.countEvents(info.large, q)];
      print(
        `  large company's events: DuckDB ${fmt(nd)}, ClickHouse ${fmt(nc)}${nd === nc ? ' (same)' : '  ← DIFFERENT'}`,
      );
      const rounds = 15;
      const d = await timeStore(info, duck, rounds);
      const c = await timeStore(info, ch, rounds);
      print(
        `  each call ${rounds}× alone, each whole dashboard ${rounds}× with its 8 calls together; ms; ratio = ClickHouse / DuckDB`,
      );
      print(
        `  ${'dashboard / call'.padEnd(52)} ${'DuckDB p50'.padStart(10)} ${'p95'.padStart(6)} ${'ClickHouse p50'.padStart(15)} ${'p95'.padStart(6)} ${'ratio p50'.padStart(9)} ${'p95'.padStart(6)}`,
      );
      let lastCase = '';
      for (const [k, dt] of d) {
        const ct = c.get(k);
        if (!ct) continue;
        const [name, call] = k.split('|');
        if (name !== lastCase) {
          print(`  ${name}`);
          lastCase = name;
        }
        const label = call === 'whole' ? 'whole dashboard' : call;
        print(
          `    ${label.padEnd(50)} ${dt.p50.toFixed(1).padStart(10)} ${dt.p95.toFixed(1).padStart(6)} ${ct.p50.toFixed(1).padStart(15)} ${ct.p95.toFixed(1).padStart(6)} ${(ct.p50 / dt.p50).toFixed(2).padStart(9)} ${(ct.p95 / dt.p95).toFixed(2).padStart(6)}`,
        );
      }
    } finally {
      await duck.close();
    }
  } finally {
    await ch.close();
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await admin.close();
  }
}

/** Prints both sections, or one "skipped: <reason>" line when the servers are not named. */
export async function runScaleBench(opts: ScaleBenchOptions): Promise<void> {
  const o: Required<ScaleBenchOptions> = {
    records: 500_000,
    collectors: 1,
    writers: [1, 2],
    dashboardEvents: 2_000_000,
    noIngest: false,
    noDashboard: false,
    print: (l: string) => console.log(l),
    ...opts,
  };
  const urls = scaleBenchUrls();
  if ('skip' in urls) {
    o.print(`skipped: ${urls.skip}`);
    return;
  }
  try {
    await chCommand(urls.clickhouse, 'SELECT 1');
  } catch (e) {
    o.print(`skipped: ClickHouse at ${urls.clickhouse} does not answer (${(e as Error).message})`);
    return;
  }
  const version = (await chCommand(urls.clickhouse, 'SELECT version()')).trim();
  o.print(
    `ClickHouse ${version} at ${urls.clickhouse}, PostgreSQL and NATS JetStream as named; all on this machine`,
  );

  o.print(
    `\n== Scale-out live ingest end to end (sender → collector → NATS → writer(s) → ClickHouse) vs embedded (DuckDB)`,
  );
  if (o.noIngest) o.print('skipped (--no-live)');
  else await ingestSection(urls, o);

  o.print('\n== Dashboard API on ClickHouse vs DuckDB (real Fastify app, the same events in both)');
  if (o.noDashboard) o.print('skipped (--no-dashboard)');
  else await dashboardSection(urls, o);
}
