/**
 * Addresses and user names inside PAN-OS SYSTEM event descriptions. Only a few fixed
 * phrases are looked for, and only on SYSTEM / AUTH records (not the hot path):
 *
 *   "failed authentication for user 'jdoe'. Reason: … server address '192.0.2.5', From: 198.51.100.7."
 *   "When authenticating user 'jdoe' from '198.51.100.7', a less secure …"
 *   "User admin logged in via Web from 198.51.100.7 using https"
 *   "Connection to Update server: … completed successfully, initiated by 198.51.100.7"
 *   "Successfully connect to address: 192.0.2.9 port: 3978, conn id: …"
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/system-log-fields
 */
import { ip, port } from '../fields.js';

export interface DescribedAddrs {
  src: string | null;
  dst: string | null;
  dstPort: number | null;
  user: string | null;
}

const SRC_MARKERS = ['From: ', ' from ', 'initiated by: ', 'initiated by ', ', ip '];
const DST_MARKERS = [
  'server address ',
  'Server Address ',
  'connected to server ',
  'connect to address: ',
  'dhcp server: ',
  ' IP: ',
];

/** Reads an address right after `at` (skipping a quote), with an optional ":port". */
function addrAt(s: string, at: number): { ip: string; port: number | null } | null {
  let i = at;
  if (s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34) i++;
  let e = i;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46 || c === 58) e++;
    else break;
  }
  let tok = s.slice(i, e);
  while (tok.endsWith('.') || tok.endsWith(':')) tok = tok.slice(0, -1);
  if (ip(tok) !== null) return { ip: tok, port: null };
  const colon = tok.lastIndexOf(':');
  if (colon > 0 && tok.indexOf(':') === colon) {
    const host = tok.slice(0, colon);
    if (ip(host) !== null) return { ip: host, port: port(tok.slice(colon + 1)) };
  }
  return null;
}

function firstAddr(s: string, markers: readonly string[]): { ip: string; port: number | null } | null {
  for (const m of markers) {
    let at = s.indexOf(m);
    while (at >= 0) {
      const a = addrAt(s, at + m.length);
      if (a) {
        // "connect to address: 192.0.2.9 port: 3978"
        if (a.port === null && s.startsWith(' port: ', at + m.length + a.ip.length)) {
          const ps = at + m.length + a.ip.length + 7;
          let pe = ps;
          while (pe < s.length && s.charCodeAt(pe) >= 48 && s.charCodeAt(pe) <= 57) pe++;
          return { ip: a.ip, port: port(s.slice(ps, pe)) };
        }
        return a;
      }
      at = s.indexOf(m, at + 1);
    }
  }
  return null;
}

/** "for user 'jdoe'" / "authenticating user 'jdoe'" / "for user jdoe." → jdoe. */
function userIn(s: string): string | null {
  const at = s.indexOf(' user ');
  if (at < 0) return null;
  let i = at + 6;
  const q = s.charCodeAt(i) === 39 ? 39 : 0;
  if (q) i++;
  let e = i;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    if (q ? c === 39 : c === 32 || c === 44 || c === 39) break;
    e++;
  }
  let u = s.slice(i, e);
  if (!q && u.endsWith('.')) u = u.slice(0, -1);
  return u.length > 0 && u.length <= 128 ? u : null;
}

export function describedAddrs(desc: string): DescribedAddrs {
  const src = firstAddr(desc, SRC_MARKERS);
  const dst = firstAddr(desc, DST_MARKERS);
  // only authentication messages name the user who logged in ("… for user Auto update agent" does not)
  const user = desc.includes('uthenticat') ? userIn(desc) : null;
  return { src: src?.ip ?? null, dst: dst?.ip ?? null, dstPort: dst?.port ?? null, user };
}
