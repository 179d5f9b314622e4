/**
 * Dashboard queries of one company: pure functions over the EventStore (and the device
 * registry for visibility). Periods are epoch-ms ranges on the Tokyo calendar (period.ts).
 */

import type { DeviceRegistry } from '../devices/registry.js';
import { CATEGORIES, type Category, CHANNELS } from '../event/event.js';
import type { CountRow, EventStore } from '../storage/events/event-store.js';
import { type Handled, LOG_KINDS, type LogKind, SCENARIO_IDS } from './content.js';
import {
  type Bucket,
  bucketIndex,
  bucketStarts,
  change,
  iso,
  type Period,
  previousPeriod,
} from './period.js';
import {
  type Evidence,
  type ItemEvidence,
  rateScenario,
  type ScenarioRating,
  STOPPED_ACTIONS,
} from './scenarios.js';

export const USAGE_ITEMS: readonly Category[] = [
  'online-storage',
  'remote-access',
  'risky-input-tool',
  'sns-webmail',
];
const USAGE = new Set<string>(USAGE_ITEMS);
const CATEGORY_SET = new Set<string>(CATEGORIES);

function range(p: Period): { from: string; to: string } {
  return { from: iso(p.from), to: iso(p.to) };
}

/** What the card says the UTM did about an item. */
export function handledOf(item: Category, count: number, stopped: number): Handled {
  if (count === 0) return 'none';
  if (stopped >= count) return 'blocked';
  return USAGE.has(item) ? 'seen' : 'detected';
}

export interface ItemCard {
  item: Category;
  count: number;
  previousCount: number;
  change: number | null;
  actions: Record<string, number>;
  stopped: number;
  handled: Handled;
}

export interface ItemsView {
  period: Period;
  previous: Period;
  items: ItemCard[];
}

function byItem(rows: readonly CountRow[]): Map<string, { n: number; actions: Record<string, number> }> {
  const m = new Map<string, { n: number; actions: Record<string, number> }>();
  for (const r of rows) {
    const c = r.keys.category;
    if (!c || !CATEGORY_SET.has(c)) continue;
    let e = m.get(c);
    if (!e) m.set(c, (e = { n: 0, actions: {} }));
    e.n += r.n;
    const a = r.keys.action ?? 'unknown';
    e.actions[a] = (e.actions[a] ?? 0) + r.n;
  }
  return m;
}

function stoppedOf(actions: Record<string, number>): number {
  let n = 0;
  for (const [a, v] of Object.entries(actions)) if (STOPPED_ACTIONS.has(a)) n += v;
  return n;
}

export async function itemsView(store: EventStore, tenant: string, period: Period): Promise<ItemsView> {
  const previous = previousPeriod(period);
  const [now, before] = await Promise.all([
    store.counts(tenant, { ...range(period), groupBy: ['category', 'action'] }),
    store.counts(tenant, { ...range(previous), groupBy: ['category'] }),
  ]);
  const cur = byItem(now);
  const prev = byItem(before);
  return {
    period,
    previous,
    items: CATEGORIES.map((item) => {
      const c = cur.get(item) ?? { n: 0, actions: {} };
      const p = prev.get(item)?.n ?? 0;
      const stopped = stoppedOf(c.actions);
      return {
        item,
        count: c.n,
        previousCount: p,
        change: change(c.n, p),
        actions: c.actions,
        stopped,
        handled: handledOf(item, c.n, stopped),
      };
    }),
  };
}

export interface TrendView {
  bucket: Bucket;
  buckets: number[];
  series: Record<Category, number[]>;
}

export async function trendView(
  store: EventStore,
  tenant: string,
  period: Period,
  bucket: Bucket,
): Promise<TrendView> {
  const buckets = bucketStarts(period, bucket);
  const series = Object.fromEntries(CATEGORIES.map((c) => [c, buckets.map(() => 0)])) as Record<
    Category,
    number[]
  >;
  const rows = await store.counts(tenant, { ...range(period), groupBy: ['jst_day', 'category'] });
  for (const r of rows) {
    const c = r.keys.category;
    if (!c || !CATEGORY_SET.has(c) || !r.keys.jst_day) continue;
    const i = bucketIndex(buckets, Date.parse(r.keys.jst_day));
    if (i >= 0) series[c as Category][i] += r.n;
  }
  return { bucket, buckets, series };
}

export interface VirusView {
  bucket: Bucket;
  buckets: number[];
  byChannelOverTime: Record<string, number[]>;
  byChannel: Record<string, number>;
  byChannelCumulative: Record<string, number[]>;
  byFamily: { family: string; n: number }[];
  total: number;
}

export async function virusView(
  store: EventStore,
  tenant: string,
  period: Period,
  bucket: Bucket,
): Promise<VirusView> {
  const buckets = bucketStarts(period, bucket);
  const over = Object.fromEntries(CHANNELS.map((c) => [c, buckets.map(() => 0)])) as Record<string, number[]>;
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<string, number>;
  const q = { ...range(period), category: 'virus' };
  const [rows, fams] = await Promise.all([
    store.counts(tenant, { ...q, groupBy: ['jst_day', 'channel'] }),
    store.counts(tenant, { ...q, groupBy: ['threat_family'] }),
  ]);
  let total = 0;
  for (const r of rows) {
    const ch = r.keys.channel && r.keys.channel in byChannel ? r.keys.channel : 'other';
    const i = r.keys.jst_day ? bucketIndex(buckets, Date.parse(r.keys.jst_day)) : -1;
    if (i >= 0) over[ch][i] += r.n;
    byChannel[ch] += r.n;
    total += r.n;
  }
  const cumulative: Record<string, number[]> = {};
  for (const ch of CHANNELS) {
    let run = 0;
    cumulative[ch] = over[ch].map((n) => (run += n));
  }
  const famMap = new Map<string, number>();
  for (const r of fams) {
    const f = r.keys.threat_family ?? 'unknown';
    famMap.set(f, (famMap.get(f) ?? 0) + r.n);
  }
  const byFamily = [...famMap.entries()]
    .map(([family, n]) => ({ family, n }))
    .sort((a, b) => b.n - a.n || a.family.localeCompare(b.family));
  return {
    bucket,
    buckets,
    byChannelOverTime: over,
    byChannel,
    byChannelCumulative: cumulative,
    byFamily,
    total,
  };
}

/** Per-item evidence (counts, stopped, families, virus channels) of one company and period. */
export async function evidenceOf(store: EventStore, tenant: string, period: Period): Promise<Evidence> {
  const rows = await store.counts(tenant, {
    ...range(period),
    groupBy: ['category', 'action', 'channel', 'threat_family'],
  });
  const out: Record<
    string,
    { count: number; stopped: number; families: Set<string>; channels: Record<string, number> }
  > = {};
  for (const r of rows) {
    const c = r.keys.category;
    if (!c || !CATEGORY_SET.has(c)) continue;
    const e = (out[c] ??= { count: 0, stopped: 0, families: new Set(), channels: {} });
    e.count += r.n;
    if (r.keys.action && STOPPED_ACTIONS.has(r.keys.action)) e.stopped += r.n;
    if (r.keys.threat_family) e.families.add(r.keys.threat_family);
    if (r.keys.channel) e.channels[r.keys.channel] = (e.channels[r.keys.channel] ?? 0) + r.n;
  }
  const ev: Evidence = {};
  for (const [c, e] of Object.entries(out)) {
    const item: ItemEvidence = {
      count: e.count,
      stopped: e.stopped,
      families: [...e.families].sort(),
      channels: e.channels,
    };
    ev[c as Category] = item;
  }
  return ev;
}

export async function scenariosView(
  store: EventStore,
  tenant: string,
  period: Period,
): Promise<ScenarioRating[]> {
  const ev = await evidenceOf(store, tenant, period);
  return SCENARIO_IDS.map((id) => rateScenario(id, ev));
}

export interface UsageView {
  items: {
    item: Category;
    count: number;
    services: { name: string; n: number }[];
    hosts: { host: string; n: number }[];
  }[];
}

export async function usageView(
  store: EventStore,
  tenant: string,
  period: Period,
  limit = 10,
): Promise<UsageView> {
  const q = { ...range(period), categories: USAGE_ITEMS, limit };
  const [counts, services, hosts] = await Promise.all([
    store.counts(tenant, { ...range(period), groupBy: ['category'] }),
    store.top(tenant, { ...q, by: 'service' }),
    store.top(tenant, { ...q, by: 'host' }),
  ]);
  return {
    items: USAGE_ITEMS.map((item) => ({
      item,
      count: counts.find((r) => r.keys.category === item)?.n ?? 0,
      services: services
        .filter((r) => r.category === item && r.key !== '')
        .map((r) => ({ name: r.key, n: r.n })),
      hosts: hosts.filter((r) => r.category === item && r.key !== '').map((r) => ({ host: r.key, n: r.n })),
    })),
  };
}

export interface VisibilityView {
  /** Share of outbound connections on TLS ports (0–1), null without outbound traffic. */
  encryptedShare: number | null;
  outbound: number;
  encrypted: number;
  /** Kinds of logs none of the company's devices sent in the period. */
  uninspectedKinds: LogKind[];
  kinds: Record<LogKind, number>;
  devices: {
    id: string;
    vendor: string | null;
    lastSeenAt: number | null;
    silent: boolean;
    enabled: boolean;
  }[];
}

export async function visibilityView(
  store: EventStore,
  registry: DeviceRegistry,
  tenant: string,
  period: Period,
  nowMs: number,
): Promise<VisibilityView> {
  const [mix, kindRows, vendorRows, devices, health] = await Promise.all([
    store.trafficMix(tenant, range(period)),
    store.counts(tenant, { ...range(period), groupBy: ['kind'] }),
    store.counts(tenant, { ...range(period), groupBy: ['device', 'vendor'] }),
    registry.listDevices(tenant),
    registry.health(tenant, nowMs),
  ]);
  const kinds = Object.fromEntries(LOG_KINDS.map((k) => [k, 0])) as Record<LogKind, number>;
  for (const r of kindRows) if (r.keys.kind && r.keys.kind in kinds) kinds[r.keys.kind as LogKind] += r.n;
  // counts come sorted by n: the first vendor of a device is its main one
  const vendorOf = new Map<string, string>();
  for (const r of vendorRows)
    if (r.keys.device && r.keys.vendor && !vendorOf.has(r.keys.device))
      vendorOf.set(r.keys.device, r.keys.vendor);
  const silent = new Map(health.map((h) => [h.device, h.silent]));
  return {
    encryptedShare: mix.outbound > 0 ? Math.round((mix.encrypted / mix.outbound) * 10_000) / 10_000 : null,
    outbound: mix.outbound,
    encrypted: mix.encrypted,
    uninspectedKinds: LOG_KINDS.filter((k) => kinds[k] === 0),
    kinds,
    devices: devices.map((d) => ({
      id: d.id,
      vendor: vendorOf.get(d.id) ?? (d.format === 'auto' ? null : d.format),
      lastSeenAt: d.lastSeenAt,
      silent: silent.get(d.id) ?? false,
      enabled: d.enabled,
    })),
  };
}
