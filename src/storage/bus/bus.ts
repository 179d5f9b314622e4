/**
 * The ingest bus between collectors and writers (scale-out mode, SPEC §2).
 *
 * A collector publishes one batch per message; `publish` resolves only when the bus has
 * the batch durably (JetStream's publish ack), so the collector may then drop it from its
 * spool. Writers share the work as one group: each batch goes to one writer, which stores
 * it and only then acknowledges it. A batch a writer fails (handler throws) or never
 * acknowledges (the writer died) is delivered again, so delivery is at-least-once and the
 * batch id makes the store write idempotent (`EventStore.appendEncoded(…, { batchId })`).
 *
 * Backends: `MemoryBus` (in-process: tests, single-process mode) and `NatsBus`
 * (NATS JetStream). Both pass bus.contract.case.ts.
 */

/** What a collector publishes: an opaque payload (see batch-codec.ts) under a batch id. */
export interface BusBatch {
  /** Unique per batch and stable across retries: the de-duplication and idempotence key. */
  id: string;
  /** Routing and observability only (the payload carries each event's tenant). */
  tenant?: string;
  payload: Uint8Array;
}

/** One delivery of a batch to a writer. */
export interface BusDelivery {
  id: string;
  tenant: string | null;
  payload: Uint8Array;
  /** 1 on first delivery, higher on redelivery. */
  deliveries: number;
}

/**
 * Stores the batch. Resolving acknowledges it (removed from the bus); throwing hands it
 * back for redelivery after `retryDelayMs`.
 */
export type BusHandler = (msg: BusDelivery) => Promise<void>;

export interface BusConsumeOptions {
  /**
   * A delivery not acknowledged within this time goes to another writer (the writer is
   * presumed dead). Live handlers keep extending it, so a slow insert is not redelivered.
   * Default 30 s.
   */
  ackWaitMs?: number;
  /** Delay before a failed batch is delivered again. Default 1 s. */
  retryDelayMs?: number;
  /**
   * Deliveries after which a failing batch is no longer retried (it stays on the bus,
   * unacknowledged, for an operator). Default unlimited: a database outage must not
   * lose data, the retry delay keeps the writers from spinning.
   */
  maxDeliver?: number;
  /** Batches this consumer handles at once. Default 1. */
  concurrency?: number;
  /** Called for every failed handler run (`final`: maxDeliver reached, no more retries). */
  onError?: (err: unknown, msg: { id: string; deliveries: number; final: boolean }) => void;
}

export interface BusConsumer {
  /**
   * Graceful stop: takes no new batches, waits for the handlers running now to finish
   * (and acknowledge or hand back their batches).
   */
  stop(): Promise<void>;
  /**
   * Stops as a crashed writer would: batches in hand are neither acknowledged nor handed
   * back (their handlers' results are ignored) and return to the group after `ackWaitMs`.
   * For fault tests.
   */
  abandon(): Promise<void>;
}

export interface IngestBus {
  /** Largest message the bus takes (NATS: the server's max_payload); absent = no limit. */
  readonly maxPayloadBytes?: number;
  /** Resolves once the bus holds the batch durably; a batch id seen within the duplicate window is accepted and dropped. */
  publish(batch: BusBatch): Promise<void>;
  /**
   * Joins the writer group `group` (work queue: each batch goes to one member). A bus
   * serves a single group; resolves once the consumer is receiving.
   */
  consume(group: string, handler: BusHandler, opts?: BusConsumeOptions): Promise<BusConsumer>;
  /** Batches on the bus not yet acknowledged by the group (the writers' backlog). */
  backlog(): Promise<number>;
  /** Stops every consumer of this bus (gracefully) and releases the connection. */
  close(): Promise<void>;
}

export class InvalidBatchIdError extends Error {
  readonly code = 'invalid-batch-id';
  constructor(id: string) {
    super(`batch id ${JSON.stringify(id.slice(0, 40))} is not 1-200 of [A-Za-z0-9._:-]`);
    this.name = 'InvalidBatchIdError';
  }
}

const BATCH_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** Ids travel in message headers and subjects of logs: keep them plain. */
export function checkBatchId(id: string): void {
  if (!BATCH_ID.test(id)) throw new InvalidBatchIdError(id);
}

/** Default duplicate window (JetStream's own default). */
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

/** Resolved consume options (shared by the backends). */
export interface ConsumeSettings {
  ackWaitMs: number;
  retryDelayMs: number;
  maxDeliver: number;
  concurrency: number;
  onError: NonNullable<BusConsumeOptions['onError']>;
}

export function consumeSettings(opts: BusConsumeOptions = {}): ConsumeSettings {
  const s: ConsumeSettings = {
    ackWaitMs: opts.ackWaitMs ?? 30_000,
    retryDelayMs: opts.retryDelayMs ?? 1_000,
    maxDeliver: opts.maxDeliver ?? -1,
    concurrency: opts.concurrency ?? 1,
    onError: opts.onError ?? (() => undefined),
  };
  if (!(s.ackWaitMs >= 100)) throw new RangeError('ackWaitMs must be at least 100');
  if (!(s.retryDelayMs >= 0)) throw new RangeError('retryDelayMs must be 0 or more');
  if (!(s.maxDeliver === -1 || (Number.isInteger(s.maxDeliver) && s.maxDeliver >= 1)))
    throw new RangeError('maxDeliver must be -1 (unlimited) or a positive integer');
  if (!(Number.isInteger(s.concurrency) && s.concurrency >= 1))
    throw new RangeError('concurrency must be a positive integer');
  return s;
}

/** A tenant as one subject token: plain ids as they are, anything else base64url-encoded. */
export function subjectToken(tenant: string | undefined): string {
  if (tenant === undefined || tenant === '') return '_';
  return /^[A-Za-z0-9_-]{1,64}$/.test(tenant) && tenant !== '_'
    ? tenant
    : `~${Buffer.from(tenant, 'utf8').toString('base64url')}`;
}
