/**
 * In-memory accumulation of what the receivers report (records seen per device,
 * records from unknown sources), drained to the database by the registry's flush.
 * Both calls are on the ingest path, so they only touch Maps.
 */
import type { UnassignedSource } from './model.js';

export const BUCKET_MS = 5 * 60_000;
export const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 2_048;
/** Bounds memory when spoofed UDP floods us with made-up source addresses. */
const MAX_UNASSIGNED = 10_000;

export interface PendingTraffic {
  tenant: string;
  lastSeenAt: number;
  buckets: Map<number, { records: number; errors: number }>;
}

export class ActivityBuffer {
  private traffic = new Map<string, PendingTraffic>();
  private unassigned = new Map<string, UnassignedSource>();
  /** Unknown sources not tracked because the table was full. */
  overflow = 0;

  noteSeen(device: string, tenant: string, records: number, errors: number, nowMs: number): void {
    let p = this.traffic.get(device);
    if (!p) this.traffic.set(device, (p = { tenant, lastSeenAt: nowMs, buckets: new Map() }));
    if (nowMs > p.lastSeenAt) p.lastSeenAt = nowMs;
    const bucket = nowMs - (nowMs % BUCKET_MS);
    const b = p.buckets.get(bucket);
    if (b) {
      b.records += records;
      b.errors += errors;
    } else {
      p.buckets.set(bucket, { records, errors });
    }
  }

  noteUnassigned(address: string, hostname: string | null, lines: readonly string[], nowMs: number): void {
    let u = this.unassigned.get(address);
    if (!u) {
      if (this.unassigned.size >= MAX_UNASSIGNED) {
        this.overflow += lines.length;
        return;
      }
      u = { address, hostname, firstSeenAt: nowMs, lastSeenAt: nowMs, count: 0, samples: [] };
      this.unassigned.set(address, u);
    }
    u.count += lines.length;
    if (nowMs > u.lastSeenAt) u.lastSeenAt = nowMs;
    if (hostname !== null) u.hostname = hostname;
    // Keep the most recent lines: they show what the device sends now.
    const from = Math.max(0, lines.length - MAX_SAMPLES);
    for (let i = from; i < lines.length; i++) {
      u.samples.push(lines[i].length > MAX_SAMPLE_CHARS ? lines[i].slice(0, MAX_SAMPLE_CHARS) : lines[i]);
    }
    if (u.samples.length > MAX_SAMPLES) u.samples.splice(0, u.samples.length - MAX_SAMPLES);
  }

  forgetUnassigned(address: string): void {
    this.unassigned.delete(address);
  }

  get isEmpty(): boolean {
    return this.traffic.size === 0 && this.unassigned.size === 0;
  }

  /** Takes everything accumulated so far; new notes start fresh maps. */
  drain(): { traffic: Map<string, PendingTraffic>; unassigned: Map<string, UnassignedSource> } {
    const out = { traffic: this.traffic, unassigned: this.unassigned };
    this.traffic = new Map();
    this.unassigned = new Map();
    return out;
  }

  /** Puts back what a failed flush could not write, so nothing is lost on a transient error. */
  restore(d: { traffic: Map<string, PendingTraffic>; unassigned: Map<string, UnassignedSource> }): void {
    for (const [id, p] of d.traffic) {
      let cur = this.traffic.get(id);
      if (!cur)
        this.traffic.set(id, (cur = { tenant: p.tenant, lastSeenAt: p.lastSeenAt, buckets: new Map() }));
      if (p.lastSeenAt > cur.lastSeenAt) cur.lastSeenAt = p.lastSeenAt;
      for (const [bucket, b] of p.buckets) {
        const have = cur.buckets.get(bucket);
        if (have) {
          have.records += b.records;
          have.errors += b.errors;
        } else {
          cur.buckets.set(bucket, { ...b });
        }
      }
    }
    for (const [addr, u] of d.unassigned) {
      const cur = this.unassigned.get(addr);
      if (!cur) this.unassigned.set(addr, u);
      else {
        cur.count += u.count;
        cur.firstSeenAt = Math.min(cur.firstSeenAt, u.firstSeenAt);
        cur.samples = [...u.samples, ...cur.samples].slice(-MAX_SAMPLES);
      }
    }
  }
}

/** Merges samples already stored with new ones, newest last, at most MAX_SAMPLES. */
export function mergeSamples(stored: readonly string[], fresh: readonly string[]): string[] {
  return [...stored, ...fresh].slice(-MAX_SAMPLES);
}
