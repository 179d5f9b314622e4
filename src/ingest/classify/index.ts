/** Classification entry point (SPEC §4): direction, monitoring item, channel (viruses and mail), threat family. */
import type { NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { categoryOf } from './category.js';
import { mailChannel, virusChannel } from './channel.js';
import { classificationTables } from './content-loader.js';
import { directionOf } from './direction.js';
import { DEFAULT_INTERNAL_NETWORKS, NetworkSet } from './networks.js';
import type { ClassificationTables, DomainHit, FamilyInfo } from './tables.js';

export {
  ClassificationContentError,
  classificationTables,
  loadClassificationTables,
} from './content-loader.js';
export { USAGE_ITEMS, type UsageItem } from './content-schema.js';
export { DEFAULT_INTERNAL_NETWORKS, NetworkSet } from './networks.js';
export { ReconCorrelator, type ReconCorrelatorOptions } from './recon-correlator.js';
export type { ClassificationTables, FamilyInfo } from './tables.js';

export interface ClassifyContext {
  /** The device's internal networks (default RFC 1918 + RFC 6598 + ULA; loopback, link-local and multicast always). */
  internal: NetworkSet;
  /** Classification content; default: the shipped content/classification files. */
  tables?: ClassificationTables;
}

// NetworkSet is immutable, so every device on the default list can share one.
let defaultInternal: NetworkSet | null = null;

export function defaultClassifyContext(): ClassifyContext {
  if (defaultInternal === null) defaultInternal = NetworkSet.parse(DEFAULT_INTERNAL_NETWORKS);
  return { internal: defaultInternal, tables: classificationTables() };
}

/** Fills `direction`, `category`, `channel` and `threat_family` of `ev` in place. */
export function classify(ev: NormalizedEvent, hints: Hints, ctx: ClassifyContext): void {
  const tables = ctx.tables ?? classificationTables();
  const direction = directionOf(ev, hints, ctx.internal);
  ev.direction = direction;
  const domainHit: DomainHit | null = ev.domain === null ? null : tables.domain(ev.domain);
  let family: FamilyInfo | null = ev.threat === null ? null : tables.family(ev.threat);
  if (family === null && domainHit !== null) family = domainHit.family;
  ev.threat_family = family === null ? null : family.id;
  const category = categoryOf({ ev, hints, direction, tables, family, domainHit });
  ev.category = category;
  // mail and spam carry their direction too, so received mail can be counted (spam ratio)
  ev.channel =
    category === 'virus'
      ? virusChannel(ev, hints, direction)
      : ev.kind === 'mail' || category === 'spam'
        ? mailChannel(ev, hints, direction)
        : null;
}
