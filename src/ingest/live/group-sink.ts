/**
 * Where the live pipeline's writer puts a group of parsed batches: the event store in
 * one process (`storeSink`), or the ingest bus in scale-out mode (`busSink`, in
 * src/scale/bus-sink.ts) where writer processes store it.
 *
 * A sink's `write` resolves only once the group is durable at its destination; it
 * throws to have the group retried (the pipeline keeps spool order). `committedBatches`
 * is the recovery watermark: the pipeline replays every spooled batch after the newest
 * one the destination already holds.
 */
import type { DetectionEngine } from '../../detect/engine.js';
import type { RuleHit } from '../../detect/model.js';
import { type EncodedBatch, mergeBatches } from '../../storage/events/encode.js';
import type { EventStore, QuarantineRecord } from '../../storage/events/event-store.js';

export interface ParsedGroup {
  /** The group's last spooled batch id (unique for the destination). */
  id: string;
  /** The events parsed from the group's records. */
  batch: EncodedBatch;
  /**
   * Events the writer derived from them (port scans seen across deny records). They
   * depend on state this process keeps in memory, so a replay may derive others.
   */
  derived: EncodedBatch | null;
  quarantine: readonly QuarantineRecord[];
  /** Rule hits of the group's events, for the detection engine once they are stored. */
  hits: readonly RuleHit[];
}

export interface GroupSink {
  write(group: ParsedGroup): Promise<void>;
  /**
   * Every group is one spooled batch (ids must not depend on how batches were grouped,
   * which differs after a restart, when the destination cannot say what it holds).
   */
  readonly oneBatchPerGroup?: boolean;
  /** The ids (of `ids`) the destination already holds. */
  committedBatches(ids: readonly string[]): Promise<Set<string>>;
}

/**
 * The event store as the destination (single process). Quarantine rows go first and are
 * not written twice when only the event write is retried; hits reach the detection
 * engine after the write, so an alert never points at an event the store does not hold.
 */
export function storeSink(store: EventStore, detection: DetectionEngine | null): GroupSink {
  let quarantined: string | null = null;
  return {
    async write(g) {
      if (quarantined !== g.id) {
        await store.appendQuarantine(g.quarantine);
        quarantined = g.id;
      }
      await store.appendEncoded(g.derived ? mergeBatches([g.batch, g.derived]) : g.batch, { batchId: g.id });
      if (detection !== null) detection.observe(g.hits);
    },
    committedBatches: (ids) => store.committedBatches(ids),
  };
}
