/** Classification entry point (SPEC §4): direction, monitoring item, virus channel, threat family. */
import type { NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { DEFAULT_INTERNAL_NETWORKS, NetworkSet } from './networks.js';

export interface ClassifyContext {
  /** The device's internal networks (default RFC 1918 + RFC 6598 + ULA). */
  internal: NetworkSet;
}

export function defaultClassifyContext(): ClassifyContext {
  return { internal: NetworkSet.parse(DEFAULT_INTERNAL_NETWORKS) };
}

/** Fills `direction`, `category`, `channel` and `threat_family` of `ev` in place. */
export function classify(ev: NormalizedEvent, hints: Hints, ctx: ClassifyContext): void {
  void ev;
  void hints;
  void ctx;
}
