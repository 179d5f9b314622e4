/**
 * Trend Micro Deep Security / Workload Security CEF ("Syslog message formats",
 * https://help.deepsecurity.trendmicro.com/20_0/on-premise/event-syslog-message-formats.html).
 * The module is chosen by the header's Signature ID range:
 *
 *   CEF:0|Trend Micro|Deep Security Agent|<ver>|4000000|Eicar_test_file|6|… act=Delete   Anti-Malware 4000000–4000010
 *   CEF:0|Trend Micro|Deep Security Agent|<ver>|5000000|WebReputation|5|… request=…      Web Reputation 5000000–5000001
 *   CEF:0|Trend Micro|Deep Security Agent|<ver>|1001111|<rule name>|3|… act=IDS:Reset    Intrusion Prevention 1000000–1999999
 *   CEF:0|Trend Micro|Deep Security Agent|<ver>|20|Log for TCP Port 80|0|… act=Log       Firewall 20, 21, 100–7499
 *
 * Integrity Monitoring, Log Inspection, Application Control, Device Control and the
 * manager's own events ("Deep Security Manager" / "Workload Security Manager") are system records.
 */
import { int, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import type { Values } from './common.js';
import type { CefHeader } from './header.js';

export function applyTrendmicro(h: CefHeader, _v: Values, ev: ParsedEvent): void {
  if (/manager/i.test(h.product)) {
    ev.kind = 'system';
    return;
  }
  const id = int(h.signatureId) ?? -1;
  if (id >= 4000000 && id <= 4000010) {
    ev.kind = 'threat';
    ev.hints.threatType = 'virus';
    ev.threat = str(h.name);
  } else if (id >= 5000000 && id <= 5000001) {
    // Web Reputation events are only written for blocked URLs
    ev.kind = 'web';
    ev.hints.threatType = 'webfilter';
    ev.action = ev.action ?? 'block';
  } else if (id >= 1000000 && id <= 1999999) {
    ev.kind = 'threat';
    ev.hints.threatType = 'ips';
    ev.threat = str(h.name);
  } else if (id === 20 || id === 21 || (id >= 100 && id <= 7499)) {
    ev.kind = 'traffic';
  } else {
    ev.kind = 'system';
  }
}
