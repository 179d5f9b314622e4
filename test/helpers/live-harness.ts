/**
 * A live pipeline in a temp folder for receiver and route tests: the real device
 * registry (SQLite, or PostgreSQL under OTASUKE_TEST_STATE_BACKEND), spool, inline
 * parsing and DuckDB store, with a gate in front of the store to make it "slow" on
 * demand (drives the backlog bound).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestRegistry } from '../../src/devices/backends.test-helper.js';
import type { DeviceRegistry } from '../../src/devices/registry.js';
import { LivePipeline } from '../../src/ingest/live/pipeline.js';
import type { RateLimit } from '../../src/ingest/live/rate-limiter.js';
import { ParsePool } from '../../src/ingest/parse/parse-pool.js';
import { Spool } from '../../src/ingest/spool/spool.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';
import type { EventStore } from '../../src/storage/events/event-store.js';

export interface LiveHarness {
  dir: string;
  registry: DeviceRegistry;
  store: DuckDbEventStore;
  pipeline: LivePipeline;
  /** While held, store writes wait (the pipeline falls behind once the backlog passes its bound). */
  holdStore(): void;
  releaseStore(): void;
  /** Raw text of every stored event of a tenant, plus its quarantined records. */
  stored(tenant: string): Promise<{ events: string[]; quarantined: string[] }>;
  close(): Promise<void>;
}

/** The store with its writes gated; everything else passes through. */
function gated(store: DuckDbEventStore, gate: { wait: Promise<void> | null }): EventStore {
  const pass = async (): Promise<void> => {
    while (gate.wait) await gate.wait;
  };
  return {
    append: (b) => store.append(b),
    appendEncoded: async (b, o) => {
      await pass();
      return store.appendEncoded(b, o);
    },
    committedBatches: (ids) => store.committedBatches(ids),
    appendQuarantine: async (rows) => {
      await pass();
      return store.appendQuarantine(rows);
    },
    counts: (t, q) => store.counts(t, q),
    search: (t, q) => store.search(t, q),
    quarantineCounts: (t, q) => store.quarantineCounts(t, q),
    quarantined: (t, q) => store.quarantined(t, q),
    searchPage: (t, q) => store.searchPage(t, q),
    countEvents: (t, q) => store.countEvents(t, q),
    exportEvents: (t, q) => store.exportEvents(t, q),
    top: (t, q) => store.top(t, q),
    trafficMix: (t, q) => store.trafficMix(t, q),
    programmeTotals: (q) => store.programmeTotals(q),
    tenantCounts: (q) => store.tenantCounts(q),
    openShareSession: (q) => store.openShareSession(q),
    deleteBefore: (c) => store.deleteBefore(c),
    close: () => store.close(),
  };
}

export async function openLiveHarness(
  o: { maxBacklogBytes?: number; rate?: RateLimit } = {},
): Promise<LiveHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-live-'));
  const state = await openTestRegistry(dir, { flushIntervalMs: 0, refreshIntervalMs: 0 });
  const registry = state.registry;
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb'), threads: 2 });
  const gate: { wait: Promise<void> | null; open: (() => void) | null } = { wait: null, open: null };
  const { spool } = Spool.open(join(dir, 'spool'));
  const pool = new ParsePool(0);
  const pipeline = new LivePipeline({
    directory: registry,
    health: registry,
    store: gated(store, gate),
    spool,
    pool,
    rate: o.rate ?? { perSec: 0 },
    maxBacklogBytes: o.maxBacklogBytes,
  });
  const releaseStore = (): void => {
    const open = gate.open;
    gate.wait = null;
    gate.open = null;
    open?.();
  };
  return {
    dir,
    registry,
    store,
    pipeline,
    holdStore() {
      if (!gate.wait) gate.wait = new Promise((r) => (gate.open = r));
    },
    releaseStore,
    async stored(tenant) {
      await pipeline.drained();
      const events: string[] = [];
      for await (const e of store.search(tenant, { limit: 100_000 })) events.push(e.raw);
      const quarantined = (await store.quarantined(tenant, { limit: 100_000 })).map((q) => q.raw);
      return { events: events.sort(), quarantined: quarantined.sort() };
    },
    async close() {
      releaseStore();
      await pipeline.close();
      await spool.close();
      await pool.close();
      await state.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A FortiGate traffic record the parsers turn into one event; `tag` ends up in msg="…". */
export const fortigateLine = (tag: string): string =>
  `<189>date=2026-01-05 time=10:00:00 devname="fw1" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.0.2.10 srcport=5000 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="${tag}"`;

/** The msg="…" tags of stored raw records, sorted. */
export const tags = (raws: readonly string[]): string[] =>
  raws.map((r) => /msg="([^"]+)"/.exec(r)?.[1] ?? r).sort();
