/**
 * A detection's selections → predicates over one event, compiled once when rules load.
 *
 *   selection:                 # a map: every field must match (AND)
 *     category: virus          #   a list of values: any of them (OR)
 *     channel: [mail-receive]
 *     threat|contains: emotet  # field|modifier…
 *   selection_alt:             # a list of maps: any map (OR)
 *     - { app: TeamViewer* }
 *     - { dst_port: 3389 }
 *   keywords:                  # a list of texts: any of them anywhere in `raw`
 *     - mimikatz
 *
 * Strings match case-insensitively (Sigma's default; `|cased` turns it off) and plain
 * values may hold Sigma wildcards `*` and `?` (escape with `\`). Fields with a closed set
 * of values (kind, action, direction, category, channel) match exactly and a value
 * outside the set is a load error, so a typo cannot silently disable a rule.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { NormalizedEvent } from '../event/event.js';
import { NetworkListError, NetworkSet } from '../ingest/classify/networks.js';
import {
  ENUM_FIELDS,
  type EventField,
  FIELD_INDEX,
  getter,
  INDEX_FIELDS,
  IP_FIELDS,
  isEventField,
  type LowerCache,
  MATCHABLE_FIELDS,
  NUMERIC_FIELDS,
} from './fields.js';
import { stringPairs, type YamlSource } from './yaml-source.js';

export type Pred = (e: NormalizedEvent, lc: LowerCache) => boolean;

/** Necessary equality constraints on index fields: field → the values it must hold (exact). */
export type Constraint = Map<EventField, Set<string | null>>;

export interface CompiledSelection {
  pred: Pred;
  constraint: Constraint;
}

const TYPE_MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  're',
  'cidr',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
];
const FLAG_MODIFIERS = ['all', 'cased', 'i', 'm', 's'];
const KNOWN = [...TYPE_MODIFIERS, ...FLAG_MODIFIERS].join(', ');

type Value = string | number | boolean | null;

const RAW = FIELD_INDEX.get('raw') as number;
const getRaw = getter('raw');

function always(): boolean {
  return true;
}

/** AND: a field constrained by several parts may only hold values all of them allow. */
export function andConstraints(parts: readonly Constraint[]): Constraint {
  const out: Constraint = new Map();
  for (const c of parts) {
    for (const [f, vals] of c) {
      const had = out.get(f);
      out.set(f, had === undefined ? new Set(vals) : new Set([...had].filter((v) => vals.has(v))));
    }
  }
  return out;
}

/** OR: only fields constrained in every branch stay constrained, to the union of values. */
export function orConstraints(parts: readonly Constraint[]): Constraint {
  const out: Constraint = new Map();
  if (parts.length === 0) return out;
  for (const [f, vals] of parts[0]) {
    if (parts.every((c) => c.has(f))) {
      const u = new Set(vals);
      for (const c of parts.slice(1)) for (const v of c.get(f) as Set<string | null>) u.add(v);
      out.set(f, u);
    }
  }
  return out;
}

export function allOf(preds: readonly Pred[]): Pred {
  if (preds.length === 0) return always;
  if (preds.length === 1) return preds[0];
  if (preds.length === 2) {
    const [a, b] = preds;
    return (e, lc) => a(e, lc) && b(e, lc);
  }
  if (preds.length === 3) {
    const [a, b, c] = preds;
    return (e, lc) => a(e, lc) && b(e, lc) && c(e, lc);
  }
  return (e, lc) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i](e, lc)) return false;
    return true;
  };
}

export function anyOf(preds: readonly Pred[]): Pred {
  if (preds.length === 1) return preds[0];
  if (preds.length === 2) {
    const [a, b] = preds;
    return (e, lc) => a(e, lc) || b(e, lc);
  }
  return (e, lc) => {
    for (let i = 0; i < preds.length; i++) if (preds[i](e, lc)) return true;
    return false;
  };
}

/** Sigma's wildcard text → { plain text } or an anchored regex; `\*`, `\?`, `\\` escape. */
function wildcardOf(text: string, cased: boolean): { plain: string } | { re: RegExp } {
  let plain = '';
  let re = '';
  let wild = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '*' || text[i + 1] === '?' || text[i + 1] === '\\')) {
      plain += text[i + 1];
      re += `\\${text[i + 1]}`;
      i++;
    } else if (c === '*' || c === '?') {
      wild = true;
      re += c === '*' ? '.*' : '.';
    } else {
      plain += c;
      re += c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return wild ? { re: new RegExp(`^${re}$`, cased ? 's' : 'is') } : { plain };
}

interface ValueNode {
  v: Value;
  node: Node;
}

function valuesOf(src: YamlSource, node: Node | null, keyNode: Node): ValueNode[] | null {
  if (node === null || (isScalar(node) && node.value === null)) return [{ v: null, node: node ?? keyNode }];
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      return [{ v, node }];
    src.problem(node, 'a value must be text, a number, true / false or null');
    return null;
  }
  if (isSeq(node)) {
    const out: ValueNode[] = [];
    for (const item of node.items as Node[]) {
      const v = isScalar(item) ? item.value : undefined;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        out.push({ v, node: item });
      } else {
        src.problem(item, 'a list of values may only hold text, numbers, true / false or null');
        return null;
      }
    }
    if (out.length === 0) {
      src.problem(node, 'an empty list of values never matches');
      return null;
    }
    return out;
  }
  src.problem(node, 'a field takes one value or a list of values, not a map');
  return null;
}

interface FieldMatch {
  pred: Pred;
  /** Rough relative cost, so cheap tests run first and fail most events early. */
  cost: number;
  /** Set when the match is plain equality on an index field. */
  constraint: Set<string | null> | null;
}

/** One `field|modifiers: value(s)` entry. */
function compileField(
  src: YamlSource,
  key: string,
  keyNode: Node,
  valueNode: Node | null,
): FieldMatch | null {
  const parts = key.split('|');
  const field = parts[0];
  if (!isEventField(field)) {
    src.problem(keyNode, `unknown field "${field}": fields are the normalized event's (docs/detection.md)`);
    return null;
  }
  if (!MATCHABLE_FIELDS.has(field)) {
    src.problem(keyNode, `"${field}" cannot be matched: time belongs in a correlation's timespan`);
    return null;
  }
  let type: string | null = null;
  const flags = new Set<string>();
  let ok = true;
  for (const m of parts.slice(1)) {
    if (TYPE_MODIFIERS.includes(m)) {
      if (type !== null) {
        src.problem(keyNode, `"${m}" cannot be combined with "${type}"`);
        ok = false;
      }
      type = m;
    } else if (FLAG_MODIFIERS.includes(m)) {
      flags.add(m);
    } else {
      src.problem(keyNode, `unknown modifier "${m}" (known: ${KNOWN})`);
      ok = false;
    }
  }
  if (!ok) return null;
  for (const f of ['i', 'm', 's']) {
    if (flags.has(f) && type !== 're') {
      src.problem(keyNode, `the "${f}" modifier only goes with "re"`);
      return null;
    }
  }
  if (flags.has('cased') && type !== null && !['contains', 'startswith', 'endswith'].includes(type)) {
    src.problem(keyNode, `"cased" only goes with plain values, contains, startswith and endswith`);
    return null;
  }
  const values = valuesOf(src, valueNode, keyNode);
  if (values === null) return null;
  const all = flags.has('all');
  const idx = FIELD_INDEX.get(field) as number;
  const get = getter(field);
  const isNum = NUMERIC_FIELDS.has(field);
  const enumValues = ENUM_FIELDS.get(field);
  const cased = flags.has('cased');
  const combine = (preds: Pred[]): Pred => (all ? allOf(preds) : anyOf(preds));

  if (type === 'exists') {
    if (values.length !== 1 || typeof values[0].v !== 'boolean') {
      src.problem(valueNode ?? keyNode, '"exists" takes true or false');
      return null;
    }
    const want = values[0].v;
    return { pred: want ? (e) => get(e) !== null : (e) => get(e) === null, constraint: null, cost: 0 };
  }
  for (const { v, node } of values) {
    if (v === null && type !== null) {
      src.problem(
        node,
        `null cannot be used with "${type}": write "${field}: null" or "${field}|exists: false"`,
      );
      return null;
    }
    if (typeof v === 'boolean') {
      src.problem(node, `${v} is not a value of "${field}" (quote it if you mean the text)`);
      return null;
    }
  }
  const texts = values.map(({ v }) => (v === null ? null : String(v)));

  if (type === 'gt' || type === 'gte' || type === 'lt' || type === 'lte') {
    if (!isNum) {
      src.problem(keyNode, `"${type}" compares numbers; "${field}" is not a numeric field`);
      return null;
    }
    const preds: Pred[] = [];
    for (const { v, node } of values) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        src.problem(node, `"${type}" needs a number`);
        return null;
      }
      const n = v;
      const g = get as (e: NormalizedEvent) => number | null;
      preds.push(
        type === 'gt'
          ? (e) => {
              const x = g(e);
              return x !== null && x > n;
            }
          : type === 'gte'
            ? (e) => {
                const x = g(e);
                return x !== null && x >= n;
              }
            : type === 'lt'
              ? (e) => {
                  const x = g(e);
                  return x !== null && x < n;
                }
              : (e) => {
                  const x = g(e);
                  return x !== null && x <= n;
                },
      );
    }
    return { pred: combine(preds), constraint: null, cost: 1 };
  }

  if (type === 'cidr') {
    if (!IP_FIELDS.has(field)) {
      src.problem(keyNode, `"cidr" only goes with src_ip and dst_ip`);
      return null;
    }
    const sets: NetworkSet[] = [];
    let bad = false;
    for (const { v, node } of values) {
      try {
        sets.push(NetworkSet.parse([String(v)], { includeLocal: false }));
      } catch (err) {
        bad = true;
        const msg = err instanceof NetworkListError ? err.problems.join('; ') : (err as Error).message;
        src.problem(node, `bad CIDR block: ${msg}`);
      }
    }
    if (bad) return null;
    if (!all) {
      const one = NetworkSet.parse(texts as string[], { includeLocal: false });
      return {
        pred: (e) => {
          const ip = get(e) as string | null;
          return ip !== null && one.contains(ip);
        },
        constraint: null,
        cost: 4,
      };
    }
    return {
      pred: combine(
        sets.map((s) => (e) => {
          const ip = get(e) as string | null;
          return ip !== null && s.contains(ip);
        }),
      ),
      constraint: null,
      cost: 4,
    };
  }

  if (type === 're') {
    const preds: Pred[] = [];
    const reFlags = ['i', 'm', 's'].filter((f) => flags.has(f)).join('');
    for (const { v, node } of values) {
      let re: RegExp;
      try {
        re = new RegExp(String(v), reFlags);
      } catch (err) {
        src.problem(node, `bad regular expression: ${(err as Error).message}`);
        return null;
      }
      preds.push((e) => {
        const x = get(e);
        return x !== null && re.test(typeof x === 'string' ? x : String(x));
      });
    }
    return { pred: combine(preds), constraint: null, cost: 6 };
  }

  if (type === 'contains' || type === 'startswith' || type === 'endswith') {
    const preds: Pred[] = [];
    for (const t of texts as string[]) {
      const pat = cased ? t : t.toLowerCase();
      const text = (e: NormalizedEvent, lc: LowerCache): string | null => {
        const x = get(e);
        if (x === null) return null;
        const s = typeof x === 'string' ? x : String(x);
        return cased ? s : lc.get(idx, s);
      };
      preds.push(
        type === 'contains'
          ? (e, lc) => {
              const s = text(e, lc);
              return s === null ? false : s.includes(pat);
            }
          : type === 'startswith'
            ? (e, lc) => {
                const s = text(e, lc);
                return s === null ? false : s.startsWith(pat);
              }
            : (e, lc) => {
                const s = text(e, lc);
                return s === null ? false : s.endsWith(pat);
              },
      );
    }
    return { pred: combine(preds), constraint: null, cost: field === 'raw' ? 8 : 3 };
  }

  // plain values: equality, with wildcards on text fields
  if (enumValues !== undefined) {
    for (const { v, node } of values) {
      if (v !== null && !enumValues.includes(String(v))) {
        src.problem(node, `"${v}" is not a ${field}; one of: ${enumValues.join(', ')}`);
        return null;
      }
    }
  }
  if (isNum) {
    const nums: (number | null)[] = [];
    for (const { v, node } of values) {
      const n =
        v === null ? null : typeof v === 'number' ? v : /^-?[0-9]+$/.test(String(v)) ? Number(v) : NaN;
      if (n !== null && !Number.isFinite(n)) {
        src.problem(node, `"${v}" is not a number; "${field}" holds numbers (use "re" for patterns)`);
        return null;
      }
      nums.push(n);
    }
    if (all && new Set(nums).size > 1) return { pred: () => false, constraint: null, cost: 0 };
    const set = new Set(nums);
    if (set.size === 1) {
      const n = nums[0];
      return { pred: (e) => get(e) === n, constraint: null, cost: 0 };
    }
    return { pred: (e) => set.has(get(e) as number | null), constraint: null, cost: 1 };
  }
  const exact = enumValues !== undefined;
  const plain = new Set<string | null>();
  const wild: RegExp[] = [];
  for (const t of texts) {
    if (t === null) {
      plain.add(null);
      continue;
    }
    if (exact) {
      plain.add(t);
      continue;
    }
    const w = wildcardOf(t, cased);
    if ('re' in w) wild.push(w.re);
    else plain.add(cased ? w.plain : w.plain.toLowerCase());
  }
  const indexable = INDEX_FIELDS.includes(field) && wild.length === 0 && !cased;
  if (all && values.length > 1) {
    // every value at once: only sensible with wildcards (app: [Team*, *Viewer])
    const preds: Pred[] = [...plain].map((p) => plainPred(get, idx, p, exact || cased));
    for (const re of wild) preds.push(wildPred(get, re));
    return { pred: allOf(preds), constraint: null, cost: 6 };
  }
  const constraint = indexable ? plain : null;
  if (wild.length === 0) {
    if (plain.size === 1)
      return { pred: plainPred(get, idx, [...plain][0], exact || cased), constraint, cost: exact ? 0 : 2 };
    if (exact || cased) return { pred: (e) => plain.has(get(e) as string | null), constraint, cost: 1 };
    const hasNull = plain.has(null);
    return {
      pred: (e, lc) => {
        const x = get(e);
        if (x === null) return hasNull;
        return plain.has(lc.get(idx, typeof x === 'string' ? x : String(x)));
      },
      constraint,
      cost: 2,
    };
  }
  const preds: Pred[] = wild.map((re) => wildPred(get, re));
  if (plain.size > 0) {
    const hasNull = plain.has(null);
    preds.unshift((e, lc) => {
      const x = get(e);
      if (x === null) return hasNull;
      return plain.has(cased ? String(x) : lc.get(idx, typeof x === 'string' ? x : String(x)));
    });
  }
  return { pred: anyOf(preds), constraint: null, cost: 5 };
}

function plainPred(
  get: (e: NormalizedEvent) => string | number | null,
  idx: number,
  p: string | null,
  exact: boolean,
): Pred {
  if (p === null) return (e) => get(e) === null;
  if (exact) return (e) => get(e) === p;
  return (e, lc) => {
    const x = get(e);
    if (x === null) return false;
    const s = typeof x === 'string' ? x : String(x);
    return lc.get(idx, s) === p;
  };
}

function wildPred(get: (e: NormalizedEvent) => string | number | null, re: RegExp): Pred {
  return (e) => {
    const x = get(e);
    return x !== null && re.test(typeof x === 'string' ? x : String(x));
  };
}

function compileMap(src: YamlSource, map: YAMLMap): CompiledSelection | null {
  const pairs = stringPairs(src, map);
  if (pairs.length === 0) {
    src.problem(map, 'an empty selection matches everything; name at least one field');
    return null;
  }
  const matches: FieldMatch[] = [];
  const constraint: Constraint = new Map();
  let ok = true;
  for (const [key, pair, value] of pairs) {
    const m = compileField(src, key, pair.key as Node, value);
    if (m === null) {
      ok = false;
      continue;
    }
    matches.push(m);
    if (m.constraint !== null) constraint.set(key.split('|')[0] as EventField, m.constraint);
  }
  if (!ok) return null;
  // cheap checks first: most events fail one of them before a regex or a CIDR test runs
  matches.sort((a, b) => a.cost - b.cost);
  return { pred: allOf(matches.map((m) => m.pred)), constraint };
}

function compileKeywords(src: YamlSource, items: Node[]): CompiledSelection | null {
  const words: string[] = [];
  for (const it of items) {
    const v = isScalar(it) ? it.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      src.problem(it, 'a keyword list holds texts only');
      return null;
    }
    const w = String(v).toLowerCase();
    if (w.length === 0) {
      src.problem(it, 'an empty keyword matches everything');
      return null;
    }
    words.push(w);
  }
  return {
    pred: (e, lc) => {
      const raw = lc.get(RAW, getRaw(e) as string);
      for (let i = 0; i < words.length; i++) if (raw.includes(words[i])) return true;
      return false;
    },
    constraint: new Map(),
  };
}

/** One named selection of a rule's `detection`. */
export function compileSelection(
  src: YamlSource,
  node: Node | null,
  keyNode: Node,
): CompiledSelection | null {
  if (isMap(node)) return compileMap(src, node);
  if (isSeq(node)) {
    const items = node.items as Node[];
    if (items.length === 0) {
      src.problem(node, 'an empty selection never matches');
      return null;
    }
    if (items.every((x) => isMap(x))) {
      const parts = items.map((m) => compileMap(src, m as YAMLMap));
      if (parts.some((p) => p === null)) return null;
      const ok = parts as CompiledSelection[];
      return { pred: anyOf(ok.map((p) => p.pred)), constraint: orConstraints(ok.map((p) => p.constraint)) };
    }
    if (items.every((x) => isScalar(x))) return compileKeywords(src, items);
    src.problem(node, 'a selection list holds either maps (any of them) or keywords, not both');
    return null;
  }
  if (isScalar(node) && typeof node.value === 'string') return compileKeywords(src, [node]);
  src.problem(node ?? keyNode, 'a selection is a map of fields, a list of maps or a list of keywords');
  return null;
}
