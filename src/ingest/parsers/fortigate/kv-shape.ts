/** Cheap shape tests on a FortiOS key=value payload (no allocation). */

/** True when `key` (ending in '=') occurs at the start of a pair: line start, after a space or a comma. */
export function hasKey(s: string, key: string, limit = s.length): boolean {
  let i = s.indexOf(key);
  while (i >= 0 && i < limit) {
    const p = i === 0 ? 32 : s.charCodeAt(i - 1);
    if (p === 32 || p === 44 || p === 9) return true;
    i = s.indexOf(key, i + 1);
  }
  return false;
}

/**
 * Pair separator. FortiOS syslog uses spaces, but "csv" syslog format (config log syslogd
 * setting: format csv) writes `date=2016-02-12,time=14:10:42,logid=0720018433,…`.
 * The first value decides: whatever ends it (outside quotes) is the separator.
 */
export function pairSeparator(s: string): number {
  const eq = s.indexOf('=');
  if (eq < 0) return 32;
  let i = eq + 1;
  if (s.charCodeAt(i) === 34) {
    const q = s.indexOf('"', i + 1);
    if (q < 0) return 32;
    i = q + 1;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) return 32;
    if (c === 44) return 44;
  }
  return 32;
}

/**
 * A record cut off in transit (UDP truncation, a relay's line limit) usually ends inside
 * a pair: `… dstport=` or `… srcint`. An unterminated quote is caught by scanKv itself.
 */
export function endsMidPair(s: string, sep: number): boolean {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  if (e === 0) return true;
  const last = s.charCodeAt(e - 1);
  if (last === 61 /* = */) return true;
  if (last === 34 /* " */) return false;
  let k = e - 1;
  while (k >= 0) {
    const c = s.charCodeAt(k);
    if (c === sep || c === 32) break;
    if (c === 61) return false;
    k--;
  }
  // the last token has no '=' — unless the value itself contains the separator (comma mode)
  return sep === 32;
}
