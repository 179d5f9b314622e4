/**
 * Lines from the other daemons of a pfSense / OPNsense box (sshd, openvpn, dhcpd, unbound, the
 * web GUI …). They are claimed only when they clearly come from such a box: the syslog host name
 * says pfSense / OPNsense, or the program exists only there. Everything else stays unclaimed so
 * a generic Linux sshd line never becomes "pfsense".
 * They become `kind: 'system'` with whatever addresses / user they carry (not a hot path).
 */
import type { SyslogHeader } from '../../syslog/header.js';
import { ip, port, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';

/**
 * Programs that only run on these boxes:
 *  check_reload_status, filterdns — pfSense (https://docs.netgate.com/pfsense/en/latest/monitoring/logs/)
 *  configd.py, opnsense — OPNsense backend / config daemon (https://docs.opnsense.org/development/backend/configd.html)
 */
const BOX_ONLY_APPS = new Set(['check_reload_status', 'filterdns', 'configd.py', 'opnsense']);

/** Case-insensitive "contains", without allocating a lower-case copy. */
function containsCi(hay: string, needle: string): boolean {
  const n = needle.length;
  outer: for (let i = 0; i + n <= hay.length; i++) {
    for (let j = 0; j < n; j++) {
      if ((hay.charCodeAt(i + j) | 32) !== needle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}

export function hostSaysOpnsense(h: SyslogHeader): boolean {
  return h.host !== null && containsCi(h.host, 'opnsense');
}

/** True when a non-filterlog line clearly comes from a pfSense / OPNsense box. */
export function isBoxLine(h: SyslogHeader): boolean {
  if (h.app === null) return false;
  if (BOX_ONLY_APPS.has(h.app)) return true;
  return h.host !== null && (containsCi(h.host, 'pfsense') || containsCi(h.host, 'opnsense'));
}

export function boxVendor(h: SyslogHeader): 'pfsense' | 'opnsense' {
  if (hostSaysOpnsense(h) || h.app === 'configd.py' || h.app === 'opnsense') return 'opnsense';
  return 'pfsense';
}

// sshd: "Accepted publickey for admin from 192.0.2.5 port 52334 ssh2"
//       "Failed password for invalid user root from 203.0.113.9 port 40022 ssh2"
// (OpenSSH auth log wording, which pfSense / OPNsense ship unchanged)
const SSHD = /^(Accepted|Failed) \S+ for (?:invalid user )?(\S+) from (\S+) port (\d+)/;
// unbound query log (log-queries): "[26931:0] info: 192.168.1.1 api.example.com. A IN"
// https://unbound.docs.nlnetlabs.nl/en/latest/manpages/unbound.conf.html (log-queries)
const UNBOUND_QUERY = /^\[\d+:\d+\] info: (\S+) (\S+?)\.? [A-Z0-9]+ IN$/;
// pfSense GUI: "/index.php: Successful login for user 'admin' from: 192.0.2.5 (Local Database)"
//              "/index.php: webConfigurator authentication error for user 'admin' from: 203.0.113.9"
const GUI_LOGIN = /(Successful login|authentication error) for user '([^']*)' from:? (\S+)/;
// pfSense OpenVPN auth script: "user 'alice' authenticated" /
// "openvpn server 'ovpns1' user 'alice' address '198.51.100.7:51234' - connected"
const OVPN_USER = /user '([^']+)'(?: address '([^':]+)(?::(\d+))?')?/;

export function fillBoxLine(ev: ParsedEvent, app: string, body: string): void {
  let m: RegExpExecArray | null;
  if (app === 'sshd' && (m = SSHD.exec(body))) {
    ev.action = m[1] === 'Accepted' ? 'allow' : 'block';
    ev.user = str(m[2]);
    ev.src_ip = ip(m[3]);
    ev.src_port = port(m[4]);
    ev.hints.service = 'SSH';
    return;
  }
  if (app === 'unbound' && (m = UNBOUND_QUERY.exec(body))) {
    ev.src_ip = ip(m[1]);
    ev.domain = m[2].toLowerCase();
    ev.hints.service = 'DNS';
    return;
  }
  if ((app === 'php-fpm' || app === 'php' || app === 'php-cgi') && (m = GUI_LOGIN.exec(body))) {
    ev.action = m[1] === 'Successful login' ? 'allow' : 'block';
    ev.user = str(m[2]);
    ev.src_ip = ip(m[3]);
    return;
  }
  if (app.startsWith('openvpn') && (m = OVPN_USER.exec(body))) {
    ev.user = str(m[1]);
    if (m[2]) ev.src_ip = ip(m[2]);
    if (m[3]) ev.src_port = port(m[3]);
  }
}
