import type { Action, Category, Channel, Direction, Kind } from '../../event/event.js';
import type { SyslogHeader } from '../syslog/header.js';

/** What the device itself says about a record, used by classification but not stored. */
export type ThreatType =
  | 'virus' // antivirus / sandbox verdict on a file
  | 'spam' // antispam verdict on a mail
  | 'ips' // exploit / attack signature
  | 'c2' // botnet, C&C, spyware phone-home, DNS sinkhole
  | 'scan' // port scan / ping sweep / host sweep detection
  | 'dos' // flood and other anomalies that are not scans
  | 'webfilter' // web filter verdict (category rating)
  | 'app'; // application control verdict

export interface Hints {
  threatType?: ThreatType;
  /** Vendor URL / web category as written ("Online Storage and Backup", "social-networking"). */
  urlCategory?: string;
  /** Vendor application category or risk group ("Remote.Access", "file-sharing"). */
  appCategory?: string;
  /** Service / application protocol ("SMTP", "HTTPS", "pop3", "ftp"). */
  service?: string;
  srcZone?: string;
  dstZone?: string;
  srcIntf?: string;
  dstIntf?: string;
  /** The device says which way it went (e.g. FortiGate `direction=incoming` on a mail). */
  direction?: Direction;
  /** The device reports this as a mail sent from inside (SMTP out). */
  mailOutgoing?: boolean;
  /** Set only when the vendor's log type decides the item beyond doubt. */
  category?: Category;
  channel?: Channel;
}

/**
 * A parser's output: every SPEC §3 field the record carries. `tenant`, `device`,
 * `direction`, `category`, `channel`, `threat_family` and `raw` are filled in later
 * by the pipeline and the classifier.
 */
export interface ParsedEvent {
  /** Epoch milliseconds (UTC). */
  tsMs: number;
  vendor: string;
  kind: Kind;
  action: Action | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  proto: string | null;
  threat: string | null;
  url: string | null;
  domain: string | null;
  app: string | null;
  user: string | null;
  bytes_in: number | null;
  bytes_out: number | null;
  severity: number | null;
  rule: string | null;
  hints: Hints;
}

/** Reason codes for quarantined records; documented in docs/quarantine.md. */
export const QUARANTINE_CODES = [
  'empty',
  'binary',
  'invalid-encoding',
  'too-long',
  'truncated',
  'bad-timestamp',
  'no-timestamp',
  'unknown-format',
  'malformed',
] as const;
export type QuarantineCode = (typeof QUARANTINE_CODES)[number];

export interface ParseFailure {
  error: QuarantineCode;
  message: string;
}

export type ParseResult = ParsedEvent | ParseFailure;

export function isFailure(r: ParseResult): r is ParseFailure {
  return (r as ParseFailure).error !== undefined;
}

export function fail(error: QuarantineCode, message: string): ParseFailure {
  return { error, message };
}

export interface ParseContext {
  /** IANA zone of the device's clock, for timestamps written without a zone. */
  tz: string;
  /** Reference time for RFC 3164's missing year and for records without any time (live receive time). */
  nowMs: number;
  /** When true, a record without a timestamp takes `nowMs` (live ingest); files quarantine it. */
  useNowWhenMissing: boolean;
}

/** One record as the parser sees it: the syslog header (if any) already split off. */
export interface RecordInput {
  /** The whole line as received. */
  line: string;
  /** The payload after the syslog header. */
  body: string;
  header: SyslogHeader;
}

export interface Parser {
  /** Stable id: 'fortigate', 'paloalto', … never renamed (used by --format and stored). */
  readonly id: string;
  /** Cheap test used by auto-detection; must not allocate much. */
  sniff(rec: RecordInput): boolean;
  /** Pure: no I/O, no clock, never throws on input. */
  parse(rec: RecordInput, ctx: ParseContext): ParseResult;
}

/** A blank event with every field null, for parsers to fill. */
export function blankEvent(vendor: string, kind: ParsedEvent['kind'], tsMs: number): ParsedEvent {
  return {
    tsMs,
    vendor,
    kind,
    action: null,
    src_ip: null,
    src_port: null,
    dst_ip: null,
    dst_port: null,
    proto: null,
    threat: null,
    url: null,
    domain: null,
    app: null,
    user: null,
    bytes_in: null,
    bytes_out: null,
    severity: null,
    rule: null,
    hints: {},
  };
}

/** `tsMs` of a record that carries no time at all (live sources stamp it; files quarantine it). */
export const NO_TIME = -1;

/** The syslog header's time when the payload has none of its own. */
export function headerTime(rec: RecordInput): number {
  return rec.header.tsMs ?? NO_TIME;
}
