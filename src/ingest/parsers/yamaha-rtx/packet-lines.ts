/**
 * The RTX packet logs: static filter hits (pass-log / reject-log), dynamic filter sessions
 * ([INSPECT]) and intrusion detection ([INTRUSION]).
 * Filter logging (pass-log / reject-log filters): http://www.rtpro.yamaha.co.jp/RTA50i/example/operation/filter-pass-log.html
 * Intrusion detection: http://www.rtpro.yamaha.co.jp/RT/manual/rt-common/ip/ip_interface_intrusion_detection.html
 * Line shapes as quoted from network.yamaha.com trouble-shooting pages (see fixtures/README.md).
 */
import type { Direction } from '../../../event/event.js';
import { protoName } from '../fields.js';
import type { ParsedEvent, ThreatType } from '../types.js';
import { endpoint } from './endpoint.js';

/**
 * Interfaces that face the Internet: PP (PPPoE / dial-up) and the WAN interface. For those the
 * filter direction is the traffic direction: IN on PP[01] is a packet arriving from the Internet.
 * LAN2 is the WAN port on many RTX810/830/1210 set-ups, but that is configuration, not something the
 * log says, so LANn directions are left to the classifier (internal networks).
 */
function wanDirection(iface: string, dir: 'in' | 'out'): Direction | undefined {
  if (iface.startsWith('PP[') || iface.startsWith('WAN')) return dir === 'in' ? 'inbound' : 'outbound';
  return undefined;
}

function setIntf(ev: ParsedEvent, iface: string, dir: 'in' | 'out'): void {
  // IN: the packet entered the router on this interface; OUT: it left through it.
  if (dir === 'in') ev.hints.srcIntf = iface;
  else ev.hints.dstIntf = iface;
  const d = wanDirection(iface, dir);
  if (d !== undefined) ev.hints.direction = d;
}

/**
 * "PROTO SRC > DST[ more]" starting at `i`. The protocol word comes first for IP filters; Ethernet
 * filters print "SRC-MAC > DST-MAC TYPE" with the type last.
 */
function readFlow(ev: ParsedEvent, s: string, i: number): void {
  const parts = s.slice(i).split(' ');
  const gt = parts.indexOf('>');
  if (gt < 1) return;
  const src = endpoint(parts[gt - 1]);
  const dst = endpoint(parts[gt + 1]);
  ev.src_ip = src.ip;
  ev.src_port = src.port;
  ev.dst_ip = dst.ip;
  ev.dst_port = dst.port;
  if (gt >= 2) ev.proto = protoName(parts[gt - 2]);
}

// PP[01] Rejected at IN(1011) filter: TCP 203.0.113.8:43210 > 198.51.100.2:23
// LAN2 Passed at OUT(200099) filter: UDP 192.168.0.2:53 > 203.0.113.53:53
// TUNNEL[1] Rejected at IN(300) filter: UDP 192.0.2.1:67 > 192.0.2.2:68
// LAN1(port3) Rejected at IN(10) filter: 00:a0:de:01:02:03 > ff:ff:ff:ff:ff:ff IP
// PP[01] Rejected at OUT(default) filter: UDP 192.168.1.1:10395 >   (as printed on
//   https://network.yamaha.com/setting/router_firewall/ts_router/internet_connect)
/** Returns false when `s` is not a filter line. `sp` is the space after the interface name. */
export function readFilterLine(ev: ParsedEvent, s: string, p: number, sp: number): boolean {
  const iface = s.slice(p, sp);
  let i = sp + 1;
  const verbEnd = s.indexOf(' at ', i);
  if (verbEnd < 0) return false;
  const verb = s.slice(i, verbEnd);
  ev.action = verb === 'Passed' ? 'allow' : verb === 'Rejected' ? 'block' : 'other';
  i = verbEnd + 4;
  const dir = s.startsWith('IN(', i) ? 'in' : s.startsWith('OUT(', i) ? 'out' : null;
  if (dir === null) return false;
  const open = i + (dir === 'in' ? 3 : 4);
  const close = s.indexOf(')', open);
  if (close < 0) return false;
  ev.rule = s.slice(open, close);
  setIntf(ev, iface, dir);
  const colon = s.indexOf(': ', close);
  if (colon > 0) readFlow(ev, s, colon + 2);
  return true;
}

// [INSPECT] PP[01][out][101098] TCP 192.168.100.2:1234 > 203.0.113.5:80 (2019/05/15 18:03:36)
// [INSPECT] LAN2[out][31] TCP 2001:db8::10.56609 > 2001:db8:1::5.443 (2026/09/06 12:33:02)
// A dynamic filter (ip filter dynamic … syslog=on) opened a session; the time in parentheses is
// when the session was created. Returns that time text or null.
export function readInspectLine(ev: ParsedEvent, s: string, p: number): string | null {
  const i = p + 10; // after "[INSPECT] "
  const sp = s.indexOf(' ', i);
  if (sp < 0) return null;
  const tok = s.slice(i, sp); // "PP[01][out][101098]"
  const d = tok.indexOf('][') >= 0 ? findDir(tok) : null;
  if (d !== null) {
    setIntf(ev, tok.slice(0, d.at), d.dir);
    const ruleOpen = tok.indexOf('[', d.at + d.len);
    if (ruleOpen > 0 && tok.charCodeAt(tok.length - 1) === 93) ev.rule = tok.slice(ruleOpen + 1, -1);
  }
  ev.action = 'allow';
  readFlow(ev, s, sp + 1);
  const paren = s.lastIndexOf(' (');
  if (paren > sp && s.charCodeAt(s.length - 1) === 41) return s.slice(paren + 2, -1);
  return null;
}

function findDir(tok: string): { at: number; len: number; dir: 'in' | 'out' } | null {
  const a = tok.indexOf('[in]');
  if (a > 0) return { at: a, len: 4, dir: 'in' };
  const b = tok.indexOf('[out]');
  if (b > 0) return { at: b, len: 5, dir: 'out' };
  return null;
}

// [INTRUSION] PP[01][in] Port scan 203.0.113.8 > 198.51.100.2
// [INTRUSION] LAN2[in] SYN flood 203.0.113.8 > 192.168.0.10
// Intrusion detection (ip INTERFACE intrusion detection in on [reject=on]) names the attack and the
// two addresses; the attack names are those of the command reference's detection list.
export function readIntrusionLine(ev: ParsedEvent, s: string, p: number): void {
  ev.kind = 'threat';
  const i = p + 12; // after "[INTRUSION] "
  const sp = s.indexOf(' ', i);
  const tok = sp < 0 ? s.slice(i) : s.slice(i, sp);
  const d = findDir(tok);
  if (d !== null) setIntf(ev, tok.slice(0, d.at), d.dir);
  if (sp < 0) return;
  const rest = s.slice(sp + 1);
  const gt = rest.indexOf(' > ');
  let name = rest;
  if (gt > 0) {
    const srcStart = rest.lastIndexOf(' ', gt - 1) + 1;
    name = rest.slice(0, Math.max(0, srcStart - 1)).trim();
    readFlow(ev, rest, srcStart);
    ev.proto = null;
  }
  ev.threat = name.length > 0 ? name : null;
  ev.hints.threatType = intrusionType(name);
  // Winny / Share detection (type winny / share) reports a file-sharing application, not an attack.
  if (ev.hints.threatType === 'app') ev.app = name;
  ev.action = /reject|discard/i.test(rest) ? 'block' : 'detect';
  ev.severity = ev.hints.threatType === 'scan' ? 1 : 2;
}

function intrusionType(name: string): ThreatType {
  if (/^(Winny|Share)\b/i.test(name)) return 'app';
  if (/scan/i.test(name)) return 'scan';
  if (/flood|of death|land|smurf|teardrop|winnuke|fraggle|bomb/i.test(name)) return 'dos';
  return 'ips';
}
