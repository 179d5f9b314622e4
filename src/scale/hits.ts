/**
 * Rule hits between the writers and the detector. Correlation (thresholds, windows,
 * suppression) keeps state per (tenant, rule, group); with several writers each would
 * see a part of a company's hits, so writers forward the hits of every batch they have
 * stored to one stream, and the detector — one per deployment, in the scheduler role —
 * keeps that state for all of them.
 */
import type { DetectionEngine } from '../detect/engine.js';
import type { RuleHit } from '../detect/model.js';
import type { BusDelivery, BusHandler, IngestBus } from '../storage/bus/bus.js';

export function encodeHits(hits: readonly RuleHit[]): Uint8Array {
  return Buffer.from(JSON.stringify(hits), 'utf8');
}

export function decodeHits(payload: Uint8Array): RuleHit[] {
  const v: unknown = JSON.parse(
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
  );
  if (!Array.isArray(v)) throw new Error('a hits message holds a JSON array');
  return v as RuleHit[];
}

/** The writer's forwardHits: one hits message per stored batch, under the batch's id. */
export function forwardHitsTo(bus: IngestBus): (batchId: string, hits: RuleHit[]) => Promise<void> {
  return (batchId, hits) => bus.publish({ id: `${batchId}.hits`, payload: encodeHits(hits) });
}

/**
 * The detector's handler. A hits message delivered twice (the detector died before its
 * acknowledgement) may count its hits twice in a window; the alert sink then finds the
 * window already covered by the alert and adds nothing.
 */
export function detectorHandler(detection: DetectionEngine): BusHandler {
  return async (msg: BusDelivery) => {
    detection.observe(decodeHits(msg.payload));
  };
}
