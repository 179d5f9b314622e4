/**
 * A chunk of raw bytes (whole lines) → encoded events, quarantine rows and counters.
 * Runs inside parse workers; also callable in-thread (tests, small live batches).
 */
import type { RuleHit } from '../../detect/model.js';
import { matcherForDir } from '../../detect/pack-cache.js';
import { eventWith, type NormalizedEvent } from '../../event/event.js';
import { BatchEncoder, type EncodedBatch } from '../../storage/events/encode.js';
import type { QuarantineRecord } from '../../storage/events/event-store.js';
import { processRecord } from '../record.js';
import { decodeChunk } from '../sources/line-decode.js';
import { type ProfileSpec, profileFromSpec } from './profile-spec.js';

/** Inbound block/drop traffic, reduced to what scan correlation needs. */
export type DenyTuple = [
  tsMs: number,
  src: string,
  dst: string | null,
  dport: number | null,
  proto: string | null,
  vendor: string,
];

export interface ChunkResult {
  records: number;
  events: number;
  batch: EncodedBatch;
  quarantine: QuarantineRecord[];
  /** Line index (within the chunk) of each quarantine row. */
  quarantineLines: number[];
  /** Events per category ('' = none). */
  categories: Record<string, number>;
  /** Virus events per channel. */
  channels: Record<string, number>;
  /** Records per detected format ('' = none). */
  formats: Record<string, number>;
  denies: DenyTuple[];
  /** Detection rule hits of the chunk's events, in event order (empty unless `rules` is set). */
  hits: RuleHit[];
}

export interface ChunkOptions {
  spec: ProfileSpec;
  nowMs: number;
  useNowWhenMissing: boolean;
  /** Keep whole events too (the classify command prints them). */
  keepEvents?: boolean;
  /**
   * Rules folder (absolute path): match every event against its pack (loaded once per
   * thread) and return the hits. Absent: no detection.
   */
  rules?: string;
}

export function processLines(
  lines: readonly string[],
  opts: ChunkOptions,
  out?: NormalizedEvent[],
  prechecked = false,
): ChunkResult {
  const profile = profileFromSpec(opts.spec);
  const clock = { nowMs: opts.nowMs, useNowWhenMissing: opts.useNowWhenMissing };
  const enc = new BatchEncoder();
  const quarantine: QuarantineRecord[] = [];
  const categories: Record<string, number> = {};
  const channels: Record<string, number> = {};
  const formats: Record<string, number> = {};
  const denies: DenyTuple[] = [];
  const quarantineLines: number[] = [];
  const hits: RuleHit[] = [];
  const matcher = opts.rules === undefined ? null : matcherForDir(opts.rules);
  const received = new Date(opts.nowMs).toISOString();
  for (let i = 0; i < lines.length; i++) {
    const o = processRecord(lines[i], profile, clock, prechecked);
    if ('event' in o) {
      const e = o.event;
      enc.add(e, o.tsMs, true);
      out?.push(e);
      const c = e.category ?? '';
      categories[c] = (categories[c] ?? 0) + 1;
      // mail and spam carry a channel too; this tally is the viruses' (import summary)
      if (e.channel !== null && c === 'virus') channels[e.channel] = (channels[e.channel] ?? 0) + 1;
      formats[o.format] = (formats[o.format] ?? 0) + 1;
      matcher?.match(e, o.tsMs, hits);
      if (
        e.direction === 'inbound' &&
        e.kind === 'traffic' &&
        (e.action === 'block' || e.action === 'drop' || e.action === 'reset') &&
        e.src_ip !== null
      ) {
        denies.push([o.tsMs, e.src_ip, e.dst_ip, e.dst_port, e.proto, e.vendor]);
      }
    } else {
      const q = o.quarantine;
      const f = q.format ?? '';
      formats[f] = (formats[f] ?? 0) + 1;
      quarantineLines.push(i);
      quarantine.push({
        received,
        tenant: opts.spec.tenant,
        device: opts.spec.device,
        format: q.format,
        code: q.code,
        message: q.message,
        raw: q.raw,
      });
    }
  }
  return {
    records: lines.length,
    events: enc.rows,
    batch: enc.take(),
    quarantine,
    quarantineLines,
    categories,
    channels,
    formats,
    denies,
    hits,
  };
}

export function processChunk(bytes: Uint8Array, opts: ChunkOptions): ChunkResult {
  const { lines, clean } = decodeChunk(bytes);
  return processLines(lines, opts, undefined, clean);
}

/** An inbound deny, rebuilt as an event for the scan correlator (file import and live ingest alike). */
export function denyEvent(d: DenyTuple, spec: ProfileSpec): NormalizedEvent {
  return eventWith({
    ts: new Date(d[0]).toISOString(),
    tenant: spec.tenant,
    device: spec.device,
    vendor: d[5],
    kind: 'traffic',
    action: 'block',
    direction: 'inbound',
    src_ip: d[1],
    dst_ip: d[2],
    dst_port: d[3],
    proto: d[4],
  });
}
