/**
 * LEEF event attributes: `key=value` pairs separated by a delimiter — TAB in LEEF 1.0,
 * the header's character in LEEF 2.0. Real producers vary, so LEEF 1.0 records without
 * a TAB are read with the delimiter they do use:
 *
 *   …|30000148|sys_name=SystemName<TAB>devTime=Sep 23 2022 09:51:24 +0200<TAB>…   (TAB)
 *   1.0|WatchGuard|XTM|…|11000005|host_name=Member2#011serial=…                     (syslog-escaped TAB "#011")
 *   LEEF:1.0|Aruba Networks|ClearPass|…|3003|messageId=1 devTime=May 01 2025 18:00:02.009 CEST component=RADIUS
 *                                                    (spaces: values run to the next " key=", as in CEF)
 *
 * With a real delimiter a value runs to the next delimiter and may hold `=` (CyberArk's
 * ExtraDetails=ApplicationType=…;User=…;); the key is what precedes the first `=`.
 * `\=` in values (Forcepoint: "PID\=18072") is unescaped.
 */

import { scanExtension } from '../cef/extension.js';
import { type HashedKeys, hashRange, probe } from '../cef/key-hash.js';

/** Fills `out[slot]` for wanted keys (first occurrence wins). Returns the number of pairs. */
export function scanAttributes(
  s: string,
  start: number,
  delim: string,
  table: HashedKeys,
  out: (string | undefined)[],
): number {
  const dl = delim.length;
  let pairs = 0;
  let i = start;
  const n = s.length;
  while (i < n) {
    let e = s.indexOf(delim, i);
    if (e < 0) e = n;
    const eq = s.indexOf('=', i);
    if (eq >= 0 && eq < e) {
      let ks = i;
      while (ks < eq && s.charCodeAt(ks) === 32) ks++;
      let ke = eq;
      while (ke > ks && s.charCodeAt(ke - 1) === 32) ke--;
      if (ke > ks) {
        pairs++;
        const slot = probe(table, s, ks, ke, hashRange(s, ks, ke));
        if (slot >= 0 && out[slot] === undefined) {
          const v = s.slice(eq + 1, e);
          out[slot] = v.indexOf('\\=') < 0 ? v : v.replace(/\\=/g, '=');
        }
      }
    }
    i = e + dl;
  }
  return pairs;
}

/** Picks the delimiter of a LEEF 1.0 record (or a 2.0 one without its delimiter field). */
export function detectDelimiter(s: string, start: number): string {
  if (s.indexOf('\t', start) >= 0) return '\t';
  if (s.indexOf('#011', start) >= 0) return '#011';
  if (s.indexOf('^', start) >= 0 && s.indexOf(' ', start) < 0) return '^';
  return ' ';
}

/** Space-separated attributes: same rules as a CEF extension (values with spaces). */
export function scanSpaced(s: string, start: number, table: HashedKeys, out: (string | undefined)[]): number {
  return scanExtension(s, start, s.length, table, out);
}
