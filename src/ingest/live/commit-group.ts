import type { RuleHit } from '../../detect/model.js';
import { type EncodedBatch, mergeBatches } from '../../storage/events/encode.js';
import type { QuarantineRecord } from '../../storage/events/event-store.js';
import type { ChunkResult, DenyTuple } from '../parse/chunk-processor.js';

export function mergeResults(parts: readonly ChunkResult[]): ChunkResult {
  if (parts.length === 1) return parts[0];
  const quarantine: QuarantineRecord[] = [];
  const denies: DenyTuple[] = [];
  const hits: RuleHit[] = [];
  const out: ChunkResult = {
    records: 0,
    events: 0,
    batch: mergeBatches(parts.map((p) => p.batch)),
    quarantine,
    quarantineLines: [],
    categories: {},
    channels: {},
    formats: {},
    denies,
    hits,
  };
  for (const p of parts) {
    out.records += p.records;
    out.events += p.events;
    for (const q of p.quarantine) quarantine.push(q);
    for (const d of p.denies) denies.push(d);
    for (const h of p.hits) hits.push(h);
    for (const [k, v] of Object.entries(p.formats)) out.formats[k] = (out.formats[k] ?? 0) + v;
  }
  return out;
}

export function mergeEncoded(parts: readonly EncodedBatch[]): EncodedBatch {
  return mergeBatches(parts);
}
