/**
 * LEEF producers whose records are audit / AAA events, not firewall verdicts: they are
 * kept as `kind: 'system'` with whatever addresses and user they carry.
 *
 *   LEEF:1.0|Cyber-Ark|Vault|14.4.0002|7|sev=6<TAB>Action=Logon<TAB>…usrName=alice<TAB>src=192.0.2.4<TAB>…
 *     (CyberArk "Vault audit in LEEF", https://docs.cyberark.com/pam-self-hosted/latest/en/content/pasimp/integrating-with-siem-applications.htm)
 *   LEEF:1.0|Aruba Networks|ClearPass|1.0.0.0|3003|messageId=… devTime=May 01 2025 18:00:02.009 CEST
 *     component=RADIUS level=INFO … devTimeFormat=MMM dd yyyy HH:mm:ss.SSS z cat=System Events
 *     (Aruba ClearPass "Syslog export filters — LEEF", https://www.arubanetworks.com/techdocs/ClearPass/6.11/PolicyManager/Content/CPPM_UserGuide/Admin/syslogExportFilters_add_syslog_filter_general.htm)
 */
import { severityWord, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { L } from './keys.js';

type Values = readonly (string | undefined)[];

export function applyAudit(v: Values, ev: ParsedEvent): void {
  ev.kind = 'system';
  // "Action=Logon" is CyberArk's audit verb, not a verdict on traffic
  ev.action = null;
  ev.user = str(v[L.usrName]) ?? str(v[L.duser]);
  ev.severity = ev.severity ?? severityWord(v[L.arLevel]);
}
