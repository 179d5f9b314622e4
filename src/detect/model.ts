/** Detection rules, hits and alert signals: the types the rest of Otasuke codes against. */
import type { NormalizedEvent } from '../event/event.js';
import type { EventField } from './fields.js';
import type { Pred } from './selection.js';

export const RULE_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const RULE_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const CORRELATION_TYPES = ['event_count', 'value_count', 'value_sum', 'first_seen'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** An event as kept with an alert: every field, raw cut to 1 KiB. */
export type HitEvent = NormalizedEvent;

/** Characters of `raw` kept with a hit. */
export const HIT_RAW_CHARS = 1024;

/** One event that matched a rule's detection (made in parse workers; structured-clone friendly, plain data). */
export interface RuleHit {
  /** Rule id. */
  rule: string;
  /** Event time, epoch ms. */
  tsMs: number;
  /** '' when the event has no tenant. */
  tenant: string;
  device: string | null;
  /** Canonical group key, '' when the rule has no group-by. */
  group: string;
  /** The value_count field's value (as text), else null. */
  value: string | null;
  /** The value_sum field's value, else null. */
  num: number | null;
  event: HitEvent;
}

/** What the correlator hands to the alert sink (the desk stores it). */
export interface AlertSignal {
  ruleId: string;
  title: string;
  titleJa: string;
  level: RuleLevel;
  tags: string[];
  tenant: string;
  device: string | null;
  /** Stable within (rule, tenant): e.g. "src_ip=203.0.113.5"; '' for a tenant-wide rule. */
  groupKey: string;
  groupFields: Record<string, string | null>;
  /** Events covered by this signal (event time, epoch ms). */
  firstSeenMs: number;
  lastSeenMs: number;
  count: number;
  /** At most 5, oldest first. */
  sampleEvents: HitEvent[];
  /**
   * The rule's suppression window. A signal whose firstSeenMs is within suppressMs of the
   * lastSeenMs of the previous signal of the same (rule, tenant, groupKey) continues that
   * alert ("still happening"): the sink bumps its count and last-seen time.
   */
  suppressMs: number;
}

export interface AlertSink {
  deliver(signals: readonly AlertSignal[]): Promise<void>;
}

export interface Correlation {
  type: CorrelationType;
  /** Sliding window; 0 for first_seen (which remembers for the rule's suppression window). */
  timespanMs: number;
  /**
   * event_count / value_count: the count that fires (a `gt: n` is stored as n + 1);
   * value_sum: the sum compared with `inclusive`.
   */
  threshold: number;
  inclusive: boolean;
  /** The counted (value_count) or summed (value_sum) field. */
  field: EventField | null;
}

export interface Rule {
  id: string;
  title: string;
  titleJa: string;
  description: string;
  descriptionJa: string;
  level: RuleLevel;
  status: RuleStatus;
  tags: string[];
  falsepositives: string[];
  falsepositivesJa: string[];
  /** Fields whose values make the group (with the tenant, always); empty = tenant-wide. */
  groupBy: EventField[];
  correlation: Correlation | null;
  suppressMs: number;
  /** Where the rule was read from (file name within the rules folder) and the line of its id. */
  file: string;
  line: number;
  /** The compiled detection. */
  test: Pred;
  /** Pre-filter: an event whose `field` holds none of `values` cannot match; null = test every event. */
  index: { field: EventField; values: (string | null)[] } | null;
}

/** Default suppression windows. */
export const DEFAULT_SUPPRESS_MS = 3_600_000;
export const DEFAULT_FIRST_SEEN_SUPPRESS_MS = 30 * 86_400_000;
