/**
 * `npm run bench`: ingest benchmarks with ratios against a baseline measured in the
 * same run on the same file (a bare Node.js line count, and `wc -l`).
 *   --records N   size of the mixed file (default 1,000,000)
 *   --quick       smaller files and a short live section
 *   --no-live     skip the live-ingest section
 *   --dashboard-events N   events in the dashboard store (default 100,000,000; --quick 5,000,000)
 *   --no-dashboard skip the dashboard section
 *   --no-rules    skip the detection-rules section
 *   --no-reports  skip the monthly-reports section; --report-companies N (default 100)
 *   --no-export   skip the anonymised-export section; --export-events N (default 10,000,000; --quick 1,000,000)
 *   --scale       only the scale-out benchmarks (bench/scale.ts) beside the embedded figures they
 *                 compare with: needs OTASUKE_BENCH_{CLICKHOUSE,PG,NATS}_URL (or OTASUKE_TEST_*_URL),
 *                 else prints "skipped: …". --scale-records N (default 500,000; --quick 200,000),
 *                 --scale-collectors N (default 1), --dashboard-events N (default 2,000,000),
 *                 --no-live, --no-dashboard
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Family, generateRecords } from '../src/demo/generate.js';
import { processChunk } from '../src/ingest/parse/chunk-processor.js';
import { readFileChunks } from '../src/ingest/sources/file-source.js';
import { runDashboardBench } from './dashboard.js';
import { runExportBench } from './export.js';
import { nodeLineCount } from './line-count.js';
import { runLiveBench } from './live-ingest.js';
import { runReportsBench } from './reports.js';
import { runRulesBench } from './rules.js';
import { runScaleBench } from './scale.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ri = args.indexOf('--records');
const RECORDS = ri >= 0 ? Number(args[ri + 1]) : quick ? 200_000 : 1_000_000;
const FAMILY_RECORDS = Math.max(50_000, Math.round(RECORDS / 4));
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, '..', '..', 'bench', 'out');
mkdirSync(outDir, { recursive: true });

async function writeFile(file: string, n: number, families?: readonly Family[]): Promise<void> {
  // always written anew: the generator changes with the product, a stale file would mislead
  const out = createWriteStream(file);
  const gen = generateRecords({ startMs: Date.UTC(2026, 0, 5), stepMs: 80, families });
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += gen.next().value + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

function rate(n: number, ms: number): number {
  return Math.round(n / (ms / 1000));
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function row(label: string, perSec: number, base: number, extra = ''): void {
  console.log(
    `${label.padEnd(44)} ${fmt(perSec).padStart(12)} /s   ${(perSec / base).toFixed(3).padStart(7)} × node baseline ${extra}`,
  );
}

async function timeNodeCount(file: string): Promise<{ n: number; perSec: number }> {
  const t0 = performance.now();
  const n = await nodeLineCount(file);
  return { n, perSec: rate(n, performance.now() - t0) };
}

function timeWc(file: string): number {
  const t0 = performance.now();
  const n = Number(execFileSync('wc', ['-l', file]).toString().trim().split(' ')[0]);
  return rate(n, performance.now() - t0);
}

async function parseRate(file: string): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const c of readFileChunks(file)) {
    n += processChunk(c.bytes, {
      spec: { tenant: 'bench', device: 'fw1' },
      nowMs: Date.now(),
      useNowWhenMissing: true,
    }).records;
  }
  return rate(n, performance.now() - t0);
}

function importChild(
  file: string,
  workers: number,
): { records: number; events: number; seconds: number; maxRssMB: number } {
  const script = join(here, 'import-child.js');
  return JSON.parse(execFileSync(process.execPath, [script, file, String(workers)]).toString());
}

console.log(
  `Otasuke ingest benchmark — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).availableParallelism()} cores`,
);
const flag = (name: string): number | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
if (args.includes('--scale')) {
  await runScaleBench({
    outDir,
    records: flag('--scale-records') ?? (quick ? 200_000 : 500_000),
    collectors: flag('--scale-collectors') ?? 1,
    dashboardEvents: flag('--dashboard-events') ?? 2_000_000,
    noIngest: args.includes('--no-live'),
    noDashboard: args.includes('--no-dashboard'),
  });
  // pools and sockets of the servers' clients must not keep the run alive
  process.exit(0);
}
const mixed = join(outDir, `mixed-${RECORDS}.log`);
process.stdout.write(`generating ${fmt(RECORDS)} mixed-vendor records … `);
await writeFile(mixed, RECORDS);
console.log(`${(statSync(mixed).size / 1e6).toFixed(0)} MB`);
const families: Family[] = ['kv', 'csv', 'json'];
for (const f of families) await writeFile(join(outDir, `${f}-${FAMILY_RECORDS}.log`), FAMILY_RECORDS, [f]);

console.log('\n== Baseline (same file, same run)');
const base = await timeNodeCount(mixed);
console.log(
  `node line count (chunked read + newline scan) ${fmt(base.perSec).padStart(12)} /s   (${fmt(base.n)} lines)`,
);
const wc = timeWc(mixed);
console.log(
  `wc -l                                        ${fmt(wc).padStart(12)} /s   ${(wc / base.perSec).toFixed(3)} × node baseline`,
);

console.log('\n== Parse + classify, one core, per format family');
const names: Record<Family, string> = {
  kv: 'key=value (FortiGate)',
  csv: 'CSV (PAN-OS)',
  json: 'JSON (Suricata EVE)',
};
for (const f of families) {
  const file = join(outDir, `${f}-${FAMILY_RECORDS}.log`);
  const fb = await timeNodeCount(file);
  const r = await parseRate(file);
  row(names[f], r, fb.perSec, `(aim ${f === 'json' ? '300,000' : '600,000'})`);
}
row('mixed file', await parseRate(mixed), base.perSec);

console.log('\n== Detection rules, one core, one thread (baseline: a bare loop over the same events)');
if (args.includes('--no-rules')) console.log('skipped (--no-rules)');
else await runRulesBench({ events: quick ? 100_000 : 300_000 });

console.log('\n== Import into DuckDB, end to end (read → parse workers → one writer)');
for (const w of [1, 2]) {
  const r = importChild(mixed, w);
  row(
    `${w} parse worker${w > 1 ? 's' : ''}: ${fmt(r.events)} events`,
    rate(r.records, r.seconds * 1000),
    base.perSec,
    `peak RSS ${r.maxRssMB.toFixed(0)} MB (aim 500,000)`,
  );
}
const quarter = join(outDir, `mixed-${Math.round(RECORDS / 4)}.log`);
await writeFile(quarter, Math.round(RECORDS / 4));
const rq = importChild(quarter, 2);
console.log(
  `peak RSS importing ${fmt(rq.records)} records: ${rq.maxRssMB.toFixed(0)} MB (streaming: flat with file size)`,
);

console.log('\n== Live ingest over loopback (separate sender process; stored = committed to DuckDB)');
if (args.includes('--no-live')) console.log('skipped (--no-live)');
else await runLiveBench({ quick });

console.log(
  '\n== Dashboard API (real Fastify app over DuckDB; 1,000 companies, the largest with 10% of events)',
);
if (args.includes('--no-dashboard')) console.log('skipped (--no-dashboard)');
else {
  const di = args.indexOf('--dashboard-events');
  const dashboardEvents = di >= 0 ? Number(args[di + 1]) : quick ? 5_000_000 : 100_000_000;
  await runDashboardBench(outDir, dashboardEvents, 1000);
}

console.log('\n== Reports (monthly diagnostic PDF per company: gather + render on one core)');
if (args.includes('--no-reports')) console.log('skipped (--no-reports)');
else {
  const ci = args.indexOf('--report-companies');
  await runReportsBench({ companies: ci >= 0 ? Number(args[ci + 1]) : quick ? 20 : 100 });
}

console.log(
  '\n== Anonymised export for the programme office (baseline: DuckDB COPY of the same rows, no anonymisation)',
);
if (args.includes('--no-export')) console.log('skipped (--no-export)');
else {
  const ei = args.indexOf('--export-events');
  await runExportBench(outDir, ei >= 0 ? Number(args[ei + 1]) : quick ? 1_000_000 : 10_000_000);
}
