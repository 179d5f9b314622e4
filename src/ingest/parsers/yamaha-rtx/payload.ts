/**
 * Where the RTX message starts in a line. The router itself sends `<PRI>` plus the message with
 * no timestamp or host ("<13> [INSPECT] LAN2[out][200102] TCP …"); files written by a syslog host
 * or copied from `show log` put "YYYY/MM/DD HH:MM:SS: " (or a BSD header) in front:
 *
 *   2015/04/24 12:01:34: PPPOE[01] PPPoE Connect
 *   <190>May 15 18:03:36 rtx830 PP[01] Rejected at IN(1011) filter: TCP 203.0.113.8:43210 > 198.51.100.2:23
 *
 * (https://network.yamaha.com/setting/router_firewall/ts_router/internet_connect shows the first form.)
 * After "HH:MM:SS: " there is never a host name, but the generic header splitter reads the first
 * word as one ("2019/05/15 18:03:36: LAN2 Passed at …" → host "LAN2"), so the message start is
 * recomputed here from the line.
 */
import type { RecordInput } from '../types.js';

/** Offset in `rec.line` where the RTX message starts (leading spaces skipped). */
export function payloadStart(rec: RecordInput): number {
  const line = rec.line;
  const h = rec.header;
  let p = h.bodyStart;
  if (h.host !== null || h.app !== null) {
    // "…HH:MM:SS: " (optionally "HH:MM:SS.fff: ") before what the splitter took as host / tag
    const end = Math.min(p, 48);
    for (let k = 8; k < end; k++) {
      if (line.charCodeAt(k) === 58 && line.charCodeAt(k + 1) === 32 && isClockEnd(line, k)) {
        p = k + 2;
        break;
      }
    }
  }
  while (line.charCodeAt(p) === 32) p++;
  // A "YYYY/MM/DD HH:MM:SS: " prefix the header splitter refused (an impossible date) is still
  // the file's time stamp, not message text.
  if (h.tsMs === null && hasDatePrefix(line, p)) {
    p += 21;
    while (line.charCodeAt(p) === 32) p++;
  }
  return p;
}

/** "2019/05/15 18:03:36: " at `p` (digits not checked for range: that is the timestamp check's job). */
export function hasDatePrefix(s: string, p: number): boolean {
  return (
    s.charCodeAt(p + 4) === 47 &&
    s.charCodeAt(p + 7) === 47 &&
    s.charCodeAt(p + 10) === 32 &&
    s.charCodeAt(p + 13) === 58 &&
    s.charCodeAt(p + 16) === 58 &&
    s.charCodeAt(p + 19) === 58 &&
    s.charCodeAt(p + 20) === 32 &&
    isDigit(s.charCodeAt(p)) &&
    isDigit(s.charCodeAt(p + 18))
  );
}

/** True when the text just before offset `k` is a clock "HH:MM:SS" or "HH:MM:SS.fff". */
function isClockEnd(s: string, k: number): boolean {
  let j = k;
  while (j > 0 && isDigit(s.charCodeAt(j - 1))) j--;
  if (j < k && s.charCodeAt(j - 1) === 46) return isClockEnd(s, j - 1);
  return (
    k - j === 2 &&
    s.charCodeAt(j - 1) === 58 &&
    isDigit(s.charCodeAt(j - 2)) &&
    isDigit(s.charCodeAt(j - 3)) &&
    s.charCodeAt(j - 4) === 58
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
