/**
 * Live-ingest benchmark: the service runs in this process (store, spool with fsync,
 * parse workers), a forked sender pushes generated records over loopback — UDP at
 * fixed rates, TCP and TLS as fast as accepted — then everything is drained into the
 * store and the figures are printed. Run standalone: `node dist/bench/live-ingest.js [--quick]`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDeviceRegistry } from '../src/devices/index.js';
import { startServer } from '../src/ingest/live/server.js';
import type { SenderJob } from './live-sender.js';

export interface LiveBenchOptions {
  quick?: boolean;
  /** Seconds per run (default 30; 5 with quick). */
  durationSec?: number;
  udpRates?: readonly number[];
  /** Raise the UDP sender's priority so it meets its rate on a busy machine. */
  boostSender?: boolean;
  /** Run only these transports (default all). */
  only?: readonly ('udp' | 'tcp' | 'tls')[];
  /** Skip fdatasync (to see the cost of the disk). Default false. */
  noSync?: boolean;
  /** TCP / TLS: send about this many records (each run still ends at durationSec). */
  records?: number;
  print?: (line: string) => void;
}

export interface LiveBenchRow {
  transport: string;
  rate: number | null;
  sent: number;
  received: number;
  stored: number;
  kernelDrops: number;
  perSec: number;
  /** From the sender's start until everything received is stored. */
  seconds: number;
}

/** Forks bench/live-sender for one job; resolves with the records it sent. */
export function runSender(job: SenderJob): Promise<number> {
  const here = fileURLToPath(import.meta.url);
  const child = fork(here.replace(/live-ingest\.(js|ts)$/, 'live-sender.js'), [], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { sent?: number; error?: string }) =>
      m.error ? reject(new Error(m.error)) : resolve(m.sent ?? 0),
    );
    child.once('error', reject);
    child.send(job);
  });
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** CPU ticks (1/100 s) per thread of this process, by thread id (Linux; debug output). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const t of readdirSync('/proc/self/task')) {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(t, Number(f[11]) + Number(f[12]));
    }
  } catch {
    // not Linux
  }
  return out;
}

const RMEM_MAX = '/proc/sys/net/core/rmem_max';
const WANT_RMEM = 32 * 1024 * 1024;

/**
 * Linux caps a socket's receive buffer at net.core.rmem_max (often 208 KiB or 4 MiB);
 * the benchmark raises it to 32 MiB when it may (root), as a deployment would. Returns
 * a function that puts the old value back.
 */
function raiseRmemMax(print: (l: string) => void): () => void {
  let old: number;
  try {
    old = Number(readFileSync(RMEM_MAX, 'utf8').trim());
  } catch {
    return () => undefined; // not Linux
  }
  if (old >= WANT_RMEM) return () => undefined;
  try {
    writeFileSync(RMEM_MAX, String(WANT_RMEM));
    print(`(net.core.rmem_max raised from ${fmt(old)} to ${fmt(WANT_RMEM)} for the run)`);
    return () => writeFileSync(RMEM_MAX, String(old));
  } catch {
    print(
      `(net.core.rmem_max is ${fmt(old)}; not allowed to raise it — run as root for a bigger UDP buffer)`,
    );
    return () => undefined;
  }
}

export async function runLiveBench(opts: LiveBenchOptions = {}): Promise<LiveBenchRow[]> {
  const print = opts.print ?? ((l: string) => console.log(l));
  const seconds = opts.durationSec ?? (opts.quick ? 5 : 30);
  const rates = opts.udpRates ?? (opts.quick ? [50_000, 100_000] : [50_000, 100_000, 150_000]);
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-live-bench-'));
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'));
  await registry.addDevice({ id: 'fw1', tenant: 'bench', sources: ['127.0.0.1'] });
  await registry.close();
  const restoreRmem = raiseRmemMax(print);
  const server = await startServer({
    dataDir: dir,
    host: '127.0.0.1',
    httpPort: null,
    syslogPort: 0,
    tlsPort: 0,
    rate: { perSec: 0 },
    noSync: opts.noSync,
    print: () => undefined,
    log: () => undefined,
  });
  const rows: LiveBenchRow[] = [];
  const p = server.pipeline;
  if (!p) throw new Error('the embedded service always has a pipeline');
  print(
    `live ingest (loopback, ${seconds} s per run, spool ${opts.noSync ? 'without' : 'with'} fdatasync, UDP receive buffer ${fmt(server.udp?.recvBufferBytes ?? 0)} bytes)`,
  );
  print(
    `${'transport'.padEnd(16)} ${'sent'.padStart(11)} ${'received'.padStart(11)} ${'stored'.padStart(11)} ${'kernel drops'.padStart(13)} ${'records/s'.padStart(11)}`,
  );
  const jobs: SenderJob[] = [
    ...rates.map(
      (rate): SenderJob => ({
        mode: 'udp',
        port: server.udp?.port ?? 0,
        rate,
        durationMs: seconds * 1000,
        boost: opts.boostSender,
      }),
    ),
    { mode: 'tcp', port: server.tcp?.port ?? 0, durationMs: seconds * 1000, records: opts.records },
    { mode: 'tls', port: server.tls?.port ?? 0, durationMs: seconds * 1000, records: opts.records },
  ];
  try {
    for (const job of jobs) {
      if (opts.only && !opts.only.includes(job.mode)) continue;
      const before = { ...p.stats };
      const drops0 = server.udp?.kernelDrops() ?? 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const ticks0 = threadTicks();
      const sent = await runSender(job);
      await server.udp?.flush();
      await p.drained();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const row: LiveBenchRow = {
        transport: job.mode,
        rate: job.rate ?? null,
        sent,
        received: p.stats.received - before.received,
        stored: p.stats.events - before.events + (p.stats.quarantined - before.quarantined),
        kernelDrops: (server.udp?.kernelDrops() ?? 0) - drops0,
        perSec: Math.round((p.stats.committed - before.committed) / (ms / 1000)),
        seconds: ms / 1000,
      };
      rows.push(row);
      const label = job.mode === 'udp' ? `udp @ ${fmt(job.rate ?? 0)}/s` : `${job.mode} (max)`;
      print(
        `${label.padEnd(16)} ${fmt(row.sent).padStart(11)} ${fmt(row.received).padStart(11)} ${fmt(row.stored).padStart(11)} ${fmt(row.kernelDrops).padStart(13)} ${fmt(row.perSec).padStart(11)}`,
      );
      if (process.env.OTASUKE_BENCH_DEBUG) {
        const n = Math.max(1, p.stats.committed - before.committed);
        const writes = p.stats.storeWrites - before.storeWrites;
        const ticks = [...threadTicks()]
          .map(([t, v]) => [t === String(process.pid) ? 'main' : t, v - (ticks0.get(t) ?? 0)] as const)
          .filter(([, v]) => v > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([t, v]) => `${t}:${((v * 10000) / n).toFixed(1)}`);
        print(`  per thread µs/record: ${ticks.join(' ')}`);
        print(
          `  cpu ${((cpu.user + cpu.system) / n).toFixed(1)} µs/record (server, all threads); ${writes} store writes, ${Math.round(n / Math.max(1, writes))} records and ${Math.round((p.stats.storeMs - before.storeMs) / Math.max(1, writes))} ms each; ${(ms / 1000).toFixed(1)} s`,
        );
      }
    }
  } finally {
    await server.stop();
    restoreRmem();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const d = args.indexOf('--seconds');
  const only = args.indexOf('--only');
  await runLiveBench({
    quick: args.includes('--quick'),
    noSync: args.includes('--no-sync'),
    boostSender: args.includes('--boost-sender'),
    durationSec: d >= 0 ? Number(args[d + 1]) : undefined,
    only: only >= 0 ? (args[only + 1].split(',') as ('udp' | 'tcp' | 'tls')[]) : undefined,
  });
}
