/**
 * The Log Exporter "syslog" body: `[key:"value"; key2:"value2"; …]`, either as RFC 5424
 * structured data (the syslog header module then holds it in `header.sd`) or as the
 * message itself after "syslog" / "- ".
 *   <134>1 2019-10-15T17:05:20+03:00 gw01 CheckPoint 12345 - [action:"Accept"; flags:"411908"; ifdir:"inbound"; ifname:"eth0"; origin:"192.0.2.1"; time:"1571155520"; product:"VPN-1 & FireWall-1"; src:"10.0.0.5"; s_port:"50123"; dst:"203.0.113.10"; service:"443"; proto:"6"]
 * Quotes and "]" inside values are escaped with a backslash (policy_name=Standard\]); a
 * few Check Point fields carry a doubled colon (sys_message::"…").
 * https://support.checkpoint.com/results/sk/sk122323
 */
import type { KeyTable } from '../kv.js';

/**
 * Fills `out[slot]` for wanted keys in `s[start…]`. Returns false when a value's closing
 * quote is missing (a cut-off record).
 */
export function scanSd(s: string, start: number, table: KeyTable, out: (string | undefined)[]): boolean {
  const n = s.length;
  let i = start;
  while (i < n) {
    // skip "[", "; ", spaces
    let c = s.charCodeAt(i);
    while (i < n && (c === 91 || c === 59 || c === 32)) c = s.charCodeAt(++i);
    if (i >= n || c === 93) return true;
    const colon = s.indexOf(':', i);
    if (colon < 0) return true;
    const key = s.slice(i, colon);
    let v = colon + 1;
    if (s.charCodeAt(v) === 58) v++; // "sys_message::"
    if (s.charCodeAt(v) !== 34) {
      // unquoted value (not written by Log Exporter, tolerated): up to ';' or ']'
      let e = v;
      while (e < n && s.charCodeAt(e) !== 59 && s.charCodeAt(e) !== 93) e++;
      const slot = table.get(key);
      if (slot !== undefined) out[slot] = s.slice(v, e).trim();
      i = e;
      continue;
    }
    const vs = v + 1;
    let j = vs;
    let escaped = false;
    for (;;) {
      j = s.indexOf('"', j);
      if (j < 0) return false;
      if (s.charCodeAt(j - 1) === 92 && !evenBackslashes(s, j - 1)) {
        escaped = true;
        j++;
        continue;
      }
      break;
    }
    const slot = table.get(key);
    if (slot !== undefined) {
      const raw = s.slice(vs, j);
      out[slot] = escaped || raw.includes('\\') ? raw.replace(/\\(.)/g, '$1') : raw;
    }
    i = j + 1;
  }
  return true;
}

/** True when the run of backslashes ending at `i` has even length (the quote is not escaped). */
function evenBackslashes(s: string, i: number): boolean {
  let k = 0;
  while (i >= 0 && s.charCodeAt(i) === 92) {
    k++;
    i--;
  }
  return k % 2 === 0;
}
