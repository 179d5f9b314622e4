/**
 * RTX operational messages (PPPoE, IP tunnels, IKE, L2TP, DHCP, logins, Lua scripts …): kind
 * system, with the peer address when the message names one. Not a hot path.
 *
 *   PPPOE[01] PPPoE Connect
 *   PP[01] PPP/IPCP up  (Local: None, Remote: 203.0.113.2)
 *   IP Tunnel[1] Up
 *   [IKE] initiate ISAKMP phase to 203.0.113.2 (local address 192.168.1.1)
 *   [L2TP] TUNNEL[1] connected from 198.51.100.7
 * (https://network.yamaha.com/setting/router_firewall/ts_router/internet_connect and …/vpn_connect)
 *
 *   Login succeeded for TELNET: 192.168.100.2
 *   Login failed for SSH: 203.0.113.9
 * (login messages: no published sample line was found; shape as commonly quoted, read leniently)
 */
import { ip } from '../fields.js';
import type { ParsedEvent } from '../types.js';

const FROM = /\bfrom (\S+?)(?:[,)]|$|\s)/;
const TO = /\b(?:phase to|to) (\S+?)(?:[,)]|$|\s)/;
const LOCAL = /\(local address (\S+?)\)/;
const LOGIN = /^Login (succeeded|failed) for (\S+): (\S+)/;

export function readSystemLine(ev: ParsedEvent, s: string): void {
  const login = LOGIN.exec(s);
  if (login) {
    ev.action = login[1] === 'succeeded' ? 'allow' : 'block';
    ev.hints.service = login[2];
    ev.src_ip = ip(login[3]);
    return;
  }
  const from = FROM.exec(s);
  if (from) ev.src_ip = ip(from[1]);
  if (s.startsWith('[IKE')) {
    const to = TO.exec(s);
    const local = LOCAL.exec(s);
    if (to && local) {
      // The router initiates: it is the source, the peer the destination.
      ev.src_ip = ip(local[1]);
      ev.dst_ip = ip(to[1]);
    }
  }
}
