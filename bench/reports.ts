/**
 * Monthly report benchmark (`npm run bench`, section "Reports"): the monthly diagnostic
 * report of N companies (default 100), each with seven months of events in a DuckDB
 * store and a company record, made one after another on one core in one thread — the
 * same gather + render the report queue runs. Baseline in the same run: an empty A4
 * PDF with the same embedded Japanese font (the fixed cost of any PDF). Aim: under 2 s
 * per company. Also prints the peak RSS of the process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertCompany } from '../src/accounts/companies-repo.js';
import { openDeviceRegistry } from '../src/devices/index.js';
import { ACTIONS, CATEGORIES, CHANNELS, eventWith, type NormalizedEvent } from '../src/event/event.js';
import { tokyoMidnight } from '../src/portal/period.js';
import { gatherCompanyReport, renderCompanyReport } from '../src/reports/company/index.js';
import { ReportPdf } from '../src/reports/pdf/doc.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';

export interface ReportsBenchOptions {
  companies?: number;
  /** events per company per month (default 2,000) */
  eventsPerMonth?: number;
  print?: (line: string) => void;
}

/** A small deterministic generator (no Math.random: runs compare). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function eventsOf(tenant: string, from: number, to: number, n: number, rnd: () => number): NormalizedEvent[] {
  const out: NormalizedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const category = rnd() < 0.3 ? null : CATEGORIES[Math.floor(rnd() * CATEGORIES.length)];
    out.push(
      eventWith({
        ts: new Date(from + Math.floor(rnd() * (to - from))).toISOString(),
        tenant,
        device: `${tenant}-fw`,
        vendor: 'fortigate',
        kind: category === 'virus' ? 'threat' : 'traffic',
        action: ACTIONS[Math.floor(rnd() * 3)],
        direction: rnd() < 0.5 ? 'inbound' : 'outbound',
        src_ip: `192.168.1.${1 + Math.floor(rnd() * 50)}`,
        dst_ip: `203.0.113.${1 + Math.floor(rnd() * 200)}`,
        dst_port: rnd() < 0.7 ? 443 : 80,
        proto: 'tcp',
        category,
        channel: category === 'virus' ? CHANNELS[Math.floor(rnd() * CHANNELS.length)] : null,
        threat: category === 'virus' ? `Trojan.Gen.${Math.floor(rnd() * 8)}` : null,
        threat_family:
          category === 'virus' ? ['emotet', 'wannacry', 'eicar', 'agenttesla'][Math.floor(rnd() * 4)] : null,
        app: category === 'online-storage' ? 'Dropbox' : null,
        bytes_in: 1000,
        bytes_out: 500,
        raw: 'bench',
      }),
    );
  }
  return out;
}

export async function runReportsBench(opts: ReportsBenchOptions = {}): Promise<void> {
  const print = opts.print ?? console.log;
  const companies = opts.companies ?? 100;
  const perMonth = opts.eventsPerMonth ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-bench-reports-'));
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'), {
    flushIntervalMs: 0,
    refreshIntervalMs: 0,
  });
  try {
    // seven months ending with October 2026, as a monthly report for October reads them
    const months = Array.from({ length: 7 }, (_, i) => [
      tokyoMidnight(2026, 4 + i),
      tokyoMidnight(2026, 5 + i),
    ]);
    const rnd = lcg(42);
    const t0 = performance.now();
    for (let c = 0; c < companies; c++) {
      const tenant = `bench-co-${String(c).padStart(3, '0')}`;
      const now = Date.now();
      await insertCompany(registry.db, {
        id: tenant,
        name: `ベンチ工業${c}株式会社`,
        prefecture: '東京都',
        employees: 20,
        created_at: now,
        updated_at: now,
      });
      await registry.addDevice({ id: `${tenant}-fw`, tenant });
      const batch: NormalizedEvent[] = [];
      for (const [from, to] of months) batch.push(...eventsOf(tenant, from, to, perMonth, rnd));
      await store.append(batch);
    }
    print(
      `seeded ${companies} companies × 7 months × ${perMonth.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // baseline: the fixed cost of an A4 PDF with the embedded font
    const b0 = performance.now();
    const base = new ReportPdf({ lang: 'ja', title: 'baseline', pageLabel: (n, t) => `${n}/${t}` });
    base.paragraph('ベースライン');
    await base.finish();
    const baselineMs = performance.now() - b0;

    const [from, to] = months[6];
    let gatherMs = 0;
    let renderMs = 0;
    let pages = 0;
    let worst = 0;
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    for (let c = 0; c < companies; c++) {
      const tenant = `bench-co-${String(c).padStart(3, '0')}`;
      const s = performance.now();
      const data = await gatherCompanyReport(
        { store, db: registry.db, registry },
        { tenant, from, to, lang: 'ja', kind: 'monthly', now: to + 3_600_000 },
      );
      const g = performance.now();
      const r = await renderCompanyReport(data);
      const e = performance.now();
      gatherMs += g - s;
      renderMs += e - g;
      pages += r.pages;
      worst = Math.max(worst, e - s);
      if ((c + 1) % 10 === 0) process.stderr.write(`\rreports: ${c + 1}/${companies}`);
    }
    process.stderr.write('\n');
    const wallMs = performance.now() - w0;
    const cpu = process.cpuUsage(cpu0);
    const perCompany = wallMs / companies;
    print(
      `monthly reports: ${companies} companies in ${(wallMs / 1000).toFixed(1)} s — ${(companies / (wallMs / 1000)).toFixed(2)} companies/s, ${perCompany.toFixed(0)} ms per company (gather ${(gatherMs / companies).toFixed(0)} ms + render ${(renderMs / companies).toFixed(0)} ms; slowest ${worst.toFixed(0)} ms), ${(pages / companies).toFixed(1)} pages each`,
    );
    print(
      `  CPU ${((cpu.user + cpu.system) / 1000 / companies).toFixed(0)} ms per company; baseline empty font PDF ${baselineMs.toFixed(0)} ms → ${(perCompany / baselineMs).toFixed(1)} × baseline; aim < 2,000 ms per company ${perCompany < 2000 ? '✓' : '✗'}`,
    );
    print(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await registry.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
