/**
 * Cuts one parsed batch into bus messages no bigger than the bus allows (NATS refuses a
 * message over its max_payload, 1 MiB by default). The cut is deterministic — the same
 * batch gives the same parts — so a batch replayed from the spool after a crash is
 * published under the same part ids and the bus and writers drop what they already have.
 *
 * CSV rows are one line each (the encoder replaces CR / LF inside values), so the CSV is
 * cut at line ends. The rollup and top rows ride with the first part (they are sums over
 * the whole batch; each part is stored exactly once, so the sums stay exact). Quarantine
 * rows and rule hits fill parts up to the same limit, after the CSV.
 */
import type { RuleHit } from '../detect/model.js';
import type { EncodedBatch } from '../storage/events/encode.js';
import type { QuarantineRecord } from '../storage/events/event-store.js';

export interface BatchPart {
  batch: EncodedBatch;
  quarantine: QuarantineRecord[];
  hits: RuleHit[];
}

/** Room kept in each part for the frame header and the JSON of its meta. */
const META_ALLOWANCE = 1024;

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8') + 1;

export function splitBatch(
  batch: EncodedBatch,
  quarantine: readonly QuarantineRecord[],
  hits: readonly RuleHit[],
  maxBytes: number,
): BatchPart[] {
  const budget = maxBytes - META_ALLOWANCE;
  if (budget < 4096) throw new RangeError(`a bus message limit of ${maxBytes} bytes is too small`);
  const firstMeta = jsonBytes(batch.rollup) + jsonBytes(batch.top);
  const whole = firstMeta + batch.csv.length + jsonBytes(quarantine) + jsonBytes(hits);
  if (whole <= budget) return [{ batch, quarantine: [...quarantine], hits: [...hits] }];

  const parts: BatchPart[] = [];
  const csv = Buffer.from(batch.csv.buffer, batch.csv.byteOffset, batch.csv.byteLength);
  let from = 0;
  let room = budget - firstMeta;
  if (room < 4096) throw new RangeError('the rollup rows of one batch do not fit a bus message');
  const empty = (): EncodedBatch => ({ csv: new Uint8Array(0), rows: 0, rollup: [], top: [] });
  while (from < csv.length) {
    let end = Math.min(csv.length, from + room);
    if (end < csv.length) {
      const nl = csv.lastIndexOf(10, end - 1);
      if (nl < from) throw new RangeError(`one event row is larger than a bus message (${maxBytes} bytes)`);
      end = nl + 1;
    }
    const slice = csv.subarray(from, end);
    let rows = 0;
    for (let i = slice.indexOf(10); i >= 0; i = slice.indexOf(10, i + 1)) rows++;
    const first = parts.length === 0;
    parts.push({
      batch: { csv: slice, rows, rollup: first ? batch.rollup : [], top: first ? batch.top : [] },
      quarantine: [],
      hits: [],
    });
    from = end;
    room = budget;
  }
  if (parts.length === 0)
    parts.push({ batch: { ...empty(), rollup: batch.rollup, top: batch.top }, quarantine: [], hits: [] });
  // quarantine rows and hits: into the last part while it has room, then new parts
  let last = parts[parts.length - 1];
  let used = (last.batch.rollup.length ? firstMeta : 0) + last.batch.csv.length;
  const place = (size: number): BatchPart => {
    if (used + size > budget) {
      if (size > budget) throw new RangeError(`a quarantined record or hit is larger than a bus message`);
      last = { batch: empty(), quarantine: [], hits: [] };
      parts.push(last);
      used = 0;
    }
    used += size;
    return last;
  };
  for (const q of quarantine) place(jsonBytes(q)).quarantine.push(q);
  for (const h of hits) place(jsonBytes(h)).hits.push(h);
  const rows = parts.reduce((n, p) => n + p.batch.rows, 0);
  if (rows !== batch.rows) throw new Error(`split lost rows: ${rows} of ${batch.rows}`);
  return parts;
}
