/**
 * Forcepoint (Stonesoft) NGFW LEEF export ("Forcepoint NGFW: log data in LEEF format",
 * https://help.forcepoint.com/ngfw/en-us/7.1.0/SMC_7.1.0_Product_Guide.pdf, "Exporting log data"):
 *
 *   LEEF:1.0|Forcepoint|Firewall|7.1.5|Connection_Discarded|devTimeFormat=MMM dd yyyy HH:mm:ss<TAB>
 *     src=192.0.2.10<TAB>dst=198.51.100.2<TAB>srcPort=64746<TAB>dstPort=8082<TAB>proto=17<TAB>
 *     devTime=Aug 06 2025 14:13:16<TAB>sender=fw01 node 1<TAB>action=Discard
 *
 * The EventID is the situation: Connection_* records are traffic, System_* / FW_* are
 * the engine's own events.
 */
import type { ParsedEvent } from '../types.js';

export function applyForcepoint(eventId: string, ev: ParsedEvent): void {
  if (eventId.startsWith('Connection_')) ev.kind = 'traffic';
  else if (eventId.startsWith('System_') || eventId.startsWith('FW_') || eventId.startsWith('VPN_'))
    ev.kind = 'system';
}
