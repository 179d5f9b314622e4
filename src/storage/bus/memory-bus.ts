/**
 * The embedded ingest bus: a work queue in this process with JetStream's semantics, so
 * single-process mode and tests exercise the same code paths as scale-out mode —
 * at-least-once delivery, one group sharing the work, redelivery after a failure or an
 * abandoned delivery, and batch ids seen within the duplicate window dropped on publish.
 *
 * Not durable: "durably accepted" here means "in this process's memory"; a process
 * crash loses what was not yet handled, which is why single-process mode keeps its own
 * spool in front of the store instead.
 */
import {
  type BusBatch,
  type BusConsumeOptions,
  type BusConsumer,
  type BusHandler,
  type ConsumeSettings,
  checkBatchId,
  consumeSettings,
  DEFAULT_DUPLICATE_WINDOW_MS,
  type IngestBus,
} from './bus.js';

interface Entry {
  batch: BusBatch;
  deliveries: number;
  /** ready: waiting for a consumer; held: with a consumer; dead: maxDeliver reached. */
  state: 'ready' | 'held' | 'dead';
  /** Not delivered before this time (retry delay). */
  readyAt: number;
  holder: MemoryConsumer | null;
}

export interface MemoryBusOptions {
  duplicateWindowMs?: number;
  /** Injected clock for the duplicate window (tests). */
  now?: () => number;
}

class MemoryConsumer implements BusConsumer {
  inFlight = new Set<Promise<void>>();
  held = 0;
  stopped = false;
  abandoned = false;

  constructor(
    private readonly bus: MemoryBus,
    readonly handler: BusHandler,
    readonly s: ConsumeSettings,
  ) {}

  hasRoom(): boolean {
    return !this.stopped && this.held < this.s.concurrency;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
    this.bus.detach(this);
  }

  async abandon(): Promise<void> {
    this.stopped = true;
    this.abandoned = true;
    this.bus.abandonHeld(this);
    this.bus.detach(this);
  }
}

export class MemoryBus implements IngestBus {
  private readonly queue: Entry[] = [];
  /** batch id → first publish time (ms). */
  private readonly seen = new Map<string, number>();
  private readonly consumers: MemoryConsumer[] = [];
  private group: string | null = null;
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private closed = false;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: MemoryBusOptions = {}) {
    this.windowMs = opts.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
    this.now = opts.now ?? Date.now;
  }

  async publish(batch: BusBatch): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    checkBatchId(batch.id);
    const t = this.now();
    for (const [id, at] of this.seen) {
      if (t - at < this.windowMs) break; // insertion order = time order
      this.seen.delete(id);
    }
    if (this.seen.has(batch.id)) return;
    this.seen.set(batch.id, t);
    // A copy: the publisher may reuse its buffer once the publish resolved.
    const copy: BusBatch = { id: batch.id, payload: new Uint8Array(batch.payload) };
    if (batch.tenant !== undefined) copy.tenant = batch.tenant;
    this.queue.push({ batch: copy, deliveries: 0, state: 'ready', readyAt: 0, holder: null });
    this.pump();
  }

  async consume(group: string, handler: BusHandler, opts?: BusConsumeOptions): Promise<BusConsumer> {
    if (this.closed) throw new Error('bus is closed');
    if (this.group !== null && this.group !== group)
      throw new Error(`this bus serves the group "${this.group}" (a work queue has one group)`);
    this.group = group;
    const c = new MemoryConsumer(this, handler, consumeSettings(opts));
    this.consumers.push(c);
    this.pump();
    return c;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.consumers].map((c) => c.stop()));
  }

  /** Includes batches past maxDeliver (kept, as JetStream keeps them). */
  async backlog(): Promise<number> {
    return this.queue.length;
  }

  detach(c: MemoryConsumer): void {
    const i = this.consumers.indexOf(c);
    if (i >= 0) this.consumers.splice(i, 1);
  }

  /** A dead writer's batches come back after its ack wait, as on JetStream. */
  abandonHeld(c: MemoryConsumer): void {
    const at = Date.now() + c.s.ackWaitMs;
    for (const e of this.queue)
      if (e.holder === c) {
        e.state = 'ready';
        e.holder = null;
        e.readyAt = at;
      }
    this.schedule(c.s.ackWaitMs);
  }

  /** Hands ready batches to consumers with room, round robin (load sharing). */
  private pump(): void {
    if (this.closed) return;
    const t = Date.now();
    let wakeIn = Number.POSITIVE_INFINITY;
    for (const e of this.queue) {
      if (e.state !== 'ready') continue;
      if (e.readyAt > t) {
        wakeIn = Math.min(wakeIn, e.readyAt - t);
        continue;
      }
      const c = this.pick();
      if (!c) break;
      this.deliver(e, c);
    }
    if (wakeIn !== Number.POSITIVE_INFINITY) this.schedule(wakeIn);
  }

  /** Keeps the earliest wake-up; the pump it runs finds every later one again. */
  private schedule(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer) {
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
    this.timer.unref();
  }

  private pick(): MemoryConsumer | null {
    const n = this.consumers.length;
    for (let i = 0; i < n; i++) {
      const c = this.consumers[(this.next + i) % n];
      if (c.hasRoom()) {
        this.next = (this.next + i + 1) % n;
        return c;
      }
    }
    return null;
  }

  private deliver(e: Entry, c: MemoryConsumer): void {
    e.state = 'held';
    e.holder = c;
    e.deliveries++;
    c.held++;
    const delivery = {
      id: e.batch.id,
      tenant: e.batch.tenant ?? null,
      payload: e.batch.payload,
      deliveries: e.deliveries,
    };
    const run = (async () => {
      let err: unknown = null;
      let failed = false;
      try {
        await c.handler(delivery);
      } catch (x) {
        err = x;
        failed = true;
      }
      c.held--;
      // An abandoned writer's outcome never reaches the bus (it "crashed").
      if (c.abandoned || e.holder !== c) return;
      e.holder = null;
      if (!failed) {
        const i = this.queue.indexOf(e);
        if (i >= 0) this.queue.splice(i, 1);
      } else {
        const final = c.s.maxDeliver !== -1 && e.deliveries >= c.s.maxDeliver;
        c.s.onError(err, { id: e.batch.id, deliveries: e.deliveries, final });
        e.state = final ? 'dead' : 'ready';
        e.readyAt = Date.now() + c.s.retryDelayMs;
      }
    })();
    c.inFlight.add(run);
    void run.finally(() => {
      c.inFlight.delete(run);
      this.pump();
    });
  }
}
