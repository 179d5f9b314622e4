/**
 * One record → one normalized event or one quarantine verdict. This is the pure core
 * every source (file import, syslog, HTTP) runs: garbage checks, syslog header,
 * format detection, vendor parser, timestamp validation, classification.
 */
import { DEFAULT_TZ, isoOrNull } from '../core/time.js';
import { MAX_RECORD_BYTES, type NormalizedEvent, RAW_CAP_BYTES } from '../event/event.js';
import { type ClassifyContext, classify, defaultClassifyContext } from './classify/index.js';
import { canonicalIp } from './parsers/fields.js';
import { PARSERS, parserById } from './parsers/registry.js';
import { isFailure, type Parser, type QuarantineCode, type RecordInput } from './parsers/types.js';
import { parseSyslogHeader } from './syslog/header.js';
import { BINARY } from './text-checks.js';

export interface DeviceProfile {
  tenant: string | null;
  device: string | null;
  /** IANA zone of the device clock. */
  tz: string;
  /** Forced format id, or null for auto-detection per record. */
  format: string | null;
  classify: ClassifyContext;
}

export function defaultProfile(over: Partial<DeviceProfile> = {}): DeviceProfile {
  return {
    tenant: null,
    device: null,
    tz: DEFAULT_TZ,
    format: null,
    classify: defaultClassifyContext(),
    ...over,
  };
}

export interface Quarantined {
  code: QuarantineCode;
  message: string;
  /** Parser that was tried, or null when none claimed the record. */
  format: string | null;
  raw: string;
}

/** `tsMs` is the event time as epoch ms (the same instant as `event.ts`). */
export type RecordOutcome =
  | { event: NormalizedEvent; format: string; tsMs: number }
  | { quarantine: Quarantined };

export interface RecordClock {
  nowMs: number;
  /** Live sources stamp records that carry no time with the receive time; files do not. */
  useNowWhenMissing: boolean;
}

export function capRaw(line: string): string {
  return line.length > RAW_CAP_BYTES ? line.slice(0, RAW_CAP_BYTES) : line;
}

function quarantine(
  code: QuarantineCode,
  message: string,
  format: string | null,
  line: string,
): RecordOutcome {
  return { quarantine: { code, message, format, raw: capRaw(line) } };
}

export function detectParser(rec: RecordInput): Parser | null {
  for (const p of PARSERS) if (p.sniff(rec)) return p;
  return null;
}

/**
 * `prechecked`: the caller has already tested the whole chunk this line came from for
 * control characters and U+FFFD (one regex pass per chunk instead of one per line).
 */
export function processRecord(
  input: string,
  profile: DeviceProfile,
  clock: RecordClock,
  prechecked = false,
): RecordOutcome {
  let line = input;
  if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  // A record is one line: stray CR / LF inside (NDJSON messages, odd relays) become spaces,
  // so every stored text stays on one line.
  if (line.indexOf('\r') >= 0 || (!prechecked && line.indexOf('\n') >= 0))
    line = line.replace(/[\r\n]/g, ' ');
  if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0)) {
    return quarantine('empty', 'empty record', null, line);
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short lines skip the byte count.
  if (line.length > MAX_RECORD_BYTES / 3 && Buffer.byteLength(line) > MAX_RECORD_BYTES) {
    return quarantine('too-long', `record longer than ${MAX_RECORD_BYTES} bytes`, null, line);
  }
  if (!prechecked) {
    if (BINARY.test(line))
      return quarantine('binary', 'control characters: not a text log record', null, line);
    if (line.includes('\uFFFD')) {
      return quarantine('invalid-encoding', 'bytes that are neither UTF-8 nor Shift_JIS', null, line);
    }
  }
  const header = parseSyslogHeader(line, { tz: profile.tz, nowMs: clock.nowMs });
  const rec: RecordInput = {
    line,
    body: header.bodyStart === 0 ? line : line.slice(header.bodyStart),
    header,
  };
  let parser: Parser | null;
  if (profile.format) {
    parser = parserById(profile.format) ?? null;
    if (!parser)
      return quarantine('unknown-format', `no parser named ${profile.format}`, profile.format, line);
  } else {
    parser = detectParser(rec);
    if (!parser) return quarantine('unknown-format', 'no parser recognises this record', null, line);
  }
  const parsed = parser.parse(rec, {
    tz: profile.tz,
    nowMs: clock.nowMs,
    useNowWhenMissing: clock.useNowWhenMissing,
  });
  if (isFailure(parsed)) return quarantine(parsed.error, parsed.message, parser.id, line);
  let tsMs = parsed.tsMs;
  if (Number.isNaN(tsMs))
    return quarantine('bad-timestamp', 'impossible or unreadable date', parser.id, line);
  if (tsMs < 0) {
    if (!clock.useNowWhenMissing)
      return quarantine('no-timestamp', 'the record carries no time', parser.id, line);
    tsMs = clock.nowMs;
  }
  const ts = isoOrNull(tsMs);
  if (ts === null) return quarantine('bad-timestamp', 'date out of range', parser.id, line);
  const ev: NormalizedEvent = {
    ts,
    tenant: profile.tenant,
    device: profile.device,
    vendor: parsed.vendor,
    kind: parsed.kind,
    action: parsed.action,
    direction: 'unknown',
    src_ip:
      parsed.src_ip !== null && parsed.src_ip.indexOf(':') >= 0 ? canonicalIp(parsed.src_ip) : parsed.src_ip,
    src_port: parsed.src_port,
    dst_ip:
      parsed.dst_ip !== null && parsed.dst_ip.indexOf(':') >= 0 ? canonicalIp(parsed.dst_ip) : parsed.dst_ip,
    dst_port: parsed.dst_port,
    proto: parsed.proto,
    category: null,
    channel: null,
    threat: parsed.threat,
    threat_family: null,
    url: parsed.url,
    domain: parsed.domain,
    app: parsed.app,
    user: parsed.user,
    bytes_in: parsed.bytes_in,
    bytes_out: parsed.bytes_out,
    severity: parsed.severity,
    rule: parsed.rule,
    raw: capRaw(line),
  };
  classify(ev, parsed.hints, profile.classify);
  return { event: ev, format: parser.id, tsMs };
}
