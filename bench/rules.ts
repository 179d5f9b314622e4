/**
 * Rule evaluation benchmark (`npm run bench`, section "Detection rules"): the starter
 * pack plus generated variants (100 rules) over realistic events — the demo generator's
 * records parsed and classified by processChunk's code — on one core in one thread.
 * Baseline, measured in the same run over the same events: a bare loop that reads one
 * field of each event. Aim: ≥ 300,000 events/s through the whole pack, matcher and
 * correlator together. Rates are events per second of this process's CPU time, so a
 * busy machine (other processes taking the core) does not make the rules look slower;
 * run it pinned to one core (`taskset -c 0`) to keep GC helper threads on that core too.
 */

import { generateRecords } from '../src/demo/generate.js';
import { Correlator } from '../src/detect/correlator.js';
import { loadRulePack, parseRule } from '../src/detect/loader.js';
import { RuleMatcher } from '../src/detect/matcher.js';
import type { Rule, RuleHit } from '../src/detect/model.js';
import { CATEGORIES, type NormalizedEvent } from '../src/event/event.js';
import { processLines } from '../src/ingest/parse/chunk-processor.js';

export interface RulesBenchOptions {
  /** Events to evaluate (default 300 000). */
  events?: number;
  /** Rules in the big pack (default 100). */
  rules?: number;
  print?: (line: string) => void;
}

export interface RulesBenchResult {
  baselinePerSec: number;
  starterRules: number;
  starterPerSec: number;
  /** Matcher and correlator through the starter pack. */
  starterFullPerSec: number;
  rules: number;
  matchPerSec: number;
  fullPerSec: number;
  hitsPerEvent: number;
  signals: number;
}

function header(id: string): string {
  return `id: ${id}
title: Bench variant ${id}
title_ja: ベンチマーク用
description: A generated variant for the rules benchmark.
description_ja: ベンチマーク用に生成したルールです。
level: low
tags: [attack.t1071]
falsepositives: [generated]
`;
}

/** Programmatic variants of the starter pack's shapes: thresholds, fields, modifiers, correlations. */
function variantTexts(): string[] {
  const out: string[] = [];
  for (const c of CATEGORIES) {
    out.push(
      `${header(`bench-${c}-critical`)}detection:\n  s:\n    category: ${c}\n    severity|gte: 4\n  condition: s\ngroup-by: [src_ip]\n`,
      `${header(`bench-${c}-passed`)}detection:\n  s:\n    category: ${c}\n    action: [allow, detect]\n    severity|gte: 3\n  condition: s\ngroup-by: [src_ip]\n`,
      `${header(`bench-${c}-user`)}detection:\n  s:\n    category: ${c}\n    user|exists: true\n  filter:\n    user|startswith: [svc-, admin]\n  condition: s and not filter\ngroup-by: [user]\n`,
    );
  }
  const bursts: [string, string, number, string][] = [
    ['harmful-web', 'event_count', 5, '1m'],
    ['harmful-web', 'event_count', 20, '10m'],
    ['malicious-outbound', 'event_count', 5, '1m'],
    ['malicious-outbound', 'event_count', 50, '1h'],
    ['intrusion-inbound', 'event_count', 10, '5m'],
    ['spam', 'event_count', 100, '1h'],
    ['sns-webmail', 'event_count', 200, '1h'],
  ];
  bursts.forEach(([c, type, n, span], i) => {
    out.push(
      `${header(`bench-burst-${i}`)}detection:\n  s:\n    category: ${c}\n  condition: s\ncorrelation:\n  type: ${type}\n  group-by: [src_ip]\n  timespan: ${span}\n  condition: { gte: ${n} }\n`,
    );
  });
  for (const [i, [field, n, span]] of (
    [
      ['dst_port', 5, '30s'],
      ['dst_port', 20, '5m'],
      ['dst_ip', 5, '30s'],
      ['dst_ip', 20, '5m'],
      ['dst_port', 50, '1h'],
    ] as const
  ).entries()) {
    out.push(
      `${header(`bench-scan-${i}`)}detection:\n  s:\n    kind: traffic\n    direction: inbound\n    action: [block, drop]\n  condition: s\ncorrelation:\n  type: value_count\n  group-by: [src_ip]\n  timespan: ${span}\n  condition: { field: ${field}, gte: ${n} }\n`,
    );
  }
  const words = ['log4j', 'smb', 'brute', 'sql', 'xss', 'traversal', 'overflow', 'rce', 'shell', 'exploit'];
  words.forEach((w, i) => {
    out.push(
      `${header(`bench-ips-${i}`)}detection:\n  s:\n    category: intrusion-inbound\n    threat|contains: ${w}\n  condition: s\ngroup-by: [src_ip]\n`,
    );
  });
  const apps: [string, string][] = [
    ['remote-access', 'Team*'],
    ['remote-access', 'AnyDesk*'],
    ['remote-access', '*rdp*'],
    ['online-storage', 'dropbox*'],
    ['online-storage', '*drive*'],
    ['sns-webmail', 'facebook*'],
    ['sns-webmail', '*mail*'],
  ];
  apps.forEach(([c, a], i) => {
    out.push(
      `${header(`bench-app-${i}`)}detection:\n  s:\n    category: ${c}\n    app: '${a}'\n  condition: s\ncorrelation:\n  type: first_seen\n  group-by: [app, src_ip]\n`,
    );
  });
  ['.example.net', '.example.org', '.example.com', '.xyz', '.top'].forEach((d, i) => {
    out.push(
      `${header(`bench-domain-${i}`)}detection:\n  s:\n    category: [harmful-web, sns-webmail, online-storage]\n    domain|endswith: '${d}'\n  condition: s\ngroup-by: [domain]\n`,
    );
  });
  [[3389], [5900, 5901], [22, 23], [445, 139], [1433, 3306, 5432]].forEach((ports, i) => {
    out.push(
      `${header(`bench-open-${i}`)}detection:\n  s:\n    kind: traffic\n    direction: inbound\n    action: allow\n    dst_port: [${ports.join(', ')}]\n  condition: s\ngroup-by: [dst_ip]\n`,
    );
  });
  out.push(
    `${header('bench-sum-0')}detection:\n  s:\n    category: [online-storage, sns-webmail]\n  condition: s\ncorrelation:\n  type: value_sum\n  group-by: [src_ip]\n  timespan: 1h\n  condition: { field: bytes_out, gte: 100000000 }\n`,
  );
  // rules the index cannot narrow (every event is tested): the worst case, kept few as in real packs
  out.push(
    `${header('bench-free-0')}detection:\n  s:\n    src_ip|cidr: [198.51.100.0/24]\n    dst_port: [23, 2323]\n  condition: s\n`,
    `${header('bench-free-1')}detection:\n  s:\n    url|re|i: 'gate\\.php|/wp-admin/'\n  condition: s\n`,
    `${header('bench-free-2')}detection:\n  s:\n    threat_family: [wannacry, emotet, qakbot]\n    severity|gte: 3\n  condition: s\n`,
  );
  return out;
}

export function benchRules(n: number): { starter: Rule[]; all: Rule[] } {
  const starter = loadRulePack();
  const all = [...starter];
  const texts = variantTexts();
  for (let i = 0; all.length < n; i++) {
    const text = texts[i % texts.length];
    const round = Math.floor(i / texts.length);
    const src = round === 0 ? text : text.replace(/^id: (\S+)/, `id: $1-r${round}`);
    const { rule, problems } = parseRule(src, 'bench.yml');
    if (rule === null)
      throw new Error(`bench rule does not compile: ${problems.map((p) => p.message).join('; ')}`);
    all.push(rule);
  }
  return { starter, all };
}

/** Realistic events: the demo generator's records through the ingest's parse + classify code. */
export function benchEvents(n: number): { events: NormalizedEvent[]; tsMs: number[] } {
  const gen = generateRecords({ startMs: Date.UTC(2026, 0, 5), stepMs: 80 });
  const events: NormalizedEvent[] = [];
  const spec = { tenant: 'bench', device: 'fw1' };
  const nowMs = Date.UTC(2026, 0, 6);
  while (events.length < n) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(gen.next().value as string);
    processLines(lines, { spec, nowMs, useNowWhenMissing: true }, events);
  }
  events.length = n;
  return { events, tsMs: events.map((e) => Date.parse(e.ts)) };
}

function best(runs: number, fn: () => number): number {
  let top = 0;
  for (let i = 0; i < runs; i++) top = Math.max(top, fn());
  return top;
}

function rate(n: number, ms: number): number {
  return Math.round(n / (ms / 1000));
}

/** CPU time of this process in ms (user + system). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function runRulesBench(opts: RulesBenchOptions = {}): Promise<RulesBenchResult> {
  const print = opts.print ?? ((l: string) => console.log(l));
  const n = opts.events ?? 300_000;
  const fmt = (x: number) => x.toLocaleString('en-US');
  const { starter, all } = benchRules(opts.rules ?? 100);
  const { events, tsMs } = benchEvents(n);
  const categories = new Set(events.map((e) => e.category)).size;

  let sink = 0;
  const baseline = best(5, () => {
    const t0 = cpuMs();
    let k = 0;
    for (let i = 0; i < events.length; i++) if (events[i].category !== null) k++;
    sink += k;
    return rate(events.length, cpuMs() - t0);
  });
  const row = (label: string, perSec: number, extra = ''): void =>
    print(
      `${label.padEnd(44)} ${fmt(perSec).padStart(12)} /s   ${(perSec / baseline).toFixed(4).padStart(7)} × bare loop ${extra}`,
    );

  const matchOnly = (rules: readonly Rule[]): { perSec: number; hits: number } => {
    const m = new RuleMatcher(rules);
    let hits = 0;
    const perSec = best(3, () => {
      const out: RuleHit[] = [];
      hits = 0;
      const t0 = cpuMs();
      for (let i = 0; i < events.length; i++) {
        m.match(events[i], tsMs[i], out);
        if (out.length > 4096) {
          hits += out.length;
          out.length = 0;
        }
      }
      hits += out.length;
      return rate(events.length, cpuMs() - t0);
    });
    return { perSec, hits };
  };

  const full = (rules: readonly Rule[]): { perSec: number; signals: number } => {
    let signals = 0;
    const perSec = best(3, () => {
      const m = new RuleMatcher(rules);
      const c = new Correlator(rules);
      signals = 0;
      const t0 = cpuMs();
      let out: RuleHit[] = [];
      for (let i = 0; i < events.length; i++) {
        m.match(events[i], tsMs[i], out);
        // the writer sees hits per commit group; flush after each, as live ingest does
        if ((i & 1023) === 1023) {
          c.observe(out);
          out = [];
          signals += c.flush(Date.now()).length;
        }
      }
      c.observe(out);
      signals += c.flush(Date.now(), true).length;
      return rate(events.length, cpuMs() - t0);
    });
    return { perSec, signals };
  };

  print(
    `${fmt(n)} events (${categories - 1} monitoring items + none), ${starter.length} starter rules, ${all.length} in the big pack`,
  );
  print(`bare loop reading one field of each event   ${fmt(baseline).padStart(12)} /s   (baseline)`);
  const s = matchOnly(starter);
  row(`matcher, starter pack (${starter.length} rules)`, s.perSec, `(${(s.hits / n).toFixed(3)} hits/event)`);
  const sf = full(starter);
  row(`matcher + correlator, starter pack`, sf.perSec, `(${fmt(sf.signals)} signals; aim 300,000)`);
  const a = matchOnly(all);
  row(`matcher, ${all.length} rules`, a.perSec, `(${(a.hits / n).toFixed(3)} hits/event)`);
  const f = full(all);
  row(`matcher + correlator, ${all.length} rules`, f.perSec, `(${fmt(f.signals)} signals; aim 300,000)`);
  if (sink < 0) print(''); // keeps the baseline loop from being optimised away
  return {
    baselinePerSec: baseline,
    starterRules: starter.length,
    starterPerSec: s.perSec,
    starterFullPerSec: sf.perSec,
    rules: all.length,
    matchPerSec: a.perSec,
    fullPerSec: f.perSec,
    hitsPerEvent: a.hits / n,
    signals: f.signals,
  };
}
