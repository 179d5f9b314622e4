/**
 * What rules may say about each event field (SPEC §3): its type, its closed set of
 * values when it has one, and a getter. Getters are plain closures chosen once per
 * compiled matcher, so the hot path never looks a field up by name.
 */
import {
  ACTIONS,
  CATEGORIES,
  CHANNELS,
  DIRECTIONS,
  EVENT_FIELDS,
  KINDS,
  type NormalizedEvent,
} from '../event/event.js';

export type EventField = (typeof EVENT_FIELDS)[number];

export const NUMERIC_FIELDS: ReadonlySet<EventField> = new Set([
  'src_port',
  'dst_port',
  'bytes_in',
  'bytes_out',
  'severity',
]);

/** Fields whose values come from a closed, lower-case list: matched exactly, typos are load errors. */
export const ENUM_FIELDS: ReadonlyMap<EventField, readonly string[]> = new Map<EventField, readonly string[]>(
  [
    ['kind', KINDS],
    ['action', ACTIONS],
    ['direction', DIRECTIONS],
    ['category', CATEGORIES],
    ['channel', CHANNELS],
  ],
);

/** Fields a `cidr` modifier applies to. */
export const IP_FIELDS: ReadonlySet<EventField> = new Set(['src_ip', 'dst_ip']);

/**
 * Fields the matcher's pre-filter may index, most selective first. `vendor` holds
 * lower-case parser ids ('fortigate', 'otasuke'), so exact equality is safe there too.
 */
export const INDEX_FIELDS: readonly EventField[] = [
  'category',
  'vendor',
  'channel',
  'action',
  'kind',
  'direction',
];

/** `ts` is the event time: windows use it, selections cannot (there is nothing sensible to compare). */
export const MATCHABLE_FIELDS: ReadonlySet<EventField> = new Set(EVENT_FIELDS.filter((f) => f !== 'ts'));

export const FIELD_INDEX: ReadonlyMap<EventField, number> = new Map(EVENT_FIELDS.map((f, i) => [f, i]));

export type Getter = (e: NormalizedEvent) => string | number | null;

const GETTERS: Record<EventField, Getter> = {
  ts: (e) => e.ts,
  tenant: (e) => e.tenant,
  device: (e) => e.device,
  vendor: (e) => e.vendor,
  kind: (e) => e.kind,
  action: (e) => e.action,
  direction: (e) => e.direction,
  src_ip: (e) => e.src_ip,
  src_port: (e) => e.src_port,
  dst_ip: (e) => e.dst_ip,
  dst_port: (e) => e.dst_port,
  proto: (e) => e.proto,
  category: (e) => e.category,
  channel: (e) => e.channel,
  threat: (e) => e.threat,
  threat_family: (e) => e.threat_family,
  url: (e) => e.url,
  domain: (e) => e.domain,
  app: (e) => e.app,
  user: (e) => e.user,
  bytes_in: (e) => e.bytes_in,
  bytes_out: (e) => e.bytes_out,
  severity: (e) => e.severity,
  rule: (e) => e.rule,
  raw: (e) => e.raw,
};

export function getter(f: EventField): Getter {
  return GETTERS[f];
}

export function isEventField(name: string): name is EventField {
  return FIELD_INDEX.has(name as EventField);
}

/**
 * Lower-cased text fields of the event being matched, computed at most once per event
 * and field however many rules ask (Sigma matches strings case-insensitively).
 */
export class LowerCache {
  private readonly vals: (string | undefined)[] = new Array(EVENT_FIELDS.length).fill(undefined);
  private dirty = false;

  reset(): void {
    if (this.dirty) {
      this.vals.fill(undefined);
      this.dirty = false;
    }
  }

  get(i: number, v: string): string {
    let s = this.vals[i];
    if (s === undefined) {
      s = v.toLowerCase();
      this.vals[i] = s;
      this.dirty = true;
    }
    return s;
  }
}
