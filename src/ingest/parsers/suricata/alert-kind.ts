/**
 * What a Suricata alert is about, from its classtype text (`alert.category`) and the rule-set
 * prefix of its signature (Emerging Threats "ET <CATEGORY> …", Snort GPL "GPL <CATEGORY> …").
 *
 * Classtype texts: https://docs.suricata.io/en/latest/rules/meta.html#classtype and the
 * classification.config shipped with Suricata / ET Open
 * (https://rules.emergingthreats.net/open/suricata/classification.config).
 * ET categories: https://community.emergingthreats.net/t/current-suricata-5-and-suricata-6-rule-categories/94
 */
import type { ThreatType } from '../types.js';

/** classtype description (lower-cased) → threat type. */
const BY_CATEGORY: ReadonlyMap<string, ThreatType> = new Map([
  ['a network trojan was detected', 'c2'],
  ['malware command and control activity detected', 'c2'],
  ['domain observed used for c2 detected', 'c2'],
  ['attempted administrator privilege gain', 'ips'],
  ['successful administrator privilege gain', 'ips'],
  ['attempted user privilege gain', 'ips'],
  ['successful user privilege gain', 'ips'],
  ['unsuccessful user privilege gain', 'ips'],
  ['web application attack', 'ips'],
  ['executable code was detected', 'ips'],
  ['exploit kit activity detected', 'ips'],
  ['targeted malicious activity was detected', 'ips'],
  ['attempt to login by a default username and password', 'ips'],
  ['detection of a network scan', 'scan'],
  ['denial of service', 'dos'],
  ['attempted denial of service', 'dos'],
  ['detection of a denial of service attack', 'dos'],
  ['potential corporate privacy violation', 'app'],
]);

/** Signature rule-set prefixes → threat type, checked when the classtype says nothing decisive. */
const BY_PREFIX: readonly (readonly [string, ThreatType])[] = [
  ['ET CNC ', 'c2'],
  ['ET MALWARE ', 'c2'],
  ['ET TROJAN ', 'c2'],
  ['ET MOBILE_MALWARE ', 'c2'],
  ['ET BOTCC', 'c2'],
  ['ETPRO MALWARE ', 'c2'],
  ['ETPRO TROJAN ', 'c2'],
  ['ET EXPLOIT ', 'ips'],
  ['ET EXPLOIT_KIT ', 'ips'],
  ['ET WEB_SERVER ', 'ips'],
  ['ET WEB_SPECIFIC_APPS ', 'ips'],
  ['ET SHELLCODE ', 'ips'],
  ['ET SQL ', 'ips'],
  ['ET WORM ', 'ips'],
  ['ET ATTACK_RESPONSE ', 'ips'],
  ['GPL EXPLOIT ', 'ips'],
  ['GPL WEB_SERVER ', 'ips'],
  ['GPL ATTACK_RESPONSE ', 'ips'],
  ['GPL SHELLCODE ', 'ips'],
  ['ET SCAN ', 'scan'],
  ['GPL SCAN ', 'scan'],
  ['ET DOS ', 'dos'],
  ['GPL DOS ', 'dos'],
  ['ET POLICY ', 'app'],
  ['ET P2P ', 'app'],
  ['ET CHAT ', 'app'],
  ['ET GAMES ', 'app'],
  ['GPL P2P ', 'app'],
  ['GPL CHAT ', 'app'],
];

export function alertThreatType(category: string | null, signature: string | null): ThreatType | undefined {
  if (category !== null) {
    const t = BY_CATEGORY.get(category.toLowerCase());
    if (t !== undefined) return t;
  }
  if (signature !== null) {
    for (const [p, t] of BY_PREFIX) if (signature.startsWith(p)) return t;
  }
  return undefined;
}

/**
 * Application names as ET POLICY / P2P / CHAT signatures spell them, e.g.
 * "ET POLICY TeamViewer Dyngate User-Agent" (sid 2009475), "ET POLICY Dropbox.com Offsite File Backup in Use",
 * "ET POLICY AnyDesk Remote Desktop Software User-Agent". The name is what the signature says; which
 * monitoring item an app belongs to is decided by the classifier's data files, not here.
 */
const APP_NAMES: readonly string[] = [
  'TeamViewer',
  'AnyDesk',
  'LogMeIn',
  'Splashtop',
  'Chrome Remote Desktop',
  'RustDesk',
  'ScreenConnect',
  'Ammyy',
  'VNC',
  'RDP',
  'Dropbox',
  'Google Drive',
  'OneDrive',
  'Box.com',
  'MEGA',
  'Baidu',
  'Facebook',
  'Twitter',
  'Instagram',
  'LINE',
  'Telegram',
  'Skype',
  'BitTorrent',
  'Winny',
  'Tor',
];
/** Short upper-case names (VNC, RDP, MEGA, LINE, Tor) match case-sensitively: "line" or "mega" are words. */
const EXACT_CASE = new Set(['VNC', 'RDP', 'MEGA', 'LINE', 'Tor']);
const CANONICAL = new Map(APP_NAMES.map((n) => [n.toLowerCase(), n]));
/** One pass over the signature instead of one regex per name. */
const APP_RE = new RegExp(`\\b(${APP_NAMES.map((n) => n.replace(/[.]/g, '\\.')).join('|')})\\b`, 'gi');

export function appFromSignature(signature: string | null): string | null {
  if (signature === null) return null;
  APP_RE.lastIndex = 0;
  for (let m = APP_RE.exec(signature); m !== null; m = APP_RE.exec(signature)) {
    const name = CANONICAL.get(m[1].toLowerCase());
    if (name === undefined) continue;
    if (EXACT_CASE.has(name) && m[1] !== name) continue;
    return name === 'Box.com' ? 'Box' : name === 'Ammyy' ? 'Ammyy Admin' : name;
  }
  return null;
}

/**
 * Suricata severity is the classtype priority: 1 high … 3 low (4 = informational in some rule sets).
 * ET rules also carry `signature_severity` metadata (Critical / Major / Minor / Informational),
 * which is finer when present.
 */
export function alertSeverity(severity: unknown, signatureSeverity: string | null): number | null {
  switch (signatureSeverity?.toLowerCase()) {
    case 'critical':
      return 4;
    case 'major':
      return 3;
    case 'minor':
      return 1;
    case 'informational':
      return 0;
  }
  if (typeof severity !== 'number') return null;
  if (severity <= 1) return 3;
  if (severity === 2) return 2;
  if (severity === 3) return 1;
  return 0;
}
