/**
 * Connection, translation and access-control messages (302xxx, 305xxx, 106xxx, 313xxx,
 * 710xxx, 419002): the traffic records that make up most of an ASA's log.
 */
import { int, protoName } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { type Endpoint, endpointAfter, readEndpoint, tokenAt } from './endpoint.js';

export function setSrc(ev: ParsedEvent, e: Endpoint | null): void {
  if (!e) return;
  ev.src_ip = e.ip;
  ev.src_port = e.port;
  if (e.intf) {
    ev.hints.srcZone = e.intf;
    ev.hints.srcIntf = e.intf;
  }
  if (e.user && !ev.user) ev.user = e.user;
}

export function setDst(ev: ParsedEvent, e: Endpoint | null): void {
  if (!e) return;
  ev.dst_ip = e.ip;
  ev.dst_port = e.port;
  if (e.intf) {
    ev.hints.dstZone = e.intf;
    ev.hints.dstIntf = e.intf;
  }
  if (e.user && !ev.user) ev.user = e.user;
}

/** The word after `Built|Teardown [inbound|outbound|dynamic|static]` → protocol. */
function wordAt(m: string, i: number): [string, number] | null {
  const t = tokenAt(m, i);
  return t ? [m.slice(t[0], t[1]), t[1]] : null;
}

/** Identity-firewall user written after the mapped address: `(10.0.0.5/123)(DOM\user)`. */
function idfwUser(m: string, from: number, to: number): string | null {
  const k = m.indexOf(')(', from);
  if (k < 0 || k > to) return null;
  const close = m.indexOf(')', k + 2);
  return close > k + 2 ? m.slice(k + 2, close) : null;
}

/**
 * 302013/302015/302017 Built, 302014/302016/302018 Teardown, 302023 stub teardown.
 * `Built outbound … for outside:B to inside:A` means A (inside) opened it, so the
 * pair is swapped. Teardowns do not say which side opened the connection; ASA
 * keeps the Built order, so a well-known port on the first side and an
 * ephemeral one on the second means the second side is the client.
 */
export function tcpUdpConnection(ev: ParsedEvent, m: string): void {
  ev.kind = 'traffic';
  ev.action = 'allow';
  const built = m.startsWith('Built');
  let i = m.indexOf(' ') + 1;
  let dir: string | null = null;
  let w = wordAt(m, i);
  if (w && (w[0] === 'inbound' || w[0] === 'outbound')) {
    dir = w[0];
    i = w[1];
    w = wordAt(m, i);
  }
  if (w && w[0] === 'stub') w = wordAt(m, w[1]);
  if (w) ev.proto = protoName(w[0]);
  const forAt = m.indexOf(' for ');
  const fromAt = m.indexOf(' from ');
  const lead = forAt >= 0 && (fromAt < 0 || forAt < fromAt) ? ' for ' : ' from ';
  const leadAt = lead === ' for ' ? forAt : fromAt;
  const a = endpointAfter(m, lead, Math.max(0, leadAt));
  const toAt = m.indexOf(' to ', leadAt + lead.length);
  const b = toAt >= 0 ? endpointAfter(m, ' to ', toAt) : null;
  if (a && !a.user) a.user = idfwUser(m, leadAt, toAt < 0 ? m.length : toAt);
  if (b && !b.user) b.user = idfwUser(m, toAt, m.length);
  let swap = dir === 'outbound';
  const icmp = ev.proto === 'icmp' || ev.proto === 'icmp6';
  if (!built && !icmp && dir === null && a && b && a.port !== null && b.port !== null) {
    swap = a.port < 1024 && b.port >= 1024;
  }
  setSrc(ev, swap ? b : a);
  setDst(ev, swap ? a : b);
  // Teardown's "bytes N" is a total for both directions: bytes_in / bytes_out stay null.
}

/** 302020 / 302021: `… ICMP connection for faddr F gaddr G laddr L [(user)] [type T code C]`. */
export function icmpConnection(ev: ParsedEvent, m: string): void {
  if (m.indexOf(' faddr ') < 0) {
    tcpUdpConnection(ev, m);
    ev.proto = ev.proto ?? 'icmp';
    return;
  }
  ev.kind = 'traffic';
  ev.action = 'allow';
  const icmp6 = m.indexOf('ICMPv6') >= 0;
  ev.proto = icmp6 ? 'ipv6-icmp' : 'icmp';
  const f = endpointAfter(m, ' faddr ');
  const l = endpointAfter(m, ' laddr ');
  if (l && !l.user) {
    // "laddr 10.0.0.5/0 (user)" — user in its own token
    const k = m.indexOf(' laddr ');
    const t = tokenAt(m, k + 7);
    if (t) {
      const n = tokenAt(m, t[1]);
      if (n && m.charCodeAt(n[0]) === 40) l.user = m.slice(n[0] + 1, m.indexOf(')', n[0]));
    }
  }
  const said = m.indexOf('bound ICMP');
  let outbound = said >= 0 && m.startsWith('out', said - 3);
  if (said < 0 && f && l && f.port === 0 && l.port !== null && l.port !== 0) {
    // Teardown has no direction word; the ICMP id sits on the side that sent the echo
    outbound = true;
  }
  setSrc(ev, outbound ? l : f);
  setDst(ev, outbound ? f : l);
}

/** 305011 / 305012: `Built|Teardown dynamic TCP translation from I:A/p to I:B/q`. */
export function translation(ev: ParsedEvent, m: string): void {
  ev.kind = 'traffic';
  ev.action = 'allow';
  const w = wordAt(m, m.indexOf(' ') + 1);
  const p = w ? wordAt(m, w[1]) : null;
  if (p) ev.proto = protoName(p[0]);
  setSrc(ev, endpointAfter(m, ' from '));
  const from = m.indexOf(' from ');
  setDst(ev, endpointAfter(m, ' to ', Math.max(from, 0)));
}

const PROTO_WORDS = new Set([
  'tcp',
  'udp',
  'icmp',
  'icmp6',
  'ipv6-icmp',
  'gre',
  'esp',
  'ah',
  'sctp',
  'igmp',
  'pim',
]);

/**
 * Protocol of a deny / drop message: the first protocol word among the leading words
 * (`Deny inbound UDP`, `Inbound TCP`, `Dropped UDP DNS`, `… is denied: udp src`),
 * or the number in `Deny inbound protocol 47`.
 */
function denyProto(m: string): string | null {
  let i = 0;
  for (let k = 0; k < 12; k++) {
    const w = wordAt(m, i);
    if (!w) return null;
    i = w[1];
    let v = w[0].toLowerCase();
    if (v.charCodeAt(v.length - 1) === 58) v = v.slice(0, -1);
    if (PROTO_WORDS.has(v)) return v === 'icmp6' ? 'ipv6-icmp' : v;
    if (v === 'ipv6-icmp') return v;
    if (v === 'protocol') {
      const n = wordAt(m, i);
      if (n && n[0].charCodeAt(0) >= 48 && n[0].charCodeAt(0) <= 57) return protoName(n[0]);
    }
    if (v === 'from' || v === 'src') return null;
  }
  return null;
}

/**
 * Access-control drops: 106001/106006/106007/106010/106012/106014/106015/106016/
 * 106017/106020/106021/106022/106023, 313001/313004/313005/313008, 710003/710004/710005,
 * 419002, 500003/500004, 410001, 420002, 434002, 202010, 418001, 421001, 108004.
 */
export function denyLike(ev: ParsedEvent, m: string): void {
  ev.kind = 'traffic';
  ev.proto = denyProto(m);
  let srcAt = m.indexOf(' from ');
  let srcLen = 6;
  const srcKw = m.indexOf(' src ');
  if (srcKw >= 0 && (srcAt < 0 || srcKw < srcAt)) {
    srcAt = srcKw;
    srcLen = 5;
  }
  let src: Endpoint | null = null;
  let after = 0;
  if (srcAt >= 0) {
    let t = tokenAt(m, srcAt + srcLen);
    // "from laddr 192.0.2.1" (313004), "from (10.0.0.1)" (106016)
    if (t && m.startsWith('laddr', t[0]) && t[1] - t[0] === 5) t = tokenAt(m, t[1]);
    // "src = 10.0.0.5, dest = 192.0.2.1" (209005)
    if (t && t[1] - t[0] === 1 && m.charCodeAt(t[0]) === 61) t = tokenAt(m, t[1]);
    if (t) {
      const s0 = m.charCodeAt(t[0]) === 40 ? t[0] + 1 : t[0];
      const s1 = m.charCodeAt(t[1] - 1) === 41 && s0 > t[0] ? t[1] - 1 : t[1];
      src = readEndpoint(m, s0, s1);
      after = t[1];
    }
  }
  let dst: Endpoint | null = null;
  const toAt = m.indexOf(' to ', after);
  let dstKw = m.indexOf(' dst ', after);
  if (dstKw < 0) {
    dstKw = m.indexOf(' dest = ', after);
    if (dstKw >= 0) dstKw += 3;
  }
  const dAt = dstKw >= 0 && (toAt < 0 || dstKw < toAt) ? dstKw + 5 : toAt >= 0 ? toAt + 4 : -1;
  if (dAt >= 0) {
    const t = tokenAt(m, dAt);
    if (t) {
      let e = t[1];
      if (m.charCodeAt(e - 1) === 58) e--; // "to 192.0.2.1: no matching session"
      dst = readEndpoint(m, t[0], e);
    }
  }
  setSrc(ev, src);
  setDst(ev, dst);
  const onIf = m.indexOf(' on interface ');
  if (onIf >= 0) {
    const t = tokenAt(m, onIf + 14);
    if (t) {
      let e = t[1];
      if (m.charCodeAt(e - 1) === 46) e--;
      const intf = m.slice(t[0], e);
      // the packet arrived on this interface: it is the source side
      if (!ev.hints.srcZone) ev.hints.srcZone = intf;
      if (!ev.hints.srcIntf) ev.hints.srcIntf = intf;
    }
  }
  const ag = m.indexOf('access-group "');
  if (ag >= 0) {
    const close = m.indexOf('"', ag + 14);
    if (close > ag) ev.rule = m.slice(ag + 14, close);
  }
}

/** 106100: `access-list ACL permitted|denied|est-allowed proto I/A(p) -> I/B(q) hit-cnt …`. */
export function aclHit(ev: ParsedEvent, m: string): void {
  ev.kind = 'traffic';
  const a = wordAt(m, 0);
  const acl = a ? wordAt(m, a[1]) : null;
  const verb = acl ? wordAt(m, acl[1]) : null;
  const proto = verb ? wordAt(m, verb[1]) : null;
  if (acl) ev.rule = acl[0];
  if (verb) ev.action = verb[0] === 'denied' ? 'block' : 'allow';
  if (proto) ev.proto = protoName(proto[0]);
  const s = proto ? tokenAt(m, proto[1]) : null;
  const arrow = m.indexOf(' -> ');
  const d = arrow >= 0 ? tokenAt(m, arrow + 4) : null;
  setSrc(ev, s ? aclEndpoint(m, s[0], s[1]) : null);
  setDst(ev, d ? aclEndpoint(m, d[0], d[1]) : null);
}

/** `inside/10.0.0.5(51234)` → interface, address, port. */
function aclEndpoint(m: string, s: number, e: number): Endpoint | null {
  const slash = m.indexOf('/', s);
  const paren = m.indexOf('(', s);
  if (slash < 0 || slash > e) return readEndpoint(m, s, e);
  const intf = m.slice(s, slash);
  const ipEnd = paren > slash && paren < e ? paren : e;
  const host = m.slice(slash + 1, ipEnd);
  const close = paren > 0 ? m.indexOf(')', paren) : -1;
  const pt = paren > slash && paren < e && close > paren ? int(m.slice(paren + 1, close)) : null;
  const ep = readEndpoint(host, 0, host.length);
  return {
    intf,
    ip: ep?.ip ?? null,
    name: ep?.name ?? null,
    port: pt !== null && pt <= 65535 ? pt : null,
    service: null,
    user: null,
  };
}
