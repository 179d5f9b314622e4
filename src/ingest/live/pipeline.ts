/**
 * Live ingest: records from a socket or an HTTP request → device → rate limit →
 * spool (the acknowledgement point) → parse workers → store, in spool order.
 *
 *   accept() ──▶ spool.append (fdatasync, group commit) ──▶ sender acknowledged
 *                      │ onDurable, in spool order
 *                      ▼
 *                 parse (ParsePool, per batch, device profile, receive time)
 *                      ▼
 *   writer: consecutive parsed batches → one group → sink.write (the store: one
 *           appendQuarantine + one appendEncoded with the group's last batch id; in
 *           scale-out the ingest bus) → spool.committed → registry.noteSeen
 *
 * Backpressure: while spooled-but-uncommitted bytes exceed `maxBacklogBytes`, `behind`
 * is true; TCP/TLS receivers pause their sockets, HTTP answers 503, UDP drops (counted).
 *
 * Exactly-once: a group's store write records its last batch id in the same
 * transaction. Groups are written strictly in spool order, so on start the newest
 * committed id found among the spooled batches is a watermark: everything up to it is
 * stored, everything after it is replayed. Quarantine rows are written just before
 * their group's events: a crash between the two can repeat them on replay (never lose).
 */

import { recordsDropped, recordsParsed, recordsQuarantined, recordsReceived } from '../../core/metrics.js';
import type { DetectionEngine } from '../../detect/engine.js';
import type { RuleHit } from '../../detect/model.js';
import type { DeviceDirectory, ResolvedDevice, SourceIdentity } from '../../devices/directory.js';
import type { NormalizedEvent } from '../../event/event.js';
import { type EncodedBatch, encodeBatch } from '../../storage/events/encode.js';
import type { EventStore, QuarantineRecord } from '../../storage/events/event-store.js';
import { ReconCorrelator } from '../classify/recon-correlator.js';
import type { ChunkResult } from '../parse/chunk-processor.js';
import { denyEvent } from '../parse/chunk-processor.js';
import type { ParsePool } from '../parse/parse-pool.js';
import type { Spool, SpooledBatch } from '../spool/spool.js';
import { mergeEncoded, mergeResults } from './commit-group.js';
import { type GroupSink, storeSink } from './group-sink.js';
import { DeviceRateLimiter, type RateLimit } from './rate-limiter.js';
import { syslogHostname } from './syslog-hostname.js';

/** `replay`: sample lines of a source an operator just assigned to a device. */
export type Transport = 'udp' | 'tcp' | 'tls' | 'http' | 'replay';

export interface DeviceHealthSink {
  noteSeen(deviceId: string, counts: { records: number; errors: number }, nowMs: number): void;
}

export interface PipelineOptions {
  directory: DeviceDirectory;
  /** Device health bookkeeping (the registry); optional in tests. */
  health?: DeviceHealthSink | null;
  /** The destination of parsed groups (single process: the store itself). */
  store?: EventStore;
  /**
   * Scale-out: where parsed groups go instead of `store` (the ingest bus). Hits travel
   * with the group; the detection engine of this process only matches.
   */
  sink?: GroupSink;
  spool: Spool;
  pool: ParsePool;
  rate?: RateLimit;
  /** Spooled-but-uncommitted bytes above which the pipeline is "behind" (default 256 MiB). */
  maxBacklogBytes?: number;
  /** Most event rows in one store write (default 100 000). */
  maxGroupRows?: number;
  /**
   * How long the writer gathers parsed batches into one store write before it writes
   * what it has (default 250 ms). A store write has a fixed cost of milliseconds (a
   * transaction, a WAL sync), so few big writes keep up where many small ones cannot.
   */
  maxGroupDelayMs?: number;
  /** Batches are parsed in slices of about this size, in parallel (default 1 MiB). */
  parseSliceBytes?: number;
  now?: () => number;
  log?: (msg: string) => void;
  /**
   * Detection: parse workers match each event against the engine's rule pack, the
   * writer matches the scan events it derives, and once a group's store write has
   * succeeded its hits go to the engine (correlation, suppression, delivery to the
   * alert sink beside ingest: a failing sink never blocks or loses events).
   */
  detection?: DetectionEngine | null;
}

export interface LiveStats {
  received: number;
  /** Spooled (acknowledged). */
  accepted: number;
  dropped: number;
  /** Records whose batch is committed to the store. */
  committed: number;
  events: number;
  quarantined: number;
  storeWrites: number;
  /** Wall time spent in store writes (ms). */
  storeMs: number;
}

interface Task {
  batch: SpooledBatch;
  body: Buffer | null;
  result: ChunkResult | null;
  failed: boolean;
  ready: Promise<void>;
}

/** Identity of a device lookup; `\n` cannot appear in an address or host name. */
/** Cache key of a source; tokens and certificate fingerprints get their own prefixes so one can never stand for the other. */
const key = (src: SourceIdentity): string =>
  `${src.address}\n${src.hostname ?? ''}\n${src.token !== undefined ? `t:${src.token}` : ''}\n${src.tlsFingerprint !== undefined ? `f:${src.tlsFingerprint}` : ''}`;
const ESCAPED_LF = Buffer.from('#012'); // rsyslog's escape for control characters

function count(src: Transport, device: string, n: number): void {
  if (n > 0) recordsReceived.inc({ source: src, device }, n);
}

export function drop(src: Transport, device: string, reason: string, n: number): void {
  if (n > 0) recordsDropped.inc({ source: src, device, reason }, n);
}

/** Records → spool body: one record per line; an LF inside a record is escaped as `#012`. */
export function joinRecords(records: readonly Buffer[]): Buffer {
  let len = 0;
  let hasLf = false;
  for (const r of records) {
    len += r.length + 1;
    if (!hasLf && r.indexOf(10) >= 0) hasLf = true;
  }
  const parts: Buffer[] = hasLf
    ? records.map((r) => {
        if (r.indexOf(10) < 0) return r;
        const pieces: Buffer[] = [];
        let from = 0;
        for (let nl = r.indexOf(10); nl >= 0; nl = r.indexOf(10, from)) {
          pieces.push(r.subarray(from, nl), ESCAPED_LF);
          from = nl + 1;
        }
        pieces.push(r.subarray(from));
        return Buffer.concat(pieces);
      })
    : (records as Buffer[]);
  if (hasLf) len = parts.reduce((n, r) => n + r.length + 1, 0);
  const out = Buffer.allocUnsafe(len);
  let pos = 0;
  for (const r of parts) {
    pos += r.copy(out, pos);
    out[pos++] = 10;
  }
  return out;
}

/** Cuts a body into slices that end on LF, for parallel parsing. */
function slices(body: Buffer, size: number): Buffer[] {
  if (body.length <= size) return [body];
  const out: Buffer[] = [];
  let from = 0;
  while (from < body.length) {
    let end = Math.min(body.length, from + size);
    if (end < body.length) {
      const nl = body.indexOf(10, end - 1);
      end = nl < 0 ? body.length : nl + 1;
    }
    out.push(body.subarray(from, end));
    from = end;
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class LivePipeline {
  readonly stats: LiveStats = {
    received: 0,
    accepted: 0,
    dropped: 0,
    committed: 0,
    events: 0,
    quarantined: 0,
    storeWrites: 0,
    storeMs: 0,
  };
  readonly limiter: DeviceRateLimiter;
  private readonly queue: Task[] = [];
  private wake: (() => void) | null = null;
  private readonly drainWaiters: (() => void)[] = [];
  private readonly behindListeners = new Set<(behind: boolean) => void>();
  private isBehind = false;
  private readonly cache = new Map<string, ResolvedDevice | null>();
  private cacheAt = 0;
  private readonly correlators = new Map<string, ReconCorrelator>();
  private stopping = false;
  private readonly writer: Promise<void>;
  private readonly now: () => number;
  private readonly maxBacklog: number;
  private readonly sink: GroupSink;
  /** Parse workers are unref'd: this keeps the process alive while batches are pending (replay, shutdown). */
  private readonly keepAlive = setInterval(() => undefined, 1 << 30);

  constructor(private readonly o: PipelineOptions) {
    this.now = o.now ?? Date.now;
    // 256 MiB of spooled-but-unstored records (kept in memory for parsing) absorbs a burst of
    // several seconds above the store's pace before UDP drops and TCP / HTTP push back.
    this.maxBacklog = o.maxBacklogBytes ?? 256 * 1024 * 1024;
    this.limiter = new DeviceRateLimiter(o.rate ?? { perSec: 0 });
    if (o.sink) this.sink = o.sink;
    else if (o.store) this.sink = storeSink(o.store, o.detection ?? null);
    else throw new Error('LivePipeline needs a store or a sink');
    o.spool.onDurable = (b, body) => this.enqueue(b, body);
    this.writer = this.writeLoop();
  }

  /** True while the store is behind the spool by more than the bound. */
  get behind(): boolean {
    return this.isBehind;
  }

  onBehindChange(fn: (behind: boolean) => void): () => void {
    this.behindListeners.add(fn);
    return () => this.behindListeners.delete(fn);
  }

  /** The device for a source, with a short cache so assignments take effect within seconds. */
  resolve(src: SourceIdentity): ResolvedDevice | null {
    const now = this.now();
    if (now - this.cacheAt > 2000 || this.cache.size > 10_000) {
      this.cache.clear();
      this.cacheAt = now;
    }
    const k = key(src);
    let d = this.cache.get(k);
    if (d === undefined) {
      d = this.o.directory.resolve(src);
      this.cache.set(k, d);
    }
    return d;
  }

  /**
   * Records from a syslog socket. Resolves once every accepted record is durable in
   * the spool. `dropWhenBehind` (UDP) refuses records while the pipeline is behind.
   */
  async accept(
    records: readonly Buffer[],
    src: { address: string; transport: Transport; tlsFingerprint?: string },
    opts: { dropWhenBehind?: boolean } = {},
  ): Promise<{ accepted: number; dropped: number }> {
    if (records.length === 0) return { accepted: 0, dropped: 0 };
    const now = this.now();
    this.stats.received += records.length;
    const byDevice = new Map<ResolvedDevice, Buffer[]>();
    const unassigned = new Map<string, Buffer[]>();
    // one lookup per host name in this call (a relay interleaves several devices)
    const byHost = new Map<string | null, ResolvedDevice | null>();
    for (const rec of records) {
      const host = syslogHostname(rec);
      let dev = byHost.get(host);
      if (dev === undefined) {
        dev = this.resolve({ address: src.address, hostname: host, tlsFingerprint: src.tlsFingerprint });
        byHost.set(host, dev);
      }
      if (dev) {
        let g = byDevice.get(dev);
        if (!g) byDevice.set(dev, (g = []));
        g.push(rec);
      } else {
        const h = host ?? '';
        let g = unassigned.get(h);
        if (!g) unassigned.set(h, (g = []));
        g.push(rec);
      }
    }
    let dropped = 0;
    for (const [host, recs] of unassigned) {
      count(src.transport, '', recs.length);
      const samples = recs.slice(0, 3).map((r) => r.toString('utf8', 0, Math.min(r.length, 2048)));
      this.o.directory.noteUnassigned({ address: src.address, hostname: host || null }, samples, now);
      drop(src.transport, '', 'unassigned', recs.length);
      dropped += recs.length;
    }
    const writes: Promise<unknown>[] = [];
    let accepted = 0;
    for (const [dev, recs] of byDevice) {
      count(src.transport, dev.id, recs.length);
      let keep = recs;
      if (!dev.enabled) {
        drop(src.transport, dev.id, 'disabled', recs.length);
        dropped += recs.length;
        continue;
      }
      if (opts.dropWhenBehind && this.isBehind) {
        drop(src.transport, dev.id, 'backlog', recs.length);
        dropped += recs.length;
        continue;
      }
      const granted = this.limiter.take(dev.id, recs.length, now);
      if (granted < recs.length) {
        drop(src.transport, dev.id, 'rate-limit', recs.length - granted);
        dropped += recs.length - granted;
        keep = recs.slice(0, granted);
      }
      if (keep.length === 0) continue;
      accepted += keep.length;
      writes.push(this.spoolRecords(dev, keep, src.transport, now));
    }
    this.stats.dropped += dropped;
    await Promise.all(writes);
    return { accepted, dropped };
  }

  /**
   * Records of one source address and syslog host name, already joined into a spool body
   * (one record per line, LFs inside records escaped: see joinRecords) — what the UDP
   * receiver thread hands over. Same checks as accept(), one device lookup for all.
   * Resolves once the accepted records are durable.
   */
  async acceptJoined(
    body: Buffer,
    records: number,
    src: { address: string; hostname: string | null; transport: Transport },
    opts: { dropWhenBehind?: boolean } = {},
  ): Promise<{ accepted: number; dropped: number }> {
    if (records === 0) return { accepted: 0, dropped: 0 };
    const now = this.now();
    this.stats.received += records;
    const dev = this.resolve({ address: src.address, hostname: src.hostname });
    const refuse = (device: string, reason: string, n: number): { accepted: number; dropped: number } => {
      drop(src.transport, device, reason, n);
      this.stats.dropped += n;
      return { accepted: records - n, dropped: n };
    };
    if (!dev) {
      count(src.transport, '', records);
      const samples: string[] = [];
      for (let from = 0; samples.length < 3 && from < body.length; ) {
        const nl = body.indexOf(10, from);
        const end = nl < 0 ? body.length : nl;
        samples.push(body.toString('utf8', from, Math.min(end, from + 2048)));
        from = end + 1;
      }
      this.o.directory.noteUnassigned({ address: src.address, hostname: src.hostname }, samples, now);
      return refuse('', 'unassigned', records);
    }
    count(src.transport, dev.id, records);
    if (!dev.enabled) return refuse(dev.id, 'disabled', records);
    if (opts.dropWhenBehind && this.isBehind) return refuse(dev.id, 'backlog', records);
    const granted = this.limiter.take(dev.id, records, now);
    let keep = body;
    if (granted < records) {
      if (granted === 0) return refuse(dev.id, 'rate-limit', records);
      let end = -1;
      for (let i = 0; i < granted; i++) end = body.indexOf(10, end + 1);
      keep = body.subarray(0, end + 1);
      refuse(dev.id, 'rate-limit', records - granted);
    }
    await this.spoolBody(dev, keep, granted, src.transport, now);
    return { accepted: granted, dropped: records - granted };
  }

  /** Records already attributed (HTTP: the token named the device). Resolves when durable. */
  spoolRecords(
    dev: ResolvedDevice,
    records: readonly Buffer[],
    transport: Transport,
    nowMs = this.now(),
  ): Promise<SpooledBatch> {
    return this.spoolBody(dev, joinRecords(records), records.length, transport, nowMs);
  }

  private async spoolBody(
    dev: ResolvedDevice,
    body: Buffer,
    records: number,
    transport: Transport,
    nowMs: number,
  ): Promise<SpooledBatch> {
    const b = await this.o.spool.append({
      device: dev.id,
      tenant: dev.tenant,
      source: transport,
      records,
      nowMs,
      profile: dev.profile,
      body,
    });
    this.stats.accepted += records;
    return b;
  }

  /**
   * Start-up: `batches` are what Spool.open found. Finds the watermark in the store,
   * marks what is stored, replays the rest and waits until it is stored.
   */
  async recover(
    batches: readonly SpooledBatch[],
  ): Promise<{ replayedBatches: number; replayedRecords: number; stored: number }> {
    let watermark = -1;
    for (let i = 0; i < batches.length; i += 1000) {
      const part = batches.slice(i, i + 1000);
      const got = await this.sink.committedBatches(part.map((b) => b.meta.id));
      part.forEach((b, j) => {
        if (got.has(b.meta.id)) watermark = i + j;
      });
    }
    for (let i = 0; i <= watermark; i++) this.o.spool.committed(batches[i]);
    let replayedRecords = 0;
    for (let i = watermark + 1; i < batches.length; i++) {
      const b = batches[i];
      replayedRecords += b.meta.records;
      this.enqueue(b, this.o.spool.readBody(b));
      // bounded memory: a long backlog is read back as the store takes it
      while (this.queuedBytes() > this.maxBacklog / 2) await this.waitDrain(true);
    }
    await this.drained();
    return { replayedBatches: batches.length - watermark - 1, replayedRecords, stored: watermark + 1 };
  }

  /** Resolves when everything spooled so far is in the store. */
  drained(): Promise<void> {
    return this.waitDrain(false);
  }

  /** Stops the writer after the queue is empty. */
  async close(): Promise<void> {
    await this.drained();
    this.stopping = true;
    this.wake?.();
    await this.writer;
    clearInterval(this.keepAlive);
  }

  private queuedBytes(): number {
    let n = 0;
    for (const t of this.queue) n += t.batch.bytes;
    return n;
  }

  private waitDrain(anyProgress: boolean): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (anyProgress || this.queue.length === 0) resolve();
        else this.drainWaiters.push(check);
      };
      this.drainWaiters.push(check);
    });
  }

  private enqueue(batch: SpooledBatch, body: Buffer): void {
    const t: Task = { batch, body, result: null, failed: false, ready: Promise.resolve() };
    t.ready = this.parse(t);
    this.queue.push(t);
    this.updateBehind();
    this.wake?.();
  }

  private async parse(t: Task): Promise<void> {
    const body = t.body as Buffer;
    const m = t.batch.meta;
    const opts = {
      spec: m.profile,
      nowMs: m.nowMs,
      useNowWhenMissing: true,
      rules: this.o.detection?.rulesDir,
    };
    try {
      const parts = await Promise.all(
        slices(body, this.o.parseSliceBytes ?? 1 << 20).map((s) => this.o.pool.run(s, opts)),
      );
      t.result = mergeResults(parts);
      t.failed = false;
    } catch (err) {
      t.failed = true;
      this.o.log?.(`parse of batch ${m.id} failed, will retry: ${(err as Error).message}`);
    }
  }

  private updateBehind(): void {
    const backlog = this.o.spool.backlogBytes;
    const next = this.isBehind ? backlog > this.maxBacklog / 2 : backlog > this.maxBacklog;
    if (next === this.isBehind) return;
    this.isBehind = next;
    for (const fn of this.behindListeners) fn(next);
  }

  private async writeLoop(): Promise<void> {
    // a sink that needs one spooled batch per group gets it: no row can join a first one
    const maxRows = this.sink.oneBatchPerGroup ? 0 : (this.o.maxGroupRows ?? 100_000);
    const maxDelay = this.o.maxGroupDelayMs ?? 250;
    for (;;) {
      if (this.queue.length === 0) {
        if (this.stopping) return;
        await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        continue;
      }
      const head = this.queue[0];
      await head.ready;
      if (head.failed) {
        await sleep(1000);
        head.ready = this.parse(head);
        continue;
      }
      // Gather: the parsed batches at the head of the queue, in order, until the group is
      // full, the gathering time is up, or someone waits for the queue to drain.
      const deadline = performance.now() + maxDelay;
      let group: Task[];
      for (;;) {
        group = [];
        let rows = 0;
        let full = false;
        for (const t of this.queue) {
          if (t.result === null) break;
          if (group.length > 0 && rows + t.result.records > maxRows) {
            full = true;
            break;
          }
          group.push(t);
          rows += t.result.records;
        }
        const left = deadline - performance.now();
        if (full || rows >= maxRows || left <= 0 || this.stopping || this.drainWaiters.length > 0) break;
        const next = this.queue[group.length];
        // a batch whose parse failed is retried once it heads the queue: write what we have
        if (next?.failed) break;
        // wait for the next batch to be parsed, a new batch, or the deadline
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, left);
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.wake = done;
          if (next) next.ready.then(done, done);
        });
        this.wake = null;
      }
      await this.commit(group);
      this.queue.splice(0, group.length);
      this.updateBehind();
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  private async commit(group: readonly Task[]): Promise<void> {
    const encoded: EncodedBatch[] = [];
    const quarantine: QuarantineRecord[] = [];
    const derived: NormalizedEvent[] = [];
    const detection = this.o.detection ?? null;
    const hits: RuleHit[] = [];
    for (const t of group) {
      const r = t.result as ChunkResult;
      encoded.push(r.batch);
      for (const q of r.quarantine) quarantine.push(q);
      for (const h of r.hits) hits.push(h);
      if (r.denies.length) {
        const m = t.batch.meta;
        let c = this.correlators.get(m.device);
        if (!c) this.correlators.set(m.device, (c = new ReconCorrelator()));
        for (const d of r.denies) {
          const ev = c.observe(denyEvent(d, m.profile));
          if (ev) derived.push(ev);
        }
      }
    }
    let derivedBatch: EncodedBatch | null = null;
    if (derived.length) {
      derivedBatch = encodeBatch(derived);
      if (detection !== null) detection.match(derived, hits);
    }
    const batch = mergeEncoded(encoded);
    const id = group[group.length - 1].batch.meta.id;
    const t0 = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        // hits reach the detection engine once the events are stored (the sink's rule)
        await this.sink.write({ id, batch, derived: derivedBatch, quarantine, hits });
        break;
      } catch (err) {
        // keep order: nothing after this group may be committed before it
        this.o.log?.(
          `store write of ${id} failed (attempt ${attempt + 1}), retrying: ${(err as Error).message}`,
        );
        await sleep(Math.min(5000, 250 * 2 ** attempt));
      }
    }
    this.stats.storeWrites++;
    this.stats.storeMs += performance.now() - t0;
    const now = this.now();
    for (const t of group) {
      const r = t.result as ChunkResult;
      const m = t.batch.meta;
      this.o.spool.committed(t.batch);
      this.stats.committed += r.records;
      this.stats.events += r.events;
      this.stats.quarantined += r.quarantine.length;
      if (r.events > 0) recordsParsed.inc({ source: m.source, device: m.device }, r.events);
      for (const q of r.quarantine)
        recordsQuarantined.inc({ source: m.source, device: m.device, reason: q.code });
      this.o.health?.noteSeen(m.device, { records: r.records, errors: r.quarantine.length }, now);
      t.body = null;
      t.result = null;
    }
  }
}
