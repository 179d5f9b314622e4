/**
 * File import: read (plain or gzip) → parse workers → one writer → event store.
 * Chunks are parsed in parallel but their results are consumed in file order, so the
 * scan correlator sees denies in time order and the summary is deterministic.
 */
import type { DetectionEngine } from '../detect/engine.js';
import type { RuleHit } from '../detect/model.js';
import { CATEGORIES, CHANNELS, type NormalizedEvent } from '../event/event.js';
import { type EncodedBatch, encodeBatch, mergeBatches } from '../storage/events/encode.js';
import type { EventStore, QuarantineRecord } from '../storage/events/event-store.js';
import { ReconCorrelator } from './classify/recon-correlator.js';
import { type ChunkResult, denyEvent } from './parse/chunk-processor.js';
import type { ParsePool } from './parse/parse-pool.js';
import type { ProfileSpec } from './parse/profile-spec.js';
import { fileSize, readFileChunks } from './sources/file-source.js';

export interface ImportOptions {
  store: EventStore;
  pool: ParsePool;
  spec: ProfileSpec;
  files: readonly string[];
  nowMs?: number;
  /** Called after each chunk with bytes read so far and the total on disk. */
  onProgress?: (done: number, total: number) => void;
  /** Rows buffered before one load into the store. */
  flushRows?: number;
  /**
   * Detection over the imported records (hits matched in the parse workers, correlated
   * in file order); signals go to the engine's sink. The engine stays open: its owner
   * closes it.
   */
  detection?: DetectionEngine | null;
}

export interface ImportSummary {
  tenant: string;
  device: string | null;
  files: number;
  records: number;
  events: number;
  quarantined: number;
  items: Record<string, number>;
  virus_by_channel: Record<string, number>;
  /** Scan events derived from bursts of inbound denies (included in items.recon). */
  derived_recon: number;
  formats: Record<string, number>;
  quarantine_by_code: Record<string, number>;
  /** Alert signals the import produced (only when detection is on). */
  alert_signals?: number;
  seconds: number;
}

function emptyCounts(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Collects encoded batches and quarantine rows until a flush loads them in one go. */
class WriteBuffer {
  private batches: EncodedBatch[] = [];
  private quarantine: QuarantineRecord[] = [];
  rows = 0;
  private inflight: Promise<void> = Promise.resolve();
  private writing = false;

  constructor(
    private readonly store: EventStore,
    private readonly flushRows: number,
  ) {}

  addBatch(b: EncodedBatch): void {
    if (b.rows === 0) return;
    this.batches.push(b);
    this.rows += b.rows;
  }

  addQuarantine(rows: QuarantineRecord[]): void {
    for (const r of rows) this.quarantine.push(r);
  }

  /**
   * Starts a load once `flushRows` are buffered. While one load runs, parsing goes on
   * and the next batch keeps filling (up to three loads' worth) instead of waiting:
   * the store and the parse workers then work at the same time.
   */
  async maybeFlush(): Promise<void> {
    if (this.rows < this.flushRows) return;
    if (this.writing && this.rows < 3 * this.flushRows) return;
    await this.flush();
  }

  /** Starts a load now; waits for the previous one first so at most one is in flight. */
  async flush(): Promise<void> {
    await this.inflight;
    const batch = this.batches.length ? mergeBatches(this.batches) : null;
    const q = this.quarantine;
    this.batches = [];
    this.quarantine = [];
    this.rows = 0;
    this.writing = true;
    this.inflight = (async () => {
      try {
        if (batch) await this.store.appendEncoded(batch);
        await this.store.appendQuarantine(q);
      } finally {
        this.writing = false;
      }
    })();
  }

  async drain(): Promise<void> {
    await this.flush();
    await this.inflight;
  }
}

export async function importFiles(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const nowMs = opts.nowMs ?? Date.now();
  // about one DuckDB row group (122,880 rows) per load: big enough to skip the WAL, small enough to keep memory flat
  const flushRows = opts.flushRows ?? 100_000;
  const summary: ImportSummary = {
    tenant: opts.spec.tenant,
    device: opts.spec.device,
    files: opts.files.length,
    records: 0,
    events: 0,
    quarantined: 0,
    items: emptyCounts(CATEGORIES),
    virus_by_channel: emptyCounts(CHANNELS),
    derived_recon: 0,
    formats: {},
    quarantine_by_code: {},
    seconds: 0,
  };
  const total = opts.files.reduce((n, f) => n + fileSize(f), 0);
  let doneBefore = 0;
  const buffer = new WriteBuffer(opts.store, flushRows);
  const correlator = new ReconCorrelator();
  const detection = opts.detection ?? null;
  const signalsBefore = detection?.stats.signals ?? 0;
  const chunkOpts = { spec: opts.spec, nowMs, useNowWhenMissing: true, rules: detection?.rulesDir };
  const maxInflight = Math.max(4, opts.pool.size * 4);

  const consume = async (r: ChunkResult): Promise<void> => {
    summary.records += r.records;
    summary.events += r.events;
    summary.quarantined += r.quarantine.length;
    for (const [c, n] of Object.entries(r.categories)) if (c) summary.items[c] = (summary.items[c] ?? 0) + n;
    add(summary.virus_by_channel, r.channels);
    for (const [f, n] of Object.entries(r.formats))
      summary.formats[f || 'unknown'] = (summary.formats[f || 'unknown'] ?? 0) + n;
    for (const q of r.quarantine)
      summary.quarantine_by_code[q.code] = (summary.quarantine_by_code[q.code] ?? 0) + 1;
    buffer.addBatch(r.batch);
    buffer.addQuarantine(r.quarantine);
    const hits: RuleHit[] = detection === null ? [] : r.hits.slice();
    if (r.denies.length) {
      const derived: NormalizedEvent[] = [];
      for (const d of r.denies) {
        const ev = correlator.observe(denyEvent(d, opts.spec));
        if (ev) derived.push(ev);
      }
      if (derived.length) {
        summary.derived_recon += derived.length;
        summary.events += derived.length;
        summary.items.recon += derived.length;
        buffer.addBatch(encodeBatch(derived));
        detection?.match(derived, hits);
      }
    }
    detection?.observe(hits);
    await buffer.maybeFlush();
  };

  for (const file of opts.files) {
    const queue: Promise<ChunkResult>[] = [];
    let position = 0;
    for await (const chunk of readFileChunks(file)) {
      queue.push(opts.pool.run(chunk.bytes, chunkOpts));
      position = chunk.position;
      if (queue.length >= maxInflight) {
        await consume(await (queue.shift() as Promise<ChunkResult>));
        opts.onProgress?.(doneBefore + position, total);
      }
    }
    while (queue.length) await consume(await (queue.shift() as Promise<ChunkResult>));
    doneBefore += fileSize(file);
    opts.onProgress?.(doneBefore, total);
  }
  await buffer.drain();
  if (detection !== null) {
    detection.flush(true);
    await detection.settled();
    summary.alert_signals = detection.stats.signals - signalsBefore;
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}
