/**
 * In-memory sliding-window limiter for login attempts (per client address, per login).
 * Per process: with several API processes an attacker gets that many windows, which the
 * lock-out persisted on the user still bounds.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Bounds memory under a flood of distinct keys (random logins). */
    private readonly maxKeys = 50_000,
  ) {}

  /**
   * Counts one attempt for `key`. Returns null when allowed, or the milliseconds until
   * the oldest attempt leaves the window when the limit is reached (nothing is counted then).
   */
  take(key: string, now: number): number | null {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return recent[0] + this.windowMs - now;
    }
    recent.push(now);
    this.hits.delete(key); // re-insert so Map order is least-recently-used first
    this.hits.set(key, recent);
    this.evict();
    return null;
  }

  /** Gives back the latest attempt (a successful login is not an attack). */
  refund(key: string): void {
    const list = this.hits.get(key);
    if (!list) return;
    list.pop();
    if (list.length === 0) this.hits.delete(key);
  }

  private evict(): void {
    while (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest === undefined) return;
      this.hits.delete(oldest);
    }
  }
}
