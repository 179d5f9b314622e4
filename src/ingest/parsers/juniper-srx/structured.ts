/**
 * SRX structured syslog: RFC 5424 with the fields in one `[junos@2636.1.1.1.2.N k="v" …]`
 * SD element and the event name in MSGID (`RT_FLOW_SESSION_CREATE`, `IDP_ATTACK_LOG_EVENT`,
 * `WEBFILTER_URL_BLOCKED`, …; `_LS` = the same event logged by a logical system).
 */
import { keyTable, scanKv } from '../kv.js';

export const KEYS = [
  'source-address',
  'source-port',
  'destination-address',
  'destination-port',
  'protocol-id',
  'protocol-name',
  'protocol',
  'service-name',
  'policy-name',
  'source-zone-name',
  'destination-zone-name',
  'source-zone',
  'destination-zone',
  'source-interface-name',
  'destination-interface-name',
  'packet-incoming-interface',
  'interface-name',
  'username',
  'application',
  'nested-application',
  'application-category',
  'bytes-from-client',
  'bytes-from-server',
  'reason',
  'attack-name',
  'action',
  'threat-severity',
  'category',
  'sub-category',
  'url',
  'obj',
  'name',
  'filename',
  'http-host',
  'malware-info',
  'client-ip',
  'verdict-number',
  'feed-name',
  'message-type',
  'ddos-application-name',
  'rule-name',
  'hostname',
] as const;

export type Key = (typeof KEYS)[number];
export const TABLE = keyTable(KEYS);
export const SLOT: Record<Key, number> = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<
  Key,
  number
>;

export type Fields = (string | undefined)[];

/** Reads the SD element into `out`; false when a quoted value is cut off. */
export function readSd(sd: string, out: Fields): boolean {
  out.fill(undefined);
  // skip "[junos@…" and stop before the closing "]"
  const sp = sd.indexOf(' ');
  if (sp < 0) return true;
  const end = sd.charCodeAt(sd.length - 1) === 93 ? sd.length - 1 : sd.length;
  const ok = scanKv(sd, TABLE, out, sp + 1, 32, end);
  // a few SRX releases write curly quotes (”value”) that scanKv leaves on the value
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v !== undefined && v.charCodeAt(0) === 0x201d) out[i] = v.replace(/[\u201c\u201d]/g, '');
  }
  return ok;
}
