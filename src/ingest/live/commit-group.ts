import type { EncodedBatch, RollupRow } from '../../storage/events/encode.js';
import type { QuarantineRecord } from '../../storage/events/event-store.js';
import type { ChunkResult, DenyTuple } from '../parse/chunk-processor.js';

export function mergeResults(parts: readonly ChunkResult[]): ChunkResult {
  if (parts.length === 1) return parts[0];
  const csv: string[] = [];
  const rollup: RollupRow[] = [];
  const quarantine: QuarantineRecord[] = [];
  const denies: DenyTuple[] = [];
  const out: ChunkResult = {
    records: 0,
    events: 0,
    batch: { csv: '', rows: 0, rollup },
    quarantine,
    quarantineLines: [],
    categories: {},
    channels: {},
    formats: {},
    denies,
  };
  for (const p of parts) {
    out.records += p.records;
    out.events += p.events;
    csv.push(p.batch.csv);
    out.batch.rows += p.batch.rows;
    for (const r of p.batch.rollup) rollup.push(r);
    for (const q of p.quarantine) quarantine.push(q);
    for (const d of p.denies) denies.push(d);
    for (const [k, v] of Object.entries(p.formats)) out.formats[k] = (out.formats[k] ?? 0) + v;
  }
  out.batch.csv = csv.join('');
  return out;
}

export function mergeEncoded(parts: readonly EncodedBatch[]): EncodedBatch {
  if (parts.length === 1) return parts[0];
  const rollup: RollupRow[] = [];
  let rows = 0;
  for (const p of parts) {
    rows += p.rows;
    for (const r of p.rollup) rollup.push(r);
  }
  return { csv: parts.map((p) => p.csv).join(''), rows, rollup };
}
