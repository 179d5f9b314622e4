/**
 * CEF header: `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`
 * (CEF Implementation Standard, "Header Information"; pipes and backslashes in header
 * fields are escaped as `\|` and `\\`).
 *
 * The header may follow a syslog header or any prefix ("Feb 12 11:11:30 syslog-800c CEF:0|…"),
 * `CEF: 0|` with a space occurs (Check Point Log Exporter), and collectors that strip the
 * prefix leave `0|Fortinet|Fortigate|…` — all three are accepted.
 */

export interface CefHeader {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Offset in the line where the extension starts. */
  extStart: number;
}

/** Offset of the CEF version digit in `s` (after `CEF:` and optional spaces), or -1. */
export function cefStart(s: string): number {
  const at = s.indexOf('CEF:');
  if (at >= 0) {
    let i = at + 4;
    while (s.charCodeAt(i) === 32) i++;
    return isDigit(s.charCodeAt(i)) ? i : -1;
  }
  // prefix stripped by a collector: "0|Vendor|Product|…" with all seven header pipes
  const c0 = s.charCodeAt(0);
  if ((c0 === 48 || c0 === 49) && s.charCodeAt(1) === 124) return pipesWithin(s, 0, 7, 1024) ? 0 : -1;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `n` unescaped pipes occur in s[from, from+limit). */
function pipesWithin(s: string, from: number, n: number, limit: number): boolean {
  let p = from - 1;
  for (let k = 0; k < n; k++) {
    p = s.indexOf('|', p + 1);
    if (p < 0 || p - from > limit) return false;
  }
  return true;
}

/** Cheap sniff: a CEF header start exists. No allocation. */
export function looksLikeCef(s: string): boolean {
  return cefStart(s) >= 0;
}

/** Splits the header starting at `start` (the version digit). Null when fewer than seven pipes: truncated. */
export function parseCefHeader(s: string, start: number): CefHeader | null {
  const f: string[] = [];
  let from = start;
  let p = start - 1;
  while (f.length < 7) {
    p = s.indexOf('|', p + 1);
    if (p < 0) return null;
    if (s.charCodeAt(p - 1) === 92 && oddBackslashes(s, p, from)) continue; // "\|" inside a field
    const v = s.slice(from, p);
    f.push(v.indexOf('\\') < 0 ? v : unescapeHeader(v));
    from = p + 1;
  }
  return {
    version: f[0].trim(),
    vendor: f[1],
    product: f[2],
    deviceVersion: f[3],
    signatureId: f[4],
    name: f[5],
    severity: f[6].trim(),
    extStart: from,
  };
}

function oddBackslashes(s: string, i: number, lo: number): boolean {
  let n = 0;
  while (i - 1 - n >= lo && s.charCodeAt(i - 1 - n) === 92) n++;
  return (n & 1) === 1;
}

function unescapeHeader(v: string): string {
  return v.replace(/\\([|\\])/g, '$1');
}
