/**
 * LEEF header (IBM QRadar "LEEF event components",
 * https://www.ibm.com/docs/en/dsm?topic=overview-leef-event-components):
 *
 *   LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=10.50.1.1<TAB>dst=2.10.20.20<TAB>…
 *   LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5
 *
 * LEEF 2.0 adds the attribute delimiter: one character, or its code as `x09` / `0x09`
 * (empty = TAB). A syslog header or any prefix may precede `LEEF:`; collectors that
 * strip the prefix leave `1.0|WatchGuard|XTM|…`, which is accepted too.
 */

export interface LeefHeader {
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  eventId: string;
  /** Attribute delimiter from a LEEF 2.0 header; null = not given (detect it). */
  delimiter: string | null;
  attrStart: number;
}

/** Offset of the LEEF version in `s`, or -1. */
export function leefStart(s: string): number {
  const at = s.indexOf('LEEF:');
  if (at >= 0) {
    const c = s.charCodeAt(at + 5);
    return c === 49 || c === 50 ? at + 5 : -1;
  }
  // "1.0|Vendor|…" with the LEEF: prefix stripped by a collector: need the five header pipes
  const c0 = s.charCodeAt(0);
  if (
    (c0 === 49 || c0 === 50) &&
    s.charCodeAt(1) === 46 &&
    s.charCodeAt(2) === 48 &&
    s.charCodeAt(3) === 124
  ) {
    let p = 3;
    for (let k = 0; k < 4; k++) {
      p = s.indexOf('|', p + 1);
      if (p < 0 || p > 512) return -1;
    }
    return 0;
  }
  return -1;
}

/** Splits the header at `start`; null when truncated, 'bad-delimiter' when a 2.0 delimiter is unreadable. */
export function parseLeefHeader(s: string, start: number): LeefHeader | null | 'bad-delimiter' {
  const f: string[] = [];
  let from = start;
  while (f.length < 5) {
    const p = s.indexOf('|', from);
    if (p < 0) return null;
    f.push(s.slice(from, p));
    from = p + 1;
  }
  const version = f[0].trim();
  let delimiter: string | null = null;
  if (version.startsWith('2')) {
    // 2.0 header: a delimiter field follows, unless a producer left it out and the
    // attributes start right away ("LEEF:2.0|V|P|1|id|src=…")
    const p = s.indexOf('|', from);
    const field = p < 0 ? null : s.slice(from, p);
    if (field !== null && field.indexOf('=') < 0 && field.length <= 6) {
      const d = delimiterOf(field);
      if (d === null) return 'bad-delimiter';
      delimiter = d;
      from = p + 1;
    }
  }
  return {
    version,
    vendor: f[1],
    product: f[2],
    productVersion: f[3],
    eventId: f[4],
    delimiter,
    attrStart: from,
  };
}

/** `^` → '^'; `x09` / `0x09` / `\t` → TAB; '' → TAB. Null when unreadable. */
export function delimiterOf(field: string): string | null {
  if (field.length === 0) return '\t';
  if (field.length === 1) return field;
  if (field === '\\t') return '\t';
  const hex =
    field.startsWith('0x') || field.startsWith('0X')
      ? field.slice(2)
      : field[0] === 'x' || field[0] === 'X'
        ? field.slice(1)
        : null;
  if (hex === null || !/^[0-9a-fA-F]{1,4}$/.test(hex)) return null;
  const code = Number.parseInt(hex, 16);
  return code > 0 ? String.fromCharCode(code) : null;
}
