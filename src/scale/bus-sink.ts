/**
 * The collector's end of the ingest bus: a parsed group of spooled batches is published
 * as one bus batch; the pipeline marks the spool committed only after the bus's publish
 * ack, so an acknowledged record is either still in the spool or durably on the bus.
 *
 * Bus batch ids are `<node id>.<spool batch id>`: spool ids are unique only within one
 * collector's data folder, and the node id (DATA/node-id) keeps them apart and stable
 * across restarts, so a group replayed after a crash carries the id it had.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupSink } from '../ingest/live/group-sink.js';
import { encodeBusPayload } from '../storage/bus/batch-codec.js';
import type { IngestBus } from '../storage/bus/bus.js';
import { splitBatch } from './split-batch.js';

/** NATS's default max_payload, when the bus does not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

const NODE_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** This data folder's node id, made on first use. */
export function loadOrCreateNodeId(dataDir: string): string {
  const file = join(dataDir, 'node-id');
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (!NODE_ID.test(id)) throw new Error(`${file} does not hold a node id (1-40 of [A-Za-z0-9_-])`);
    return id;
  }
  const id = `n${randomBytes(6).toString('hex')}`;
  writeFileSync(file, `${id}\n`, { mode: 0o644 });
  return id;
}

export function busSink(bus: IngestBus, nodeId: string): GroupSink {
  if (!NODE_ID.test(nodeId)) throw new Error(`not a node id: ${nodeId}`);
  const limit = bus.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD;
  return {
    // ids must be the spooled batch's own: after a crash the destination cannot say
    // which groups it holds, and a replay groups batches differently
    oneBatchPerGroup: true,
    async write(g) {
      const base = `${nodeId}.${g.id}`;
      const parts = splitBatch(g.batch, g.quarantine, g.hits, limit).map((p, k, all) => ({
        id: all.length === 1 ? base : `${base}.p${k}`,
        payload: encodeBusPayload(p.batch, p.quarantine, p.hits),
      }));
      // derived events vary across a replay: their own part, so the others keep their ids
      if (g.derived)
        for (const [k, p] of splitBatch(g.derived, [], [], limit).entries())
          parts.push({ id: `${base}.d${k}`, payload: encodeBusPayload(p.batch) });
      await Promise.all(parts.map((p) => bus.publish(p)));
    },
    // The bus keeps no record a collector can ask cheaply: every batch still spooled is
    // published again. Within the duplicate window the bus drops it by id; after it,
    // the writers find the id among the store's committed batches and skip it.
    committedBatches: async () => new Set<string>(),
  };
}
