/** The normalized event: the ingest contract of SPEC §3. Absent fields are `null`. */

export const CATEGORIES = [
  'recon',
  'malicious-outbound',
  'intrusion-inbound',
  'virus',
  'spam',
  'harmful-web',
  'online-storage',
  'remote-access',
  'risky-input-tool',
  'sns-webmail',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['mail-send', 'mail-receive', 'web', 'ftp', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['traffic', 'threat', 'web', 'mail', 'anomaly', 'system'] as const;
export type Kind = (typeof KINDS)[number];

export const DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Lower-case verbs; parsers map vendor words onto these. */
export const ACTIONS = [
  'allow',
  'block',
  'detect',
  'drop',
  'reset',
  'quarantine',
  'redirect',
  'other',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface NormalizedEvent {
  ts: string;
  tenant: string | null;
  device: string | null;
  vendor: string;
  kind: Kind;
  action: Action | null;
  direction: Direction;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  proto: string | null;
  category: Category | null;
  channel: Channel | null;
  threat: string | null;
  threat_family: string | null;
  url: string | null;
  domain: string | null;
  app: string | null;
  user: string | null;
  bytes_in: number | null;
  bytes_out: number | null;
  severity: number | null;
  rule: string | null;
  raw: string;
}

/** Every field, in output order. A test fails when an event carries a field not listed here. */
export const EVENT_FIELDS = [
  'ts',
  'tenant',
  'device',
  'vendor',
  'kind',
  'action',
  'direction',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'proto',
  'category',
  'channel',
  'threat',
  'threat_family',
  'url',
  'domain',
  'app',
  'user',
  'bytes_in',
  'bytes_out',
  'severity',
  'rule',
  'raw',
] as const satisfies readonly (keyof NormalizedEvent)[];

/** Raw text kept with an event or a quarantined record is capped so one huge line cannot bloat the store. */
export const RAW_CAP_BYTES = 8192;
/** Records longer than this are quarantined as `too-long` (issue: "records over 64 KiB"). */
export const MAX_RECORD_BYTES = 64 * 1024;

/**
 * An event with every optional field null (fields in catalogue order): the base of
 * derived events and of test factories.
 */
export function eventWith(
  over: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'ts' | 'vendor' | 'kind'>,
): NormalizedEvent {
  const base: NormalizedEvent = {
    ts: '',
    tenant: null,
    device: null,
    vendor: '',
    kind: 'system',
    action: null,
    direction: 'unknown',
    src_ip: null,
    src_port: null,
    dst_ip: null,
    dst_port: null,
    proto: null,
    category: null,
    channel: null,
    threat: null,
    threat_family: null,
    url: null,
    domain: null,
    app: null,
    user: null,
    bytes_in: null,
    bytes_out: null,
    severity: null,
    rule: null,
    raw: '',
  };
  return Object.assign(base, over);
}
