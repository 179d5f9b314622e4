/**
 * Rule test cases: `content/rules/<id>.cases.yml` beside `<id>.yml`. Each case feeds
 * records — raw vendor log lines (parsed and classified by the real ingest path) and/or
 * partial normalized events — through the whole rule pack, as live ingest would
 * (including the scan correlator's derived events), and lists the alert signals it must
 * produce. A case with `expect: []` must produce none. Format: docs/detection.md.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { eventWith, type NormalizedEvent } from '../event/event.js';
import { ReconCorrelator } from '../ingest/classify/recon-correlator.js';
import { denyEvent, processLines } from '../ingest/parse/chunk-processor.js';
import type { ProfileSpec } from '../ingest/parse/profile-spec.js';
import { Correlator } from './correlator.js';
import { parseDuration } from './duration.js';
import { ENUM_FIELDS, type EventField, isEventField, NUMERIC_FIELDS } from './fields.js';
import { RuleMatcher } from './matcher.js';
import type { AlertSignal, Rule, RuleHit } from './model.js';
import { type RuleProblem, stringPairs, YamlSource } from './yaml-source.js';

type Input =
  | { t: 'line'; text: string; repeat: number; tenant: string | null; device: string | null; line: number }
  | {
      t: 'event';
      fields: Partial<NormalizedEvent>;
      repeat: number;
      everyMs: number;
      step: [EventField, number][];
      line: number;
    }
  | { t: 'flush'; line: number };

export interface ExpectedSignal {
  rule: string;
  group: Record<string, string | null> | null;
  count: number | null;
  tenant: string | null;
  line: number;
}

export interface RuleCase {
  name: string;
  line: number;
  inputs: Input[];
  expect: ExpectedSignal[];
  /** Rules that must not fire in this case (besides the file's own rule when not expected). */
  absent: string[];
}

export interface CasesFile {
  file: string;
  rule: string;
  tenant: string;
  device: string | null;
  tz: string | undefined;
  format: string | undefined;
  /** Receive time for parsing (year inference of syslog headers, the future guard). */
  nowMs: number;
  cases: RuleCase[];
}

export interface CaseOutcome {
  name: string;
  line: number;
  failures: string[];
  signals: AlertSignal[];
}

const FILE_KEYS = new Set(['rule', 'tenant', 'device', 'tz', 'format', 'now', 'cases']);
const CASE_KEYS = new Set(['name', 'input', 'expect', 'absent']);
const INPUT_KEYS = new Set(['line', 'event', 'flush', 'repeat', 'every', 'step', 'tenant', 'device']);
const EXPECT_KEYS = new Set(['rule', 'group', 'count', 'tenant']);
const DEFAULT_NOW = '2026-01-06T00:00:00Z';

function str(src: YamlSource, node: Node | null, what: string): string | null {
  if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
  src.problem(node, `${what} must be a non-empty text`);
  return null;
}

function int(src: YamlSource, node: Node | null, what: string, min: number, max: number): number | null {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  src.problem(node, `${what} must be a whole number ${min}–${max}`);
  return null;
}

function eventFields(src: YamlSource, node: Node | null): Partial<NormalizedEvent> | null {
  if (!isMap(node)) {
    src.problem(node, 'event must be a map of normalized event fields');
    return null;
  }
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [key, pair, value] of stringPairs(src, node)) {
    const v = isScalar(value) ? value.value : value === null ? null : undefined;
    if (!isEventField(key)) {
      src.problem(pair.key as Node, `unknown event field "${key}"`);
      ok = false;
      continue;
    }
    const allowed = ENUM_FIELDS.get(key);
    if (v === null) {
      out[key] = null;
    } else if (NUMERIC_FIELDS.has(key)) {
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        src.problem(value, `"${key}" must be a whole number`);
        ok = false;
      } else out[key] = v;
    } else if (typeof v !== 'string') {
      src.problem(value, `"${key}" must be a text`);
      ok = false;
    } else if (allowed !== undefined && !allowed.includes(v)) {
      src.problem(value, `"${v}" is not a ${key}; one of: ${allowed.join(', ')}`);
      ok = false;
    } else {
      out[key] = v;
    }
  }
  if (typeof out.ts !== 'string' || Number.isNaN(Date.parse(out.ts))) {
    src.problem(node, 'event needs "ts", an ISO time such as 2026-01-05T01:00:00Z');
    ok = false;
  }
  if (typeof out.kind !== 'string') {
    src.problem(node, 'event needs "kind"');
    ok = false;
  }
  return ok ? (out as Partial<NormalizedEvent>) : null;
}

function parseInput(src: YamlSource, node: Node): Input | null {
  if (!isMap(node)) {
    src.problem(node, 'an input is a map with one of line, event or flush');
    return null;
  }
  const m = new Map<string, { node: Node | null; key: Node }>();
  for (const [key, pair, value] of stringPairs(src, node)) {
    if (!INPUT_KEYS.has(key)) src.problem(pair.key as Node, `unknown input key "${key}"`);
    else m.set(key, { node: value, key: pair.key as Node });
  }
  const kinds = ['line', 'event', 'flush'].filter((k) => m.has(k));
  if (kinds.length !== 1) {
    src.problem(node, 'an input has exactly one of line, event or flush');
    return null;
  }
  const line = src.line(node);
  const repeat = m.has('repeat') ? int(src, m.get('repeat')?.node ?? null, 'repeat', 1, 10_000) : 1;
  if (repeat === null) return null;
  if (kinds[0] === 'flush') return { t: 'flush', line };
  if (kinds[0] === 'line') {
    for (const k of ['every', 'step']) {
      if (m.has(k)) {
        src.problem(
          m.get(k)?.key,
          `"${k}" goes with event inputs; a line carries its own time (use {i} in it)`,
        );
        return null;
      }
    }
    const text = str(src, m.get('line')?.node ?? null, 'line');
    const tenant = m.has('tenant') ? str(src, m.get('tenant')?.node ?? null, 'tenant') : null;
    const device = m.has('device') ? str(src, m.get('device')?.node ?? null, 'device') : null;
    return text === null ? null : { t: 'line', text, repeat, tenant, device, line };
  }
  for (const k of ['tenant', 'device']) {
    if (m.has(k)) {
      src.problem(m.get(k)?.key, `"${k}" of an event input goes inside the event`);
      return null;
    }
  }
  const fields = eventFields(src, m.get('event')?.node ?? null);
  let everyMs = 0;
  if (m.has('every')) {
    const n = m.get('every')?.node ?? null;
    const d = parseDuration(isScalar(n) ? n.value : undefined);
    if (typeof d === 'string') {
      src.problem(n, `every: ${d}`);
      return null;
    }
    everyMs = d;
  }
  const step: [EventField, number][] = [];
  if (m.has('step')) {
    const n = m.get('step')?.node ?? null;
    if (!isMap(n)) {
      src.problem(n, 'step is a map of numeric fields to increments, e.g. { dst_port: 1 }');
      return null;
    }
    for (const [key, pair, value] of stringPairs(src, n)) {
      const v = isScalar(value) ? value.value : undefined;
      if (!isEventField(key) || !NUMERIC_FIELDS.has(key) || typeof v !== 'number') {
        src.problem(pair.key as Node, `step: "${key}" must be a numeric event field with a number`);
        return null;
      }
      step.push([key, v]);
    }
  }
  return fields === null ? null : { t: 'event', fields, repeat, everyMs, step, line };
}

function parseExpect(src: YamlSource, node: Node, rule: string): ExpectedSignal | null {
  if (!isMap(node)) {
    src.problem(node, 'an expected signal is a map (rule, group, count, tenant)');
    return null;
  }
  const out: ExpectedSignal = { rule, group: null, count: null, tenant: null, line: src.line(node) };
  for (const [key, pair, value] of stringPairs(src, node)) {
    if (!EXPECT_KEYS.has(key)) {
      src.problem(pair.key as Node, `unknown key "${key}" (known: ${[...EXPECT_KEYS].join(', ')})`);
      return null;
    }
    if (key === 'rule') {
      const r = str(src, value, 'rule');
      if (r === null) return null;
      out.rule = r;
    } else if (key === 'tenant') {
      out.tenant = str(src, value, 'tenant');
    } else if (key === 'count') {
      out.count = int(src, value, 'count', 1, 1_000_000);
      if (out.count === null) return null;
    } else {
      if (!isMap(value)) {
        src.problem(value, 'group is a map of group-by fields to values');
        return null;
      }
      const g: Record<string, string | null> = {};
      for (const [k, , v] of stringPairs(src, value as YAMLMap)) {
        const x = isScalar(v) ? v.value : null;
        g[k] = x === null ? null : String(x);
      }
      out.group = g;
    }
  }
  return out;
}

/** A cases file; `file` names it in problems. */
export function parseCases(text: string, file: string): { cases: CasesFile | null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const src = new YamlSource(file, text, problems);
  const root = src.root;
  if (!isMap(root)) {
    if (problems.length === 0) src.problem(root, 'a cases file is a map with rule and cases');
    return { cases: null, problems };
  }
  const m = new Map<string, { node: Node | null; key: Node }>();
  for (const [key, pair, value] of stringPairs(src, root)) {
    if (!FILE_KEYS.has(key)) src.problem(pair.key as Node, `unknown key "${key}"`);
    else m.set(key, { node: value, key: pair.key as Node });
  }
  const get = (k: string): Node | null => m.get(k)?.node ?? null;
  const rule = m.has('rule') ? str(src, get('rule'), 'rule') : null;
  if (!m.has('rule')) src.problem(root, '"rule" is missing');
  const tenant = m.has('tenant') ? (str(src, get('tenant'), 'tenant') ?? 'tenant-a') : 'tenant-a';
  const device = m.has('device') ? str(src, get('device'), 'device') : 'fw1';
  const tz = m.has('tz') ? (str(src, get('tz'), 'tz') ?? undefined) : undefined;
  const format = m.has('format') ? (str(src, get('format'), 'format') ?? undefined) : undefined;
  const nowText = m.has('now') ? str(src, get('now'), 'now') : DEFAULT_NOW;
  const nowMs = Date.parse(nowText ?? DEFAULT_NOW);
  if (Number.isNaN(nowMs)) src.problem(get('now'), 'now must be an ISO time');
  const cases: RuleCase[] = [];
  const list = get('cases');
  if (!isSeq(list) || list.items.length === 0) {
    src.problem(list ?? root, 'cases must be a non-empty list');
  } else {
    for (const c of list.items as Node[]) {
      if (!isMap(c)) {
        src.problem(c, 'a case is a map with name, input and expect');
        continue;
      }
      const cm = new Map<string, { node: Node | null; key: Node }>();
      for (const [key, pair, value] of stringPairs(src, c)) {
        if (!CASE_KEYS.has(key)) src.problem(pair.key as Node, `unknown case key "${key}"`);
        else cm.set(key, { node: value, key: pair.key as Node });
      }
      const name = str(src, cm.get('name')?.node ?? null, 'name') ?? '?';
      const inNode = cm.get('input')?.node ?? null;
      const exNode = cm.get('expect')?.node ?? null;
      if (!isSeq(inNode) || inNode.items.length === 0) {
        src.problem(inNode ?? c, 'input must be a non-empty list');
        continue;
      }
      if (!isSeq(exNode)) {
        src.problem(exNode ?? c, 'expect must be a list (empty: the case must not alert)');
        continue;
      }
      const inputs = (inNode.items as Node[]).map((n) => parseInput(src, n));
      const expect = (exNode.items as Node[]).map((n) => parseExpect(src, n, rule ?? ''));
      const absentNode = cm.get('absent')?.node ?? null;
      const absent: string[] = [];
      if (absentNode !== null) {
        if (!isSeq(absentNode)) src.problem(absentNode, 'absent is a list of rule ids');
        else for (const a of absentNode.items as Node[]) absent.push(str(src, a, 'absent') ?? '');
      }
      if (inputs.some((x) => x === null) || expect.some((x) => x === null)) continue;
      cases.push({
        name,
        line: src.line(c),
        inputs: inputs as Input[],
        expect: expect as ExpectedSignal[],
        absent,
      });
    }
  }
  if (problems.length > 0 || rule === null) return { cases: null, problems };
  return { cases: { file, rule, tenant, device, tz, format, nowMs, cases }, problems };
}

export function loadCases(path: string, file: string): { cases: CasesFile | null; problems: RuleProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { cases: null, problems: [{ file, line: 0, message: `cannot read: ${(err as Error).message}` }] };
  }
  return parseCases(text, file);
}

function subst(text: string, i: number): string {
  return text.replace(/\{i([0-9]?)\}/g, (_, pad: string) => String(i).padStart(Number(pad || 0), '0'));
}

/** Mirrors the deny tuple test of the chunk processor, for event inputs. */
function isInboundDeny(e: NormalizedEvent): boolean {
  return (
    e.direction === 'inbound' &&
    e.kind === 'traffic' &&
    (e.action === 'block' || e.action === 'drop' || e.action === 'reset') &&
    e.src_ip !== null
  );
}

export function describeSignal(s: AlertSignal): string {
  return `${s.ruleId} [${s.groupKey || 'tenant-wide'}] tenant=${s.tenant} count=${s.count}`;
}

function matches(s: AlertSignal, e: ExpectedSignal): boolean {
  if (s.ruleId !== e.rule) return false;
  if (e.count !== null && s.count !== e.count) return false;
  if (e.tenant !== null && s.tenant !== e.tenant) return false;
  if (e.group !== null) {
    for (const [k, v] of Object.entries(e.group)) if (s.groupFields[k] !== v) return false;
  }
  return true;
}

/** Runs every case of a file through the whole pack; a failure names the file and line. */
export function runCases(pack: readonly Rule[], cf: CasesFile): CaseOutcome[] {
  const ids = new Set(pack.map((r) => r.id));
  const out: CaseOutcome[] = [];
  for (const c of cf.cases) {
    const failures: string[] = [];
    const at = (line: number, msg: string) => failures.push(`${cf.file}:${line}: ${c.name}: ${msg}`);
    for (const e of c.expect) if (!ids.has(e.rule)) at(e.line, `no rule "${e.rule}" in the pack`);
    for (const a of c.absent) if (!ids.has(a)) at(c.line, `absent names no rule of the pack: "${a}"`);
    const matcher = new RuleMatcher(pack);
    const correlator = new Correlator(pack, { repeatEveryMs: 0, now: () => cf.nowMs });
    const recon = new ReconCorrelator();
    const signals: AlertSignal[] = [];
    const feed = (ev: NormalizedEvent, tsMs: number, spec: ProfileSpec | null): void => {
      const hits: RuleHit[] = [];
      matcher.match(ev, tsMs, hits);
      if (isInboundDeny(ev)) {
        // a parsed line goes to the scan correlator as the writer rebuilds it from its deny tuple
        const seen =
          spec === null
            ? ev
            : denyEvent([tsMs, ev.src_ip as string, ev.dst_ip, ev.dst_port, ev.proto, ev.vendor], spec);
        const derived = recon.observe(seen);
        if (derived !== null) matcher.match(derived, Date.parse(derived.ts), hits);
      }
      correlator.observe(hits);
    };
    for (const input of c.inputs) {
      if (input.t === 'flush') {
        for (const s of correlator.flush(cf.nowMs)) signals.push(s);
        continue;
      }
      for (let i = 0; i < input.repeat; i++) {
        if (input.t === 'line') {
          const spec: ProfileSpec = {
            tenant: input.tenant ?? cf.tenant,
            device: input.device ?? cf.device,
            tz: cf.tz,
            format: cf.format,
          };
          const evs: NormalizedEvent[] = [];
          const r = processLines(
            [subst(input.text, i)],
            { spec, nowMs: cf.nowMs, useNowWhenMissing: false },
            evs,
          );
          if (r.quarantine.length > 0) {
            const q = r.quarantine[0];
            at(input.line, `the line was quarantined (${q.code}: ${q.message})`);
            continue;
          }
          feed(evs[0], Date.parse(evs[0].ts), spec);
        } else {
          const f: Record<string, unknown> = {
            tenant: cf.tenant,
            device: cf.device,
            vendor: 'test',
            ...input.fields,
          };
          for (const [k, v] of Object.entries(f)) if (typeof v === 'string') f[k] = subst(v, i);
          const tsMs = Date.parse(f.ts as string) + i * input.everyMs;
          f.ts = new Date(tsMs).toISOString();
          for (const [k, d] of input.step) f[k] = ((f[k] as number | null) ?? 0) + d * i;
          feed(eventWith(f as Parameters<typeof eventWith>[0]), tsMs, null);
        }
      }
    }
    for (const s of correlator.flush(cf.nowMs, true)) signals.push(s);
    const checked = new Set([cf.rule, ...c.expect.map((e) => e.rule), ...c.absent]);
    const left = signals.filter((s) => checked.has(s.ruleId));
    for (const e of c.expect) {
      const k = left.findIndex((s) => matches(s, e));
      if (k >= 0) {
        left.splice(k, 1);
        continue;
      }
      const same = left.filter((s) => s.ruleId === e.rule).map(describeSignal);
      const want = `${e.rule}${e.group ? ` ${JSON.stringify(e.group)}` : ''}${e.count !== null ? ` count=${e.count}` : ''}`;
      at(e.line, `expected ${want}; got ${same.length ? same.join('; ') : `no signal of ${e.rule}`}`);
    }
    for (const s of left) at(c.line, `unexpected signal ${describeSignal(s)}`);
    out.push({ name: c.name, line: c.line, failures, signals });
  }
  return out;
}
