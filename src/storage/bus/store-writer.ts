/**
 * The writer's handler: a bus delivery → the event store, idempotently. The batch id is
 * recorded in the same transaction as the events (`appendEncoded(…, { batchId })`), so a
 * batch delivered again after a writer died between the insert and the acknowledgement
 * is skipped, and acknowledging it then is what finally removes it from the bus.
 *
 * Quarantine rows are written just before their batch's events and only when the batch
 * is not yet committed: a crash between the two writes can repeat them on redelivery
 * (the live pipeline's rule: repeat, never lose).
 *
 * Gathering: with a store that writes several batches at once (`MultiBatchStore`, the
 * ClickHouse store) and a consumer that hands over several deliveries at a time
 * (`WRITER_CONCURRENCY`), the deliveries that arrive while a store write runs go into
 * the next write together — group commit, so no delay is added when the writer keeps
 * up, and a busy writer makes few big INSERTs instead of many small ones. Each batch
 * keeps its own id and marks; each delivery is acknowledged once its group is stored
 * and its hits forwarded. A failed group is handed back whole; its batches come back as
 * redeliveries, which are written one by one, so a batch the store refuses ends up
 * failing alone.
 */
import type { RuleHit } from '../../detect/model.js';
import type { EncodedBatch } from '../events/encode.js';
import type { EventStore, QuarantineRecord } from '../events/event-store.js';
import { BadBusPayloadError, decodeBusPayload } from './batch-codec.js';
import type { BusDelivery, BusHandler } from './bus.js';

export interface StoreWriteResult {
  id: string;
  /** false: the batch was already committed (a redelivery). */
  stored: boolean;
  rows: number;
}

/** A store that writes several batches in one go, each under its own id, each exactly once. */
export interface MultiBatchStore {
  /** Per item: false when the id was already committed. */
  appendEncodedBatches(items: readonly { batch: EncodedBatch; batchId: string }[]): Promise<boolean[]>;
}

/**
 * Deliveries a writer's consumer should hold at once so that gathering has something to
 * gather: a busy writer's groups come out at about this many batches. Bounded by the
 * bus: a message is up to its max payload (1 MiB on NATS by default), and NATS drops
 * what it cannot push to a client with more than 64 MiB in flight (a "slow consumer"),
 * to be redelivered only after the ack wait — 64 in hand did that on a busy machine.
 */
export const WRITER_CONCURRENCY = 32;

/** Event rows above which a gathered write takes no more batches (default of `gatherRows`). */
const GATHER_ROWS = 200_000;

export interface StoreHandlerOptions {
  onWritten?: (r: StoreWriteResult) => void;
  /**
   * Hands the batch's rule hits on once its events are stored (scale-out: to the
   * detector's bus), before the acknowledgement. Also on a redelivery of a batch already
   * stored: the writer may have died between the insert and this call; the hits bus
   * drops what it already holds by id.
   */
  forwardHits?: (batchId: string, hits: RuleHit[]) => Promise<void>;
  /** Most event rows in one gathered write (default 200 000); 0 turns gathering off. */
  gatherRows?: number;
}

interface Decoded {
  id: string;
  batch: EncodedBatch;
  quarantine: QuarantineRecord[];
  hits: RuleHit[];
}

interface Waiting extends Decoded {
  /** Written in a group of its own (a redelivery). */
  alone: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function canGather(store: EventStore): store is EventStore & MultiBatchStore {
  return typeof (store as Partial<MultiBatchStore>).appendEncodedBatches === 'function';
}

export function storeBatchHandler(
  store: EventStore,
  opts: StoreHandlerOptions | ((r: StoreWriteResult) => void) = {},
): BusHandler {
  const o: StoreHandlerOptions = typeof opts === 'function' ? { onWritten: opts } : opts;
  const { onWritten, forwardHits } = o;
  const gatherRows = o.gatherRows ?? GATHER_ROWS;
  const after = async (d: Decoded, stored: boolean): Promise<void> => {
    if (forwardHits && d.hits.length > 0) await forwardHits(d.id, d.hits);
    onWritten?.({ id: d.id, stored, rows: d.batch.rows });
  };

  if (!canGather(store) || gatherRows <= 0) {
    return async (msg: BusDelivery) => {
      const d = await decodeOrQuarantine(store, msg);
      if (d === null) return;
      let stored: boolean;
      // Checked on every delivery, not only redeliveries: a collector may publish a batch
      // again after the duplicate window (a long outage), and the bus then delivers it anew.
      if ((await store.committedBatches([d.id])).has(d.id)) stored = false;
      else {
        if (d.quarantine.length > 0) await store.appendQuarantine(d.quarantine);
        stored = await store.appendEncoded(d.batch, { batchId: d.id });
      }
      await after(d, stored);
    };
  }

  /** The group's events in one store write; true per batch stored now (false: it was already). */
  const storeGroup = async (group: readonly Decoded[]): Promise<boolean[]> => {
    // As above: committed ids are skipped (appendEncodedBatches skips them too; asking
    // first is needed only to keep their quarantine rows from being written again).
    let todo = group;
    if (group.some((d) => d.quarantine.length > 0)) {
      const committed = await store.committedBatches(group.map((d) => d.id));
      todo = group.filter((d) => !committed.has(d.id));
      const quarantine = todo.flatMap((d) => d.quarantine);
      if (quarantine.length > 0) await store.appendQuarantine(quarantine);
    }
    const stored = await store.appendEncodedBatches(todo.map((d) => ({ batch: d.batch, batchId: d.id })));
    const byBatch = new Map<Decoded, boolean>(todo.map((d, i) => [d, stored[i]]));
    return group.map((d) => byBatch.get(d) ?? false);
  };

  const queue: Waiting[] = [];
  let writing = false;
  const pump = (): void => {
    if (writing || queue.length === 0) return;
    writing = true;
    // A redelivered batch is written alone: if its group failed because of it (a batch
    // the store refuses), the others must not fail with it again. Retrying each batch of
    // a failed group alone at once would instead repeat an outage's timeout per batch.
    const group: Waiting[] = [queue.shift() as Waiting];
    let rows = group[0].batch.rows;
    if (!group[0].alone)
      while (queue.length > 0 && !queue[0].alone && rows + queue[0].batch.rows <= gatherRows) {
        const w = queue.shift() as Waiting;
        rows += w.batch.rows;
        group.push(w);
      }
    void (async () => {
      try {
        const stored = await storeGroup(group);
        // hits travel per batch: one that cannot be forwarded fails alone (its
        // redelivery finds it stored and forwards again)
        await Promise.all(
          group.map((w, i) =>
            after(w, stored[i]).then(
              () => w.resolve(),
              (e: unknown) => w.reject(e),
            ),
          ),
        );
      } catch (err) {
        for (const w of group) w.reject(err);
      } finally {
        writing = false;
        pump();
      }
    })();
  };

  return async (msg: BusDelivery) => {
    const d = await decodeOrQuarantine(store, msg);
    if (d === null) return;
    await new Promise<void>((resolve, reject) => {
      queue.push({ ...d, alone: msg.deliveries > 1, resolve, reject });
      pump();
    });
  };
}

/** Bytes of an undecodable message kept in its quarantine row (base64). */
const UNDECODABLE_KEEP = 4096;

/**
 * A message that is not an ingest batch (truncated, foreign, a checksum mismatch) would
 * fail on every delivery and never leave the bus. It is quarantined instead — counted
 * and kept for an operator with its first bytes — and acknowledged (null).
 */
async function decodeOrQuarantine(store: EventStore, msg: BusDelivery): Promise<Decoded | null> {
  try {
    return { id: msg.id, ...decodeBusPayload(msg.payload) };
  } catch (err) {
    if (!(err instanceof BadBusPayloadError)) throw err;
    const head = Buffer.from(
      msg.payload.buffer,
      msg.payload.byteOffset,
      Math.min(msg.payload.byteLength, UNDECODABLE_KEEP),
    );
    await store.appendQuarantine([
      {
        received: new Date().toISOString(),
        tenant: msg.tenant ?? '',
        device: null,
        format: null,
        code: err.code,
        message: `bus message ${msg.id} (${msg.payload.byteLength} bytes): ${err.message}`,
        raw: `base64:${head.toString('base64')}`,
      },
    ]);
    return null;
  }
}
