import { describe, expect, it } from 'vitest';
import { eventWith } from '../event/event.js';
import { Correlator, type CorrelatorOptions } from './correlator.js';
import { parseRule } from './loader.js';
import type { AlertSignal, Rule, RuleHit } from './model.js';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const S = 1000;
const M = 60_000;
const H = 3_600_000;

function rule(id: string, extra: string): Rule {
  const text = `id: ${id}
title: Title ${id}
title_ja: タイトル
description: d
description_ja: d
level: high
tags: [attack.t1046]
detection:
  s:
    kind: traffic
  condition: s
${extra}`;
  const { rule: r, problems } = parseRule(text, `${id}.yml`);
  if (r === null) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return r;
}

const plain = rule('plain', 'group-by: [src_ip]\nsuppress: 1h');
const count = rule(
  'count',
  'correlation:\n  type: event_count\n  group-by: [src_ip]\n  timespan: 1m\n  condition: { gte: 3 }\nsuppress: 10m',
);
const distinct = rule(
  'distinct',
  'correlation:\n  type: value_count\n  group-by: [src_ip]\n  timespan: 1m\n  condition: { field: dst_port, gte: 3 }',
);
const sum = rule(
  'sum',
  'correlation:\n  type: value_sum\n  group-by: [src_ip]\n  timespan: 1h\n  condition: { field: bytes_out, gt: 1000 }',
);
const first = rule('first', 'correlation:\n  type: first_seen\n  group-by: [app]\nsuppress: 30d');
const RULES = [plain, count, distinct, sum, first];

interface HitOpts {
  tenant?: string;
  src?: string;
  device?: string | null;
  value?: string | null;
  num?: number | null;
  app?: string;
}

function hit(r: Rule, tsMs: number, o: HitOpts = {}): RuleHit {
  const src = o.src ?? '203.0.113.5';
  const event = eventWith({
    ts: new Date(tsMs).toISOString(),
    tenant: o.tenant ?? 'acme',
    device: o.device === undefined ? 'fw1' : o.device,
    vendor: 'fortigate',
    kind: 'traffic',
    src_ip: src,
    app: o.app ?? null,
    // the hit's value and number come from the event, as the matcher makes them
    dst_port: o.value === undefined || o.value === null ? null : Number(o.value),
    bytes_out: o.num ?? null,
  });
  const group = r.groupBy.length === 0 ? '' : r.groupBy[0] === 'app' ? `app=${o.app}` : `src_ip=${src}`;
  return {
    rule: r.id,
    tsMs,
    tenant: o.tenant ?? 'acme',
    device: event.device,
    group,
    value: o.value ?? null,
    num: o.num ?? null,
    event,
  };
}

function make(opts: CorrelatorOptions = {}): Correlator {
  return new Correlator(RULES, { repeatEveryMs: 0, now: () => T0, ...opts });
}

const brief = (s: AlertSignal) => ({ rule: s.ruleId, group: s.groupKey, count: s.count, tenant: s.tenant });

describe('Correlator: plain rules', () => {
  it('aggregates the hits of a group into one signal per flush', () => {
    const c = make();
    c.observe([0, 1, 2, 3, 4, 5, 6].map((i) => hit(plain, T0 + i * S)));
    c.observe([hit(plain, T0 + 7 * S, { src: '203.0.113.6', device: 'fw2' })]);
    const out = c.flush(T0);
    expect(out.map(brief)).toEqual([
      { rule: 'plain', group: 'src_ip=203.0.113.5', count: 7, tenant: 'acme' },
      { rule: 'plain', group: 'src_ip=203.0.113.6', count: 1, tenant: 'acme' },
    ]);
    const s = out[0];
    expect(s).toMatchObject({
      title: 'Title plain',
      titleJa: 'タイトル',
      level: 'high',
      tags: ['attack.t1046'],
      device: 'fw1',
      groupFields: { src_ip: '203.0.113.5' },
      firstSeenMs: T0,
      lastSeenMs: T0 + 6 * S,
      suppressMs: H,
    });
    expect(s.sampleEvents.map((e) => e.ts)).toEqual(
      [0, 1, 2, 3, 4].map((i) => new Date(T0 + i * S).toISOString()),
    );
    expect(c.flush(T0)).toEqual([]);
  });

  it('keeps tenants apart, and says device null when the hits came from several', () => {
    const c = make();
    c.observe([hit(plain, T0), hit(plain, T0, { tenant: 'other' }), hit(plain, T0 + S, { device: 'fw2' })]);
    const out = c.flush(T0);
    expect(out.map(brief)).toEqual([
      { rule: 'plain', group: 'src_ip=203.0.113.5', count: 2, tenant: 'acme' },
      { rule: 'plain', group: 'src_ip=203.0.113.5', count: 1, tenant: 'other' },
    ]);
    expect(out[0].device).toBeNull();
    expect(out[1].device).toBe('fw1');
  });

  it('continues an open alert within the suppression window and starts a new one after it', () => {
    const c = make();
    c.observe([hit(plain, T0)]);
    const a = c.flush(T0);
    c.observe([hit(plain, T0 + 50 * M), hit(plain, T0 + 90 * M)]); // each hit keeps it open for another hour
    const b = c.flush(T0);
    c.observe([hit(plain, T0 + 200 * M)]); // more than an hour after the last: a new occurrence
    const d = c.flush(T0);
    expect([...a, ...b, ...d].map((s) => [s.count, s.firstSeenMs - T0, s.lastSeenMs - T0])).toEqual([
      [1, 0, 0],
      [2, 50 * M, 90 * M],
      [1, 200 * M, 200 * M],
    ]);
    // the sink's rule: a signal starting within suppressMs of the previous one's last hit continues it
    expect(b[0].firstSeenMs - a[0].lastSeenMs).toBeLessThanOrEqual(b[0].suppressMs);
    expect(d[0].firstSeenMs - b[0].lastSeenMs).toBeGreaterThan(d[0].suppressMs);
  });

  it('delivers the rest of an ended occurrence before the new one, even inside one batch', () => {
    const c = make({ repeatEveryMs: 60_000 });
    c.observe([hit(plain, T0)]);
    expect(c.flush(T0)).toHaveLength(1);
    c.observe([hit(plain, T0 + 10 * M), hit(plain, T0 + 3 * H)]);
    expect(c.flush(T0 + S).map((s) => [s.count, s.firstSeenMs - T0])).toEqual([
      [1, 10 * M],
      [1, 3 * H],
    ]);
  });

  it('sends "still happening" updates at most every repeatEveryMs, new alerts at once', () => {
    const c = make({ repeatEveryMs: 60_000 });
    c.observe([hit(plain, T0)]);
    expect(c.flush(T0)).toHaveLength(1);
    c.observe([hit(plain, T0 + S)]);
    expect(c.flush(T0 + 10 * S)).toEqual([]);
    c.observe([hit(plain, T0 + 2 * S), hit(plain, T0, { src: '198.51.100.1' })]);
    expect(c.flush(T0 + 20 * S).map((s) => s.groupKey)).toEqual(['src_ip=198.51.100.1']);
    expect(c.flush(T0 + 60 * S).map((s) => s.count)).toEqual([2]);
    c.observe([hit(plain, T0 + 3 * S)]);
    expect(c.flush(T0 + 61 * S, true).map((s) => s.count)).toEqual([1]);
  });
});

describe('Correlator: correlations', () => {
  it('event_count fires when the threshold is crossed within the timespan', () => {
    const c = make();
    c.observe([hit(count, T0), hit(count, T0 + 40 * S)]);
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(count, T0 + 90 * S)]); // the first left the 1-minute window
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(count, T0 + 95 * S)]);
    const out = c.flush(T0);
    expect(out.map((s) => [s.count, s.firstSeenMs - T0, s.lastSeenMs - T0])).toEqual([[3, 40 * S, 95 * S]]);
    expect(out[0].sampleEvents).toHaveLength(3);
  });

  it('event_count: once open, further hits are continuations; after suppression the threshold counts again', () => {
    const c = make();
    c.observe([0, 1, 2].map((i) => hit(count, T0 + i * S)));
    expect(c.flush(T0).map((s) => s.count)).toEqual([3]);
    c.observe([hit(count, T0 + 5 * M)]);
    expect(c.flush(T0).map((s) => s.count)).toEqual([1]);
    // 10 minutes of suppression after the last hit (5 m): at 16 m the group is closed again
    c.observe([hit(count, T0 + 16 * M), hit(count, T0 + 16 * M + S)]);
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(count, T0 + 16 * M + 2 * S)]);
    expect(c.flush(T0).map((s) => [s.count, s.firstSeenMs - T0])).toEqual([[3, 16 * M]]);
  });

  it('value_count counts distinct values and ignores repeats and nulls', () => {
    const c = make();
    c.observe([
      hit(distinct, T0, { value: '22' }),
      hit(distinct, T0 + S, { value: '22' }),
      hit(distinct, T0 + 2 * S, { value: null }),
      hit(distinct, T0 + 3 * S, { value: '23' }),
    ]);
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(distinct, T0 + 4 * S, { value: '80' })]);
    expect(c.flush(T0).map((s) => [s.count, s.firstSeenMs - T0])).toEqual([[4, 0]]);
  });

  it('value_count forgets values older than the timespan', () => {
    const c = make();
    c.observe([hit(distinct, T0, { value: '1' }), hit(distinct, T0 + S, { value: '2' })]);
    c.observe([hit(distinct, T0 + 2 * M, { value: '3' })]);
    expect(c.flush(T0)).toEqual([]);
    c.observe([
      hit(distinct, T0 + 2 * M + S, { value: '4' }),
      hit(distinct, T0 + 2 * M + 2 * S, { value: '5' }),
    ]);
    expect(c.flush(T0).map((s) => [s.count, s.firstSeenMs - T0])).toEqual([[3, 2 * M]]);
  });

  it('value_sum adds a numeric field and compares strictly for gt', () => {
    const c = make();
    c.observe([hit(sum, T0, { num: 600 }), hit(sum, T0 + M, { num: 400 })]);
    expect(c.flush(T0)).toEqual([]); // 1000 is not > 1000
    c.observe([hit(sum, T0 + 2 * H, { num: 900 })]); // the first two left the hour
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(sum, T0 + 2 * H + M, { num: 101 })]);
    expect(c.flush(T0).map((s) => [s.count, s.firstSeenMs - T0])).toEqual([[2, 2 * H]]);
  });

  it('value_sum keeps its window bounded when a group has thousands of small hits', () => {
    const c = make();
    const hits = Array.from({ length: 5000 }, (_, i) => hit(sum, T0 + i * 100, { num: 0.1 }));
    c.observe(hits);
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(sum, T0 + 500_001, { num: 600 })]);
    expect(c.flush(T0).map((s) => s.count)).toEqual([5001]);
  });

  it('first_seen fires once per group and tenant, and again after a quiet suppression window', () => {
    const c = make();
    c.observe([hit(first, T0, { app: 'TeamViewer' }), hit(first, T0 + S, { app: 'TeamViewer' })]);
    c.observe([hit(first, T0, { app: 'TeamViewer', tenant: 'other' })]);
    expect(c.flush(T0).map(brief)).toEqual([
      { rule: 'first', group: 'app=TeamViewer', count: 2, tenant: 'acme' },
      { rule: 'first', group: 'app=TeamViewer', count: 1, tenant: 'other' },
    ]);
    for (let d = 1; d <= 60; d++) c.observe([hit(first, T0 + d * 86_400_000, { app: 'TeamViewer' })]);
    expect(c.flush(T0, true)).toEqual([]);
    c.observe([hit(first, T0 + 95 * 86_400_000, { app: 'TeamViewer' })]);
    expect(c.flush(T0).map((s) => s.count)).toEqual([1]);
  });

  it('counts late hits as happening at the newest time and drops those older than the window', () => {
    const c = make();
    c.observe([hit(count, T0 + 10 * M), hit(count, T0 + 10 * M - 30 * S)]);
    c.observe([hit(count, T0)]); // ten minutes late: outside the 1-minute window
    expect(c.stats.late).toBe(1);
    expect(c.flush(T0)).toEqual([]);
    c.observe([hit(count, T0 + 10 * M - 59 * S)]);
    expect(c.flush(T0).map((s) => s.count)).toEqual([3]);
  });
});

describe('Correlator: memory', () => {
  it('caps the groups of a tenant, evicting the least recently used and delivering their hits', () => {
    const c = make({ maxGroupsPerTenant: 10 });
    const hits = Array.from({ length: 100 }, (_, i) => hit(plain, T0 + i, { src: `198.51.100.${i}` }));
    c.observe(hits);
    expect(c.stats.groups).toBe(10);
    expect(c.stats.evicted).toBe(90);
    const out = c.flush(T0);
    expect(out).toHaveLength(100);
    expect(out.reduce((n, s) => n + s.count, 0)).toBe(100);
  });

  it('caps the groups of all tenants, taking from the least recently active tenant', () => {
    const c = make({ maxGroups: 50 });
    for (let t = 0; t < 20; t++) {
      c.observe(
        Array.from({ length: 5 }, (_, i) => hit(plain, T0, { tenant: `t${t}`, src: `198.51.100.${i}` })),
      );
    }
    expect(c.stats.groups).toBe(50);
    // the busiest, newest tenants keep their state
    c.observe([hit(plain, T0 + S, { tenant: 't19', src: '198.51.100.0' })]);
    expect(c.stats.groups).toBe(50);
    expect(c.flush(T0).length).toBe(100);
  });

  it('sweeps groups once their window and suppression lie behind the tenant clock', () => {
    const c = make({ sweepEveryMs: 0 });
    c.observe([hit(plain, T0), hit(count, T0), hit(first, T0, { app: 'AnyDesk' })]);
    c.flush(T0);
    expect(c.stats.groups).toBe(3);
    c.observe([hit(plain, T0 + 2 * H, { src: '198.51.100.9' })]);
    c.flush(T0);
    // plain (1 h) and count (1 m window, 10 m suppression) expired; first_seen remembers 30 days
    expect(c.stats.groups).toBe(2);
    expect(c.stats.expired).toBe(2);
  });

  it('does not let an event dated far in the future move a tenant clock', () => {
    const c = make({ sweepEveryMs: 0 });
    c.observe([hit(plain, T0)]);
    c.flush(T0);
    c.observe([hit(plain, T0 + 400 * 86_400_000, { src: '198.51.100.9' })]);
    c.flush(T0);
    expect(c.stats.expired).toBe(0);
  });

  it('ignores hits of rules it does not know', () => {
    const c = make();
    c.observe([{ ...hit(plain, T0), rule: 'retired-rule' }]);
    expect(c.stats.unknownRule).toBe(1);
    expect(c.flush(T0)).toEqual([]);
  });
});
