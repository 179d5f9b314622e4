/**
 * The stateless half of detection: event → hits. Runs in the parse workers on every
 * event (and in the writer on derived events), so it must cost little per event
 * whatever the number of rules. Each rule is filed under one index field (category,
 * vendor, channel, action, kind or direction) with the values its condition requires;
 * an event is tested only against the rules filed under its own values, plus the few
 * rules with no such requirement. The compiled selections are plain closures.
 */
import type { NormalizedEvent } from '../event/event.js';
import { type EventField, type Getter, getter, LowerCache } from './fields.js';
import { HIT_RAW_CHARS, type HitEvent, type Rule, type RuleHit } from './model.js';

interface Entry {
  rule: Rule;
  group: (e: NormalizedEvent) => string;
  value: Getter | null;
  num: Getter | null;
}

interface Index {
  get: Getter;
  byValue: Map<string | number | null, Entry[]>;
}

/** `%`, `&` and `=` are escaped in group values so a key always splits back into its fields. */
function esc(v: string): string {
  if (v.indexOf('%') < 0 && v.indexOf('&') < 0 && v.indexOf('=') < 0) return v;
  return v.replace(/%/g, '%25').replace(/&/g, '%26').replace(/=/g, '%3D');
}

/** Canonical group key: "src_ip=203.0.113.5&dst_port=22"; a null value is the bare field name. */
export function groupKeyOf(fields: readonly EventField[], e: NormalizedEvent): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const v = getter(fields[i])(e);
    if (i > 0) out += '&';
    out += v === null ? fields[i] : `${fields[i]}=${esc(typeof v === 'string' ? v : String(v))}`;
  }
  return out;
}

function groupFn(fields: readonly EventField[]): (e: NormalizedEvent) => string {
  if (fields.length === 0) return () => '';
  if (fields.length === 1) {
    const f = fields[0];
    const g = getter(f);
    const prefix = `${f}=`;
    return (e) => {
      const v = g(e);
      return v === null ? f : prefix + esc(typeof v === 'string' ? v : String(v));
    };
  }
  return (e) => groupKeyOf(fields, e);
}

/** The event as kept with a hit: the same object unless its raw text must be cut. */
export function hitEvent(e: NormalizedEvent): HitEvent {
  return e.raw.length > HIT_RAW_CHARS ? { ...e, raw: e.raw.slice(0, HIT_RAW_CHARS) } : e;
}

export class RuleMatcher {
  private readonly always: Entry[] = [];
  private readonly indexes: Index[] = [];
  private readonly lc = new LowerCache();
  readonly rules: readonly Rule[];

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    const byField = new Map<EventField, Index>();
    for (const rule of rules) {
      const c = rule.correlation;
      const entry: Entry = {
        rule,
        group: groupFn(rule.groupBy),
        value: c?.type === 'value_count' && c.field !== null ? getter(c.field) : null,
        num: c?.type === 'value_sum' && c.field !== null ? getter(c.field) : null,
      };
      if (rule.index === null) {
        this.always.push(entry);
        continue;
      }
      let idx = byField.get(rule.index.field);
      if (idx === undefined) {
        idx = { get: getter(rule.index.field), byValue: new Map() };
        byField.set(rule.index.field, idx);
        this.indexes.push(idx);
      }
      for (const v of rule.index.values) {
        let list = idx.byValue.get(v);
        if (list === undefined) idx.byValue.set(v, (list = []));
        list.push(entry);
      }
    }
  }

  /** Rules tested against every event (no index constraint); few is good. */
  get unindexed(): number {
    return this.always.length;
  }

  /** Appends a hit to `out` for every rule `ev` matches; `tsMs` is the event time. */
  match(ev: NormalizedEvent, tsMs: number, out: RuleHit[]): void {
    this.lc.reset();
    const always = this.always;
    for (let i = 0; i < always.length; i++) this.test(always[i], ev, tsMs, out);
    const indexes = this.indexes;
    for (let k = 0; k < indexes.length; k++) {
      const list = indexes[k].byValue.get(indexes[k].get(ev));
      if (list === undefined) continue;
      for (let i = 0; i < list.length; i++) this.test(list[i], ev, tsMs, out);
    }
  }

  private test(en: Entry, ev: NormalizedEvent, tsMs: number, out: RuleHit[]): void {
    if (!en.rule.test(ev, this.lc)) return;
    let value: string | null = null;
    if (en.value !== null) {
      const v = en.value(ev);
      value = v === null ? null : typeof v === 'string' ? v : String(v);
    }
    let num: number | null = null;
    if (en.num !== null) {
      const v = en.num(ev);
      num = typeof v === 'number' ? v : null;
    }
    out.push({
      rule: en.rule.id,
      tsMs,
      tenant: ev.tenant ?? '',
      device: ev.device,
      group: en.group(ev),
      value,
      num,
      event: hitEvent(ev),
    });
  }
}
