/**
 * On-disk form of one spooled batch. A segment file is a sequence of:
 *
 *   magic "OSP1" | u32 meta length | u32 body length | u32 CRC-32 of meta+body | meta | body
 *
 * meta is JSON (batch id, device, tenant, source, record count, receive time); body is
 * the raw records, each ending in LF. The CRC and the lengths let start-up tell a
 * complete batch from a torn tail (a crash in the middle of a write), which is cut off.
 */
import { crc32 } from 'node:zlib';
import type { ProfileSpec } from '../parse/profile-spec.js';

export const MAGIC = 0x3150534f; // "OSP1" little-endian
export const HEADER_BYTES = 16;

export interface BatchMeta {
  /** `<segment>-<seq>`: unique for the life of the data folder, ordered. */
  id: string;
  device: string;
  tenant: string;
  /** udp | tcp | tls | http */
  source: string;
  records: number;
  /** Receive time: records without a timestamp get this one, also on replay. */
  nowMs: number;
  /** The device profile at receive time, so a replay parses exactly as the first run would. */
  profile: ProfileSpec;
}

export function encodeBatch(meta: BatchMeta, body: Buffer): Buffer[] {
  const m = Buffer.from(JSON.stringify(meta));
  const h = Buffer.allocUnsafe(HEADER_BYTES);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt32LE(m.length, 4);
  h.writeUInt32LE(body.length, 8);
  h.writeUInt32LE(crc32(body, crc32(m)), 12);
  return [h, m, body];
}

export interface ScannedBatch {
  meta: BatchMeta;
  /** Offset of the batch header. */
  start: number;
  /** Offset of the body in the segment file. */
  bodyOffset: number;
  bodyLength: number;
  /** Offset just past the batch. */
  end: number;
}

/**
 * Reads the batches of a segment held in `buf`. Stops at the first incomplete or
 * corrupt batch and reports where the valid part ends (`validEnd`).
 */
export function scanSegment(buf: Buffer): { batches: ScannedBatch[]; validEnd: number } {
  const batches: ScannedBatch[] = [];
  let pos = 0;
  while (pos + HEADER_BYTES <= buf.length) {
    if (buf.readUInt32LE(pos) !== MAGIC) break;
    const metaLen = buf.readUInt32LE(pos + 4);
    const bodyLen = buf.readUInt32LE(pos + 8);
    const crc = buf.readUInt32LE(pos + 12);
    const metaStart = pos + HEADER_BYTES;
    const bodyStart = metaStart + metaLen;
    const end = bodyStart + bodyLen;
    if (end > buf.length) break;
    const m = buf.subarray(metaStart, bodyStart);
    const body = buf.subarray(bodyStart, end);
    if (crc32(body, crc32(m)) !== crc) break;
    let meta: BatchMeta;
    try {
      meta = JSON.parse(m.toString('utf8')) as BatchMeta;
    } catch {
      break;
    }
    batches.push({ meta, start: pos, bodyOffset: bodyStart, bodyLength: bodyLen, end });
    pos = end;
  }
  return { batches, validEnd: pos };
}

/** Orders batch ids `<segment>-<seq>` (both decimal). */
export function parseBatchId(id: string): [segment: number, seq: number] {
  const dash = id.indexOf('-');
  return [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}

export function compareBatchIds(a: string, b: string): number {
  const [sa, qa] = parseBatchId(a);
  const [sb, qb] = parseBatchId(b);
  return sa - sb || qa - qb;
}
