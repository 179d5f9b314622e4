/**
 * Per-device token buckets (records per second). A device that floods — a logging
 * loop, a misconfigured debug level — must not starve the other companies' devices;
 * what it sends beyond its budget is dropped and counted (reason `rate-limit`).
 */
export interface RateLimit {
  /** Sustained records per second; 0 = unlimited. */
  perSec: number;
  /** Bucket size: records accepted in a burst (default 2 s worth). */
  burst?: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class DeviceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  private bucket(device: string, nowMs: number): Bucket | null {
    if (this.limit.perSec <= 0) return null;
    const cap = this.limit.burst ?? this.limit.perSec * 2;
    let b = this.buckets.get(device);
    if (!b) {
      b = { tokens: cap, atMs: nowMs };
      this.buckets.set(device, b);
    }
    b.tokens = Math.min(cap, b.tokens + ((nowMs - b.atMs) * this.limit.perSec) / 1000);
    b.atMs = nowMs;
    return b;
  }

  /** Takes up to `n` tokens; returns how many records may pass. */
  take(device: string, n: number, nowMs: number): number {
    const b = this.bucket(device, nowMs);
    if (!b) return n;
    const granted = Math.min(n, Math.floor(b.tokens));
    b.tokens -= granted;
    return granted;
  }

  /** All or nothing (HTTP: the client retries the whole request). Returns ms to wait, 0 when taken. */
  takeAll(device: string, n: number, nowMs: number): number {
    const b = this.bucket(device, nowMs);
    if (!b) return 0;
    const cap = this.limit.burst ?? this.limit.perSec * 2;
    if (n <= b.tokens) {
      b.tokens -= n;
      return 0;
    }
    // a request bigger than the bucket can never pass whole: let it through on a full bucket
    if (n > cap && b.tokens >= cap) {
      b.tokens -= n;
      return 0;
    }
    return Math.ceil(((Math.min(n, cap) - b.tokens) * 1000) / this.limit.perSec);
  }
}
