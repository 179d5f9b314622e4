/**
 * The append-only spool: the acknowledgement point of live ingest. A batch is
 * acknowledged to its sender (HTTP 202, more TCP data read) only once it is written
 * and fdatasync'ed here; the store commit happens later and may be repeated after a
 * crash, made idempotent by the batch id.
 *
 * Group commit: appends that arrive while a write+sync is in flight are written
 * together by the next one, so one sync acknowledges many batches and batch latency
 * is bounded by roughly two sync times. Segments roll over at `segmentBytes` and are
 * deleted once every batch in them is committed to the store.
 */
import {
  closeSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writev,
} from 'node:fs';
import { join } from 'node:path';
import type { ProfileSpec } from '../parse/profile-spec.js';
import { type BatchMeta, encodeBatch, parseBatchId, scanSegment } from './batch-format.js';

export interface SpoolOptions {
  /** Roll over to a new segment file past this size (default 64 MiB). */
  segmentBytes?: number;
  /** Skip fdatasync (benchmarks of everything but the disk; never in production). */
  noSync?: boolean;
}

export interface SpoolInput {
  device: string;
  tenant: string;
  source: string;
  records: number;
  nowMs: number;
  profile: ProfileSpec;
  /** Records, each ending in LF. */
  body: Buffer;
}

export interface SpooledBatch {
  meta: BatchMeta;
  segment: number;
  /** Bytes on disk (header + meta + body). */
  bytes: number;
  /** Where the body is, for replay (recovered batches only). */
  bodyOffset: number;
  bodyLength: number;
}

interface Segment {
  no: number;
  path: string;
  /** Batches not yet committed to the store. */
  open: number;
  lastSeq: number;
}

interface Pending {
  input: SpoolInput;
  resolve: (b: SpooledBatch) => void;
  reject: (e: Error) => void;
}

const SEGMENT = /^(\d{12})\.spool$/;
const segName = (no: number): string => `${String(no).padStart(12, '0')}.spool`;

export interface SpoolRecovery {
  spool: Spool;
  /** Every intact batch found on disk, in order (committed or not: the caller asks the store). */
  batches: SpooledBatch[];
  /** Bytes cut off torn tails. */
  truncatedBytes: number;
}

export class Spool {
  private readonly segments = new Map<number, Segment>();
  private current: Segment | null = null;
  private fd = -1;
  private size = 0;
  private seq = 0;
  private pending: Pending[] = [];
  private flushing = false;
  private closed = false;
  private idle: (() => void)[] = [];
  /**
   * Called for each batch, in spool order, the moment it is durable (before its sender
   * is acknowledged): the pipeline queues it for parsing here so store commits follow
   * spool order.
   */
  onDurable: ((batch: SpooledBatch, body: Buffer) => void) | null = null;
  /** Spooled but not yet committed. */
  backlogBytes = 0;
  backlogBatches = 0;

  private constructor(
    private readonly dir: string,
    private nextSegment: number,
    private readonly opts: SpoolOptions,
  ) {}

  /** Opens the spool folder, cutting torn tails, and lists what is on disk. */
  static open(dir: string, opts: SpoolOptions = {}): SpoolRecovery {
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
    let truncatedBytes = 0;
    const batches: SpooledBatch[] = [];
    let maxNo = 0;
    const found: Segment[] = [];
    for (const name of names) {
      const no = Number((SEGMENT.exec(name) as RegExpExecArray)[1]);
      maxNo = Math.max(maxNo, no);
      const path = join(dir, name);
      const buf = readFileSync(path);
      const scan = scanSegment(buf);
      if (scan.validEnd < buf.length) {
        // a crash mid-write: what follows the last intact batch was never acknowledged
        truncatedBytes += buf.length - scan.validEnd;
        const fd = openSync(path, 'r+');
        ftruncateSync(fd, scan.validEnd);
        fsyncSync(fd);
        closeSync(fd);
      }
      if (scan.batches.length === 0) {
        rmSync(path, { force: true });
        continue;
      }
      const seg: Segment = { no, path, open: 0, lastSeq: 0 };
      for (const b of scan.batches) {
        batches.push({
          meta: b.meta,
          segment: no,
          bytes: b.end - b.start,
          bodyOffset: b.bodyOffset,
          bodyLength: b.bodyLength,
        });
        seg.open++;
        seg.lastSeq = parseBatchId(b.meta.id)[1];
      }
      found.push(seg);
    }
    const statePath = join(dir, 'next-segment');
    let next = maxNo + 1;
    try {
      next = Math.max(next, Number(readFileSync(statePath, 'utf8').trim()) || 0);
    } catch {
      // first start
    }
    const spool = new Spool(dir, next, opts);
    for (const s of found) spool.segments.set(s.no, s);
    for (const b of batches) {
      spool.backlogBytes += b.bytes;
      spool.backlogBatches++;
    }
    return { spool, batches, truncatedBytes };
  }

  /** Reads a recovered batch's records back. */
  readBody(b: SpooledBatch): Buffer {
    const seg = this.segments.get(b.segment);
    if (!seg) throw new Error(`spool segment ${b.segment} is gone`);
    const fd = openSync(seg.path, 'r');
    try {
      const out = Buffer.allocUnsafe(b.bodyLength);
      let got = 0;
      while (got < out.length) got += readSync(fd, out, got, out.length - got, b.bodyOffset + got);
      return out;
    } finally {
      closeSync(fd);
    }
  }

  /** Resolves once the batch is on disk and synced: the acknowledgement point. */
  append(input: SpoolInput): Promise<SpooledBatch> {
    if (this.closed) return Promise.reject(new Error('spool closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // let appends made in this turn of the event loop join the same sync
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * The store committed this batch. Batches are committed in spool order; a segment
   * whose batches are all committed is deleted (unless it is still being written).
   */
  committed(b: SpooledBatch): void {
    this.backlogBytes -= b.bytes;
    this.backlogBatches--;
    const seg = this.segments.get(b.segment);
    if (!seg) return;
    seg.open--;
    if (seg.open <= 0 && seg !== this.current) {
      this.segments.delete(seg.no);
      rmSync(seg.path, { force: true });
    }
  }

  /** Waits for pending appends to be synced, then closes the file. */
  async close(): Promise<void> {
    if (this.flushing || this.pending.length) await new Promise<void>((r) => this.idle.push(r));
    this.closed = true;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    const cur = this.current;
    this.current = null;
    if (cur && cur.open <= 0) {
      this.segments.delete(cur.no);
      rmSync(cur.path, { force: true });
    }
  }

  private openSegment(): void {
    if (this.fd >= 0) closeSync(this.fd);
    const prev = this.current;
    if (prev && prev.open <= 0) {
      this.segments.delete(prev.no);
      rmSync(prev.path, { force: true });
    }
    const no = this.nextSegment++;
    // the counter outlives deleted segments so a batch id is never reused
    const statePath = join(this.dir, 'next-segment');
    writeFileSync(statePath, String(this.nextSegment));
    const path = join(this.dir, segName(no));
    this.fd = openSync(path, 'a');
    this.size = fstatSync(this.fd).size;
    this.seq = 0;
    if (!this.opts.noSync) {
      const sfd = openSync(statePath, 'r');
      fsyncSync(sfd);
      closeSync(sfd);
      // the new file's directory entry must survive a crash too
      const dfd = openSync(this.dir, 'r');
      fsyncSync(dfd);
      closeSync(dfd);
    }
    this.current = { no, path, open: 0, lastSeq: 0 };
    this.segments.set(no, this.current);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      this.flushing = false;
      for (const r of this.idle.splice(0)) r();
      return;
    }
    const limit = this.opts.segmentBytes ?? 64 * 1024 * 1024;
    if (this.fd < 0 || this.size >= limit) this.openSegment();
    const seg = this.current as Segment;
    const bufs: Buffer[] = [];
    const done: SpooledBatch[] = [];
    for (const p of batch) {
      const meta: BatchMeta = {
        id: `${seg.no}-${++this.seq}`,
        device: p.input.device,
        tenant: p.input.tenant,
        source: p.input.source,
        records: p.input.records,
        nowMs: p.input.nowMs,
        profile: p.input.profile,
      };
      const parts = encodeBatch(meta, p.input.body);
      const bytes = parts[0].length + parts[1].length + parts[2].length;
      for (const x of parts) bufs.push(x);
      done.push({
        meta,
        segment: seg.no,
        bytes,
        bodyOffset: this.size + parts[0].length + parts[1].length,
        bodyLength: parts[2].length,
      });
      this.size += bytes;
      seg.open++;
      seg.lastSeq = this.seq;
    }
    const fd = this.fd;
    const fail = (err: Error): void => {
      // the file may now end in a partial batch: later batches go to a fresh segment
      this.size = Number.MAX_SAFE_INTEGER;
      seg.open -= batch.length;
      for (const p of batch) p.reject(err);
      this.flush();
    };
    writeAll(fd, bufs, (err) => {
      if (err) return fail(err);
      const ack = (): void => {
        for (let i = 0; i < batch.length; i++) {
          this.backlogBytes += done[i].bytes;
          this.backlogBatches++;
          this.onDurable?.(done[i], batch[i].input.body);
          batch[i].resolve(done[i]);
        }
        this.flush();
      };
      if (this.opts.noSync) return ack();
      fdatasync(fd, (e) => (e ? fail(e) : ack()));
    });
  }
}

/** writev until every byte is written (writev may write less than asked). */
function writeAll(fd: number, bufs: Buffer[], cb: (err: Error | null) => void): void {
  // IOV_MAX is 1024 on Linux
  const chunk = bufs.length > 1024 ? bufs.slice(0, 1024) : bufs;
  const rest = bufs.length > 1024 ? bufs.slice(1024) : [];
  const total = chunk.reduce((n, b) => n + b.length, 0);
  writev(fd, chunk, (err, written) => {
    if (err) return cb(err);
    if (written < total) {
      let skip = written;
      const left: Buffer[] = [];
      for (const b of chunk) {
        if (skip >= b.length) {
          skip -= b.length;
          continue;
        }
        left.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
      return writeAll(fd, [...left, ...rest], cb);
    }
    if (rest.length) return writeAll(fd, rest, cb);
    cb(null);
  });
}
