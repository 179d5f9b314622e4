/** Traffic direction (SPEC §3) from addresses, the device's internal networks and zone hints. */
import type { Direction, NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import type { NetworkSet } from './networks.js';
import { type Side, sideOf } from './zones.js';

function combine(src: Side, dst: Side): Direction {
  if (src === 'inside') return dst === 'inside' ? 'internal' : 'outbound';
  return dst === 'inside' ? 'inbound' : 'unknown';
}

/**
 * - `hints.direction` (the device said so) wins.
 * - Both addresses known and on different sides: the addresses decide.
 * - Both addresses on the same side: zones decide when both zones are known and
 *   differ (public servers in a DMZ, NAT, an ISP router's private WAN segment);
 *   when both are outside, one known zone is enough (src zone inside → outbound,
 *   src zone outside → inbound, dst zone inside → inbound, dst zone outside →
 *   outbound) and two equal zones give internal (both inside) or unknown;
 *   otherwise both inside → internal, both outside → unknown.
 * - One address known: the other side comes from its zone, else unknown.
 * - No address: both zones, else unknown.
 */
export function directionOf(
  ev: Pick<NormalizedEvent, 'src_ip' | 'dst_ip'>,
  hints: Hints,
  internal: NetworkSet,
): Direction {
  if (hints.direction !== undefined) return hints.direction;
  const srcIp: Side | null = ev.src_ip === null ? null : internal.contains(ev.src_ip) ? 'inside' : 'outside';
  const dstIp: Side | null = ev.dst_ip === null ? null : internal.contains(ev.dst_ip) ? 'inside' : 'outside';
  if (srcIp !== null && dstIp !== null && srcIp !== dstIp) return combine(srcIp, dstIp);

  const hasZones =
    hints.srcZone !== undefined ||
    hints.dstZone !== undefined ||
    hints.srcIntf !== undefined ||
    hints.dstIntf !== undefined;
  const srcZ = hasZones ? sideOf(hints.srcZone, hints.srcIntf) : null;
  const dstZ = hasZones ? sideOf(hints.dstZone, hints.dstIntf) : null;

  if (srcIp !== null && dstIp !== null) {
    if (srcZ !== null && dstZ !== null && srcZ !== dstZ) return combine(srcZ, dstZ);
    if (srcIp === 'inside') return 'internal';
    // Both public: a public-addressed host inside, or the device's own WAN address.
    if (srcZ !== null && dstZ !== null) return srcZ === 'inside' ? 'internal' : 'unknown';
    if (srcZ !== null) return srcZ === 'inside' ? 'outbound' : 'inbound';
    if (dstZ !== null) return dstZ === 'inside' ? 'inbound' : 'outbound';
    return 'unknown';
  }
  const src = srcIp ?? srcZ;
  const dst = dstIp ?? dstZ;
  if (src === null || dst === null) return 'unknown';
  return combine(src, dst);
}
