/**
 * Finds the `%ASA-6-302013:` tag in a record and the message text after it. ASA puts
 * it right after the syslog header, after `HOSTNAME : ` (device-id on), or after its
 * own `Mon DD YYYY HH:MM:SS:` timestamp when the relay kept the header in the body.
 */

export interface AsaTag {
  /** Syslog level 0–7 from the tag. */
  level: number;
  /** Message id, e.g. 302013. */
  id: number;
  /** Offset of the message text. */
  text: number;
  /** True for `%FTD-` / `%NGIPS-` (Firepower) tags. */
  ftd: boolean;
}

const PREFIXES = ['ASA-', 'FTD-', 'PIX-', 'FWSM-', 'NGIPS-'];
const SCAN_LIMIT = 96;

/** Position of a `%ASA-n-nnnnnn` tag in the first bytes of `s`, or -1. Allocation-free. */
export function findTag(s: string): number {
  const lim = Math.min(s.length, SCAN_LIMIT);
  let p = s.indexOf('%');
  while (p >= 0 && p < lim) {
    for (const pre of PREFIXES) {
      if (s.startsWith(pre, p + 1)) {
        const d = p + 1 + pre.length;
        const c = s.charCodeAt(d);
        if (c >= 48 && c <= 55 && s.charCodeAt(d + 1) === 45) {
          const c2 = s.charCodeAt(d + 2);
          if (c2 >= 48 && c2 <= 57) return p;
        }
      }
    }
    p = s.indexOf('%', p + 1);
  }
  return -1;
}

export function readTag(s: string, p: number): AsaTag | null {
  const dash = s.indexOf('-', p + 1);
  if (dash < 0) return null;
  const level = s.charCodeAt(dash + 1) - 48;
  let i = dash + 3;
  let id = 0;
  const start = i;
  while (i < s.length) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    id = id * 10 + c;
    i++;
  }
  if (i === start || i - start > 7) return null;
  // "%ASA-6-302013: text", but also "%ASA-5-111010 User …" without the colon
  if (s.charCodeAt(i) === 58) i++;
  while (s.charCodeAt(i) === 32) i++;
  const ftd = s.charCodeAt(p + 1) === 70 || s.charCodeAt(p + 1) === 78;
  return { level, id, text: i, ftd };
}

/**
 * ASA messages some collectors forward without the `%ASA-` tag (AnyConnect, IKE,
 * CPU-hog). Only these exact openings are claimed, so other vendors' lines are safe.
 */
const UNTAGGED = ['Group <', 'TunnelGroup <', 'Group = ', 'Task ran for ', 'Tunnel group search using '];

export function untaggedStart(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  for (const u of UNTAGGED) if (s.startsWith(u, i)) return i;
  return -1;
}
