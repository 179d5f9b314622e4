/**
 * The bus payload: a batch the collector already parsed, classified and encoded
 * (`EncodedBatch`) plus the records it quarantined. Collectors do the CPU work; a writer
 * only decodes the frame and hands the CSV to the store, as the single-process writer
 * does. (The spool's raw-record format would move parsing onto the writers, which are
 * the part that does not scale out: the database is behind them.)
 *
 *   magic "OBB1" | u32 meta length | u32 CRC-32 of meta+csv | meta (JSON) | csv
 *
 * meta: { rows, rollup, top, quarantine, hits? }. The CRC catches a truncated or foreign
 * message before anything reaches the store.
 */
import { crc32 } from 'node:zlib';
import type { RuleHit } from '../../detect/model.js';
import type { EncodedBatch, RollupRow, TopRow } from '../events/encode.js';
import type { QuarantineRecord } from '../events/event-store.js';

const MAGIC = 0x3142424f; // "OBB1" little-endian
const HEADER_BYTES = 12;

export interface BusPayload {
  batch: EncodedBatch;
  quarantine: QuarantineRecord[];
  /** The batch's rule hits, for the detection engine once the writer has stored it. */
  hits: RuleHit[];
}

interface Meta {
  rows: number;
  rollup: RollupRow[];
  top: TopRow[];
  quarantine: QuarantineRecord[];
  /** Absent in frames of collectors without detection. */
  hits?: RuleHit[];
}

export class BadBusPayloadError extends Error {
  readonly code = 'bad-bus-payload';
  constructor(reason: string) {
    super(`not an ingest batch: ${reason}`);
    this.name = 'BadBusPayloadError';
  }
}

/**
 * CRC-32 of meta then csv. An empty CSV (a batch whose every record was quarantined) adds
 * nothing: zlib's crc32 answers 0 for a view with no memory behind it, whatever the
 * running value, and whether an empty view has memory depends on how it was made — the
 * writer's view into the message always has, the collector's CSV may not, and the batch
 * would be refused on every delivery.
 */
function frameCrc(meta: Uint8Array, csv: Uint8Array): number {
  const c = crc32(meta);
  return csv.length > 0 ? crc32(csv, c) : c;
}

export function encodeBusPayload(
  batch: EncodedBatch,
  quarantine: readonly QuarantineRecord[] = [],
  hits: readonly RuleHit[] = [],
): Uint8Array {
  const meta: Meta = { rows: batch.rows, rollup: batch.rollup, top: batch.top, quarantine: [...quarantine] };
  if (hits.length > 0) meta.hits = [...hits];
  const m = Buffer.from(JSON.stringify(meta), 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + m.length + batch.csv.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(m.length, 4);
  out.writeUInt32LE(frameCrc(m, batch.csv), 8);
  m.copy(out, HEADER_BYTES);
  out.set(batch.csv, HEADER_BYTES + m.length);
  return out;
}

export function decodeBusPayload(bytes: Uint8Array): BusPayload {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_BYTES || buf.readUInt32LE(0) !== MAGIC)
    throw new BadBusPayloadError('no OBB1 header');
  const metaLen = buf.readUInt32LE(4);
  if (HEADER_BYTES + metaLen > buf.length) throw new BadBusPayloadError('truncated');
  const m = buf.subarray(HEADER_BYTES, HEADER_BYTES + metaLen);
  const csv = buf.subarray(HEADER_BYTES + metaLen);
  if (frameCrc(m, csv) !== buf.readUInt32LE(8)) throw new BadBusPayloadError('checksum mismatch');
  let meta: Meta;
  try {
    meta = JSON.parse(m.toString('utf8')) as Meta;
  } catch {
    throw new BadBusPayloadError('meta is not JSON');
  }
  if (
    !Number.isSafeInteger(meta.rows) ||
    !Array.isArray(meta.rollup) ||
    !Array.isArray(meta.top) ||
    !Array.isArray(meta.quarantine) ||
    (meta.hits !== undefined && !Array.isArray(meta.hits))
  )
    throw new BadBusPayloadError('meta fields missing');
  // A copy of its own: the store may keep the CSV past the message's buffer.
  return {
    batch: { csv: new Uint8Array(csv), rows: meta.rows, rollup: meta.rollup, top: meta.top },
    quarantine: meta.quarantine,
    hits: meta.hits ?? [],
  };
}
