/**
 * The positional head of a Fireware traffic record after `msg_id="…"`:
 *   Deny 1-Trusted 0-External 52 udp 20 128 10.0.0.5 203.0.113.5 51234 53 offset 8 S … (policy-00)
 *   Allow 1-Trusted 0-External tcp 10.0.1.2 203.0.113.5 53018 80 app_id="63" … (HTTP-00)
 * disposition, source and destination interface, [packet length] protocol
 * [header length, TTL] source, destination, [source port, destination port].
 */
import { ip, port, protoName } from '../fields.js';

export interface Head {
  disposition: string;
  srcIntf: string;
  dstIntf: string;
  proto: string | null;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
  /** Offset after the last positional token read. */
  end: number;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Reads the head starting at `i`; null when the record is not in the traffic shape. */
export function readHead(s: string, i: number): Head | null {
  const toks: string[] = [];
  const starts: number[] = [];
  let p = i;
  // at most 12 positional tokens; stop at the first key="value"
  while (toks.length < 12 && p < s.length) {
    while (s.charCodeAt(p) === 32) p++;
    if (p >= s.length) break;
    let e = s.indexOf(' ', p);
    if (e < 0) e = s.length;
    const t = s.slice(p, e);
    if (t.indexOf('=') >= 0 || t.charCodeAt(0) === 40) break;
    toks.push(t);
    starts.push(e);
    p = e;
  }
  if (toks.length < 5) return null;
  const d = toks[0];
  if (d !== 'Allow' && d !== 'Deny' && d !== 'allow' && d !== 'deny') return null;
  let k = 3;
  if (isDigits(toks[k])) k++; // packet length
  const proto = protoName(toks[k]);
  k++;
  while (k < toks.length && isDigits(toks[k]) && ip(toks[k]) === null) k++; // header length, TTL
  const src = ip(toks[k]);
  const dst = ip(toks[k + 1]);
  if (src === null || dst === null) return null;
  k += 2;
  let sport: number | null = null;
  let dport: number | null = null;
  // ICMP records carry type and code there, not ports
  const icmp = proto === 'icmp' || proto === 'ipv6-icmp';
  if (!icmp && k + 1 < toks.length && isDigits(toks[k]) && isDigits(toks[k + 1])) {
    sport = port(toks[k]);
    dport = port(toks[k + 1]);
    k += 2;
  }
  return {
    disposition: d,
    srcIntf: toks[1],
    dstIntf: toks[2],
    proto,
    src,
    dst,
    sport,
    dport,
    end: starts[k - 1] ?? p,
  };
}
