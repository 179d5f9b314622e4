/**
 * FortiOS action / level / attack words → SPEC values. The action vocabulary is listed per
 * log type in the FortiOS Log Message Reference, e.g. IPS botnet 16401:
 * https://docs.fortinet.com/document/fortigate/7.4.2/fortios-log-message-reference/16401
 * ("detected, dropped, reset, reset_client, reset_server, drop_session, pass_session,
 * clear_session") and traffic 0000000013 (accept, close, timeout, server-rst, client-rst,
 * deny, ip-conn, dns …).
 */
import type { Action } from '../../../event/event.js';
import { normAction } from '../fields.js';
import type { ThreatType } from '../types.js';

/** FortiOS words normAction does not know (or reads differently). */
const FORTI_ACTIONS: Record<string, Action> = {
  // traffic: a session that ended normally / was logged at start
  'ip-conn': 'allow',
  dns: 'allow',
  // IPS / anomaly: "clear_session - Session was removed / closed" is a block
  clear_session: 'block',
  drop_session: 'drop',
  pass_session: 'allow',
  reset_client: 'reset',
  reset_server: 'reset',
  // ssl-exempt, emailfilter exempted
  exempt: 'allow',
  exempted: 'allow',
  // AV "analytics" = file submitted to FortiSandbox while allowed through
  analytics: 'detect',
  // dlp / app-ctrl
  'log-only': 'detect',
  'block-all': 'block',
};

export function fortiAction(v: string | undefined): Action | null {
  if (!v) return null;
  return FORTI_ACTIONS[v] ?? normAction(v);
}

/**
 * FortiOS `level` (syslog severity words). Every traffic log is "notice", so the ladder is
 * shifted one step down from the generic severityWord: notice → low, warning → medium.
 */
export function levelSeverity(v: string | undefined): number | null {
  switch (v) {
    case 'emergency':
    case 'alert':
    case 'critical':
      return 4;
    case 'error':
      return 3;
    case 'warning':
      return 2;
    case 'notice':
      return 1;
    case 'information':
    case 'debug':
      return 0;
    default:
      return null;
  }
}

/** IPS `severity` / `crlevel` words: info, low, medium, high, critical. */
export function attackSeverity(v: string | undefined): number | null {
  switch (v) {
    case 'critical':
      return 4;
    case 'high':
      return 3;
    case 'medium':
      return 2;
    case 'low':
      return 1;
    case 'info':
    case 'information':
      return 0;
    default:
      return null;
  }
}

/**
 * Anomaly (DoS policy) names: tcp_port_scan, udp_scan, sctp_scan, icmp_sweep are
 * reconnaissance; *_flood and *_session limits are DoS (the DoS-policy anomaly list of
 * FortiOS; log 18433 carries the name in `attack`).
 */
export function anomalyType(attack: string | undefined): ThreatType {
  if (attack && (attack.includes('scan') || attack.includes('sweep'))) return 'scan';
  return 'dos';
}

/** IPS signature names that are botnet / C&C call-backs ("Zeus.Botnet", "Cobalt.Strike.Beacon.C2"). */
export function isC2Name(name: string | undefined): boolean {
  if (!name) return false;
  const s = name.toLowerCase();
  return (
    s.includes('botnet') || s.includes('c&c') || s.includes('cnc') || s.endsWith('.c2') || s.includes('.c2.')
  );
}

/** Mail services as FortiOS writes them in `service` ("SMTP", "SMTPS", "POP3", "IMAPS", "MAPI" …). */
export function isMailService(s: string | undefined): boolean {
  if (!s) return false;
  const u = s.toUpperCase();
  return u.startsWith('SMTP') || u.startsWith('POP3') || u.startsWith('IMAP') || u === 'MAPI';
}
