/**
 * The stateful half of detection, in the single writer thread: hits → alert signals.
 *
 * State is one "group" per (tenant, rule, group key). A group is either closed or
 * open (an alert is running):
 *
 * - closed, plain rule: the first hit opens it (a new occurrence).
 * - closed, event_count / value_count / value_sum: hits feed a sliding window over
 *   event time; the group opens when the window crosses the threshold, and the signal
 *   covers the window's events.
 * - closed, first_seen: the first hit opens it.
 * - open: every hit is "still happening" and keeps the group open until `suppress`
 *   after the last hit (first_seen: further hits keep it open silently — the tool is
 *   no longer new). A hit after that closes the old occurrence and starts a new one.
 *
 * `flush(now)` turns pending hits into signals: a new occurrence at once; the
 * continuation of an open one at most every `repeatEveryMs` (wall clock), so a C&C
 * beacon every second costs the sink one update a minute, not one per event.
 *
 * Event time drives windows and suppression; events arrive roughly in order. A late
 * event counts as happening at the newest time the group has seen (windows never run
 * backwards); one older than a window's span is ignored by that window (counted as
 * `late`). Memory is bounded: groups per tenant and in total are capped (the least
 * recently used are evicted — "second chance" order, O(1) per eviction — and their
 * pending hits delivered first), value windows hold at most threshold entries, and
 * groups idle past their span and suppression are swept.
 */
import { getter } from './fields.js';
import type { AlertSignal, HitEvent, Rule, RuleHit } from './model.js';

export interface CorrelatorOptions {
  /** Most groups held in total (default 200 000). */
  maxGroups?: number;
  /** Most groups held per tenant (default 20 000): one noisy company cannot evict the others' state. */
  maxGroupsPerTenant?: number;
  /** Continuation signals of an open group at most this often (wall-clock ms, default 60 000; 0 = every flush). */
  repeatEveryMs?: number;
  /** Idle groups are swept at most this often (wall-clock ms, default 10 000). */
  sweepEveryMs?: number;
  /** Wall clock (default Date.now); an event more than `maxFutureMs` ahead of it does not move a tenant's clock. */
  now?: () => number;
  maxFutureMs?: number;
}

export interface CorrelatorStats {
  groups: number;
  tenants: number;
  /** Groups dropped because a cap was reached. */
  evicted: number;
  /** Groups swept after idling past their window and suppression. */
  expired: number;
  /** Hits too old for their group's window. */
  late: number;
  /** Hits naming a rule this correlator does not know (a worker with another pack). */
  unknownRule: number;
}

const MAX_SAMPLES = 5;
/** value_sum windows merge their oldest entries beyond this many (the sum stays exact, the edge approximate). */
const MAX_SUM_ENTRIES = 512;

interface Sample {
  ts: number;
  ev: HitEvent;
}

interface CountWin {
  ts: number[];
  head: number;
}
interface DistinctWin {
  vals: Map<string | number, { first: number; last: number; n: number }>;
}
interface SumWin {
  items: { t: number; v: number; c: number }[];
  head: number;
  sum: number;
}

interface Window {
  newest: number;
  /** The last MAX_SAMPLES hits: a ring (no allocation per hit). */
  sTs: number[];
  sEv: HitEvent[];
  sNext: number;
  device: string | null | undefined;
  count: CountWin | null;
  distinct: DistinctWin | null;
  sum: SumWin | null;
}

interface Group {
  key: string;
  mapKey: string | number | null;
  ruleIdx: number;
  tenant: TenantState;
  rule: Rule;
  /** Hit since the eviction clock last passed it (second chance). */
  used: boolean;
  /** In the list of new occurrences to signal at the next flush. */
  inUrgent: boolean;
  /** In the list of continuations to signal at the next repeat. */
  inWaiting: boolean;
  /** Dropped: ignore where still referenced (eviction queue, signal lists). */
  dead: boolean;
  fields: Record<string, string | null>;
  lastHitMs: number;
  /** Event time until which the group is open; -Infinity when closed. */
  openUntil: number;
  // pending hits not yet signalled
  pCount: number;
  pFirst: number;
  pLast: number;
  pSamples: Sample[];
  pDevice: string | null | undefined;
  /** The pending hits start a new occurrence (signalled at the next flush, not throttled). */
  pNew: boolean;
  win: Window | null;
}

interface TenantState {
  id: string;
  /** Rule index → group key (or the single group-by field's value) → group. */
  byRule: (Map<string | number | null, Group> | undefined)[];
  size: number;
  /** Eviction order: oldest first; a used group gets a second chance at the back. */
  queue: Group[];
  qHead: number;
  /** Newest event time seen for this tenant (not ahead of the wall clock by more than maxFutureMs). */
  watermark: number;
}

function fieldsOf(rule: Rule, ev: HitEvent): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of rule.groupBy) {
    const v = ev[f];
    out[f] = v === null ? null : String(v);
  }
  return out;
}

function pushSample(w: Window, ts: number, ev: HitEvent): void {
  const i = w.sNext % MAX_SAMPLES;
  w.sTs[i] = ts;
  w.sEv[i] = ev;
  w.sNext++;
}

/** The ring's samples at or after `since`, oldest first. */
function samplesSince(w: Window, since: number): Sample[] {
  const out: Sample[] = [];
  const n = Math.min(w.sNext, MAX_SAMPLES);
  for (let k = w.sNext - n; k < w.sNext; k++) {
    const i = k % MAX_SAMPLES;
    if (w.sTs[i] >= since) out.push({ ts: w.sTs[i], ev: w.sEv[i] });
  }
  return out;
}

export class Correlator {
  private readonly rules = new Map<string, { rule: Rule; idx: number }>();
  private readonly ruleCount: number;
  private readonly tenants = new Map<string, TenantState>();
  /** Groups with a new occurrence pending (signalled at the next flush). */
  private urgent: Group[] = [];
  /** Open groups with "still happening" hits pending (signalled every repeatEveryMs). */
  private waiting: Group[] = [];
  private lastRepeatWall = Number.NEGATIVE_INFINITY;
  /** Per rule: the group-by field when there is exactly one (its value keys the group map). */
  private readonly singleKey: (((e: HitEvent) => string | number | null) | undefined)[] = [];
  /** Per rule: the value_count field's getter. */
  private readonly distinctOf: (((e: HitEvent) => string | number | null) | null)[] = [];
  private ready: AlertSignal[] = [];
  private total = 0;
  private lastSweepWall = Number.NEGATIVE_INFINITY;
  private lastTenant: TenantState | null = null;
  private readonly maxGroups: number;
  private readonly maxPerTenant: number;
  private readonly repeatEveryMs: number;
  private readonly sweepEveryMs: number;
  private readonly maxFutureMs: number;
  private readonly now: () => number;
  readonly stats: CorrelatorStats = {
    groups: 0,
    tenants: 0,
    evicted: 0,
    expired: 0,
    late: 0,
    unknownRule: 0,
  };

  constructor(rules: readonly Rule[], opts: CorrelatorOptions = {}) {
    rules.forEach((rule, idx) => {
      this.rules.set(rule.id, { rule, idx });
      this.singleKey.push(rule.groupBy.length === 1 ? getter(rule.groupBy[0]) : undefined);
      const c = rule.correlation;
      this.distinctOf[idx] = c?.type === 'value_count' && c.field !== null ? getter(c.field) : null;
    });
    this.ruleCount = rules.length;
    this.maxGroups = Math.max(1, opts.maxGroups ?? 200_000);
    this.maxPerTenant = Math.max(1, opts.maxGroupsPerTenant ?? 20_000);
    this.repeatEveryMs = Math.max(0, opts.repeatEveryMs ?? 60_000);
    this.sweepEveryMs = Math.max(0, opts.sweepEveryMs ?? 10_000);
    this.maxFutureMs = opts.maxFutureMs ?? 86_400_000;
    this.now = opts.now ?? Date.now;
  }

  /** Feeds hits (events already stored), in roughly the order they happened. */
  observe(hits: readonly RuleHit[]): void {
    if (hits.length === 0) return;
    const futureLimit = this.now() + this.maxFutureMs;
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      const rs = this.rules.get(h.rule);
      if (rs === undefined) {
        this.stats.unknownRule++;
        continue;
      }
      const ts = this.tenantOf(h.tenant);
      if (h.tsMs > ts.watermark && h.tsMs <= futureLimit) ts.watermark = h.tsMs;
      this.apply(this.groupOf(ts, rs.rule, rs.idx, h), h);
    }
    this.stats.groups = this.total;
    this.stats.tenants = this.tenants.size;
  }

  /**
   * Signals due now (`nowMs`: wall clock): new occurrences, and — once every
   * `repeatEveryMs` — the continuations of open alerts. `force` delivers every pending
   * continuation (end of a file import, shutdown). Sweeps idle groups now and then.
   */
  flush(nowMs: number, force = false): AlertSignal[] {
    const out = this.ready;
    this.ready = [];
    for (const g of this.urgent) {
      g.inUrgent = false;
      if (!g.dead && g.pCount > 0) out.push(this.signal(g));
    }
    this.urgent = [];
    if (force || nowMs - this.lastRepeatWall >= this.repeatEveryMs) {
      this.lastRepeatWall = nowMs;
      for (const g of this.waiting) {
        g.inWaiting = false;
        if (!g.dead && g.pCount > 0) out.push(this.signal(g));
      }
      this.waiting = [];
    }
    if (force || nowMs - this.lastSweepWall >= this.sweepEveryMs) {
      this.lastSweepWall = nowMs;
      this.sweep();
    }
    return out;
  }

  private tenantOf(id: string): TenantState {
    const last = this.lastTenant;
    if (last !== null && last.id === id) return last;
    let t = this.tenants.get(id);
    if (t === undefined) {
      t = {
        id,
        byRule: new Array<Map<string | number | null, Group> | undefined>(this.ruleCount).fill(undefined),
        size: 0,
        queue: [],
        qHead: 0,
        watermark: Number.NEGATIVE_INFINITY,
      };
    } else {
      this.tenants.delete(id); // re-inserted: the Map stays in least-recently-used order
    }
    this.tenants.set(id, t);
    this.lastTenant = t;
    return t;
  }

  private groupOf(ts: TenantState, rule: Rule, idx: number, h: RuleHit): Group {
    let m = ts.byRule[idx];
    if (m === undefined) ts.byRule[idx] = m = new Map();
    // one group-by field: its value is the map key (a flat string already; the composed
    // key would have to be flattened and hashed on every hit)
    const single = this.singleKey[idx];
    const mapKey = single === undefined ? h.group : single(h.event);
    let g = m.get(mapKey);
    if (g !== undefined) {
      g.used = true;
      return g;
    }
    if (ts.size >= this.maxPerTenant) this.evictOne(ts);
    while (this.total >= this.maxGroups) {
      let victim: TenantState | null = null;
      for (const t of this.tenants.values()) {
        if (t.size > 0) {
          victim = t;
          break;
        }
      }
      if (victim === null) break;
      this.evictOne(victim);
    }
    if (!this.tenants.has(ts.id)) {
      // evicting emptied this very tenant: put it back
      this.tenants.set(ts.id, ts);
      this.lastTenant = ts;
    }
    g = {
      key: h.group,
      mapKey,
      ruleIdx: idx,
      tenant: ts,
      rule,
      used: false,
      inUrgent: false,
      inWaiting: false,
      dead: false,
      fields: fieldsOf(rule, h.event),
      lastHitMs: Number.NEGATIVE_INFINITY,
      openUntil: Number.NEGATIVE_INFINITY,
      pCount: 0,
      pFirst: 0,
      pLast: 0,
      pSamples: [],
      pDevice: undefined,
      pNew: false,
      win: null,
    };
    m.set(mapKey, g);
    ts.queue.push(g);
    ts.size++;
    this.total++;
    return g;
  }

  /** Evicts the least recently used group of a tenant (a used group goes round once more). */
  private evictOne(ts: TenantState): void {
    while (ts.qHead < ts.queue.length) {
      const g = ts.queue[ts.qHead++];
      if (g.dead) continue;
      if (g.used) {
        g.used = false;
        ts.queue.push(g);
        continue;
      }
      this.drop(g);
      this.stats.evicted++;
      break;
    }
    if (ts.qHead > 1024 && ts.qHead * 2 > ts.queue.length) {
      ts.queue = ts.queue.slice(ts.qHead);
      ts.qHead = 0;
    }
  }

  private drop(g: Group): void {
    if (g.pCount > 0) this.ready.push(this.signal(g));
    g.dead = true;
    const ts = g.tenant;
    ts.byRule[g.ruleIdx]?.delete(g.mapKey);
    ts.size--;
    this.total--;
    if (ts.size === 0) {
      this.tenants.delete(ts.id);
      if (this.lastTenant === ts) this.lastTenant = null;
    }
  }

  private markDirty(g: Group): void {
    if (g.pNew) {
      if (!g.inUrgent) {
        g.inUrgent = true;
        this.urgent.push(g);
      }
    } else if (!g.inWaiting) {
      g.inWaiting = true;
      this.waiting.push(g);
    }
  }

  private addPending(g: Group, t: number, h: RuleHit): void {
    if (g.pCount === 0) {
      g.pFirst = t;
      g.pLast = t;
      g.pDevice = h.device;
    } else {
      if (t < g.pFirst) g.pFirst = t;
      if (t > g.pLast) g.pLast = t;
      if (g.pDevice !== h.device) g.pDevice = null;
    }
    g.pCount++;
    if (g.pSamples.length < MAX_SAMPLES) g.pSamples.push({ ts: t, ev: h.event });
    this.markDirty(g);
  }

  private apply(g: Group, h: RuleHit): void {
    const rule = g.rule;
    const t = h.tsMs;
    if (t > g.lastHitMs) g.lastHitMs = t;
    const c = rule.correlation;
    if (t <= g.openUntil) {
      const until = t + rule.suppressMs;
      if (until > g.openUntil) g.openUntil = until;
      // first_seen: only hits before the first signal goes out join it
      if (c !== null && c.type === 'first_seen' && !(g.pNew && g.pCount > 0)) return;
      this.addPending(g, t, h);
      return;
    }
    if (g.pCount > 0) {
      // the rest of an occurrence that has ended: deliver it before the new one starts
      this.ready.push(this.signal(g));
    }
    if (c === null || c.type === 'first_seen') {
      g.openUntil = t + rule.suppressMs;
      g.pNew = true;
      this.addPending(g, t, h);
      return;
    }
    const w = (g.win ??= {
      newest: Number.NEGATIVE_INFINITY,
      sTs: [],
      sEv: [],
      sNext: 0,
      device: undefined,
      count: null,
      distinct: null,
      sum: null,
    });
    const span = c.timespanMs;
    if (t < w.newest - span) {
      this.stats.late++;
      return;
    }
    const tt = Math.max(t, w.newest);
    let fired: { count: number; first: number } | null = null;
    if (c.type === 'event_count') {
      const cw = (w.count ??= { ts: [], head: 0 });
      cw.ts.push(tt);
      while (cw.ts[cw.head] < tt - span) cw.head++;
      if (cw.head > 64 && cw.head * 2 > cw.ts.length) {
        cw.ts = cw.ts.slice(cw.head);
        cw.head = 0;
      }
      const n = cw.ts.length - cw.head;
      if (n >= c.threshold) fired = { count: n, first: cw.ts[cw.head] };
    } else if (c.type === 'value_count') {
      // the event's own value (a number stays a number): no string made per hit
      const get = this.distinctOf[g.ruleIdx];
      const v = get === null ? h.value : get(h.event);
      if (v === null) return;
      const dw = (w.distinct ??= { vals: new Map() });
      const e = dw.vals.get(v);
      if (e === undefined) dw.vals.set(v, { first: tt, last: tt, n: 1 });
      else {
        e.last = tt;
        e.n++;
      }
      if (dw.vals.size >= c.threshold) {
        for (const [k, v] of dw.vals) if (v.last < tt - span) dw.vals.delete(k);
        if (dw.vals.size >= c.threshold) {
          let n = 0;
          let first = tt;
          for (const v of dw.vals.values()) {
            n += v.n;
            if (v.first < first) first = v.first;
          }
          fired = { count: n, first: Math.max(first, tt - span) };
        }
      }
    } else {
      if (h.num === null) return;
      const sw = (w.sum ??= { items: [], head: 0, sum: 0 });
      sw.items.push({ t: tt, v: h.num, c: 1 });
      sw.sum += h.num;
      while (sw.items[sw.head].t < tt - span) {
        sw.sum -= sw.items[sw.head].v;
        sw.head++;
      }
      if (sw.items.length - sw.head > MAX_SUM_ENTRIES) {
        const a = sw.items[sw.head];
        const b = sw.items[sw.head + 1];
        b.v += a.v;
        b.c += a.c;
        sw.head++;
      }
      if (sw.head > 64 && sw.head * 2 > sw.items.length) {
        sw.items = sw.items.slice(sw.head);
        sw.head = 0;
      }
      if (c.inclusive ? sw.sum >= c.threshold : sw.sum > c.threshold) {
        let n = 0;
        for (let i = sw.head; i < sw.items.length; i++) n += sw.items[i].c;
        fired = { count: n, first: sw.items[sw.head].t };
      }
    }
    w.newest = tt;
    pushSample(w, tt, h.event);
    if (w.device === undefined) w.device = h.device;
    else if (w.device !== h.device) w.device = null;
    if (fired === null) return;
    const first = fired.first;
    g.pCount = fired.count;
    g.pFirst = first;
    g.pLast = tt;
    g.pSamples = samplesSince(w, first);
    g.pDevice = w.device;
    g.pNew = true;
    g.openUntil = tt + rule.suppressMs;
    g.win = null;
    this.markDirty(g);
  }

  private signal(g: Group): AlertSignal {
    const r = g.rule;
    const samples = g.pSamples.slice().sort((a, b) => a.ts - b.ts);
    const s: AlertSignal = {
      ruleId: r.id,
      title: r.title,
      titleJa: r.titleJa,
      level: r.level,
      tags: r.tags.slice(),
      tenant: g.tenant.id,
      device: g.pDevice ?? null,
      groupKey: g.key,
      groupFields: { ...g.fields },
      firstSeenMs: g.pFirst,
      lastSeenMs: g.pLast,
      count: g.pCount,
      sampleEvents: samples.map((x) => x.ev),
      suppressMs: r.suppressMs,
    };
    g.pCount = 0;
    g.pSamples = [];
    g.pDevice = undefined;
    g.pNew = false;
    return s;
  }

  /** Drops groups whose window and suppression lie behind their tenant's clock. */
  private sweep(): void {
    for (const t of [...this.tenants.values()]) {
      const wm = t.watermark;
      for (const m of t.byRule) {
        if (m === undefined) continue;
        for (const g of m.values()) {
          if (g.pCount > 0) continue;
          const span = g.rule.correlation?.timespanMs ?? 0;
          if (wm > g.openUntil && wm > g.lastHitMs + span) {
            this.drop(g);
            this.stats.expired++;
          }
        }
      }
      if (t.qHead > 0 || t.queue.length > t.size * 2) {
        t.queue = t.queue.filter((g) => !g.dead);
        t.qHead = 0;
      }
    }
    this.stats.groups = this.total;
    this.stats.tenants = this.tenants.size;
  }
}
