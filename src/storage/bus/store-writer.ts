/**
 * The writer's handler: a bus delivery → the event store, idempotently. The batch id is
 * recorded in the same transaction as the events (`appendEncoded(…, { batchId })`), so a
 * batch delivered again after a writer died between the insert and the acknowledgement
 * is skipped, and acknowledging it then is what finally removes it from the bus.
 *
 * Quarantine rows are written just before their batch's events and only when the batch
 * is not yet committed: a crash between the two writes can repeat them on redelivery
 * (the live pipeline's rule: repeat, never lose).
 */
import type { RuleHit } from '../../detect/model.js';
import type { EventStore } from '../events/event-store.js';
import { decodeBusPayload } from './batch-codec.js';
import type { BusDelivery, BusHandler } from './bus.js';

export interface StoreWriteResult {
  id: string;
  /** false: the batch was already committed (a redelivery). */
  stored: boolean;
  rows: number;
}

export interface StoreHandlerOptions {
  onWritten?: (r: StoreWriteResult) => void;
  /**
   * Hands the batch's rule hits on once its events are stored (scale-out: to the
   * detector's bus), before the acknowledgement. Also on a redelivery of a batch already
   * stored: the writer may have died between the insert and this call; the hits bus
   * drops what it already holds by id.
   */
  forwardHits?: (batchId: string, hits: RuleHit[]) => Promise<void>;
}

export function storeBatchHandler(
  store: EventStore,
  opts: StoreHandlerOptions | ((r: StoreWriteResult) => void) = {},
): BusHandler {
  const { onWritten, forwardHits } =
    typeof opts === 'function' ? { onWritten: opts, forwardHits: undefined } : opts;
  return async (msg: BusDelivery) => {
    const { batch, quarantine, hits } = decodeBusPayload(msg.payload);
    let stored: boolean;
    // Checked on every delivery, not only redeliveries: a collector may publish a batch
    // again after the duplicate window (a long outage), and the bus then delivers it anew.
    if ((await store.committedBatches([msg.id])).has(msg.id)) stored = false;
    else {
      if (quarantine.length > 0) await store.appendQuarantine(quarantine);
      stored = await store.appendEncoded(batch, { batchId: msg.id });
    }
    if (forwardHits && hits.length > 0) await forwardHits(msg.id, hits);
    onWritten?.({ id: msg.id, stored, rows: batch.rows });
  };
}
