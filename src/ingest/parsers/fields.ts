/** Small value converters shared by parsers. None of them throws. */
import type { Action } from '../../event/event.js';

/** A port 0–65535 from text, or null. */
export function port(v: string | undefined | null): number | null {
  if (v === undefined || v === null || v.length === 0 || v.length > 5) return null;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return n <= 65535 ? n : null;
}

/** A non-negative integer from text, or null. */
export function int(v: string | undefined | null): number | null {
  if (v === undefined || v === null || v.length === 0 || v.length > 18) return null;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return n;
}

/** Empty, "-", "N/A" and similar placeholders → null. */
export function str(v: string | undefined | null): string | null {
  if (v === undefined || v === null) return null;
  if (v.length === 0 || v === '-' || v === 'N/A' || v === 'n/a' || v === 'none' || v === 'any') return null;
  return v;
}

/** True for something that looks like an IPv4 or IPv6 address (cheap, not a full validator). */
export function looksLikeIp(v: string | null | undefined): v is string {
  if (!v || v.length < 2 || v.length > 45) return false;
  let dots = 0;
  let colons = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  if (dots === 3) return colons === 0 && isDottedQuad(v);
  // IPv6: two to seven colons and no dots, so a time such as "13:44:00.021" is not taken for an
  // address (IPv4-mapped "::ffff:192.0.2.1" is rejected too; devices log those as plain IPv4).
  return colons >= 2 && colons <= 7 && dots === 0;
}

/** Four decimal octets 0–255 (rejects "12192.0.2.116" and hex letters, which the loop above lets through). */
function isDottedQuad(v: string): boolean {
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || n > 255) return false;
      n = 0;
      digits = 0;
    } else {
      if (c < 48 || c > 57 || ++digits > 3) return false;
      n = n * 10 + (c - 48);
    }
  }
  return true;
}

/**
 * RFC 5952 text form of an IPv6 address (lower case, leading zeros dropped, the longest
 * run of zero groups as "::"), so the same host reads the same from every vendor.
 * IPv4 and anything unparsable are returned unchanged.
 */
export function canonicalIp(v: string): string {
  if (v.indexOf(':') < 0) return v;
  const dbl = v.indexOf('::');
  const head = dbl < 0 ? v : v.slice(0, dbl);
  const tail = dbl < 0 ? '' : v.slice(dbl + 2);
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if ((dbl < 0 && missing !== 0) || missing < 0) return v;
  const groups = [...h, ...new Array<string>(missing).fill('0'), ...t].map((g) => Number.parseInt(g, 16));
  if (groups.some((g) => !(g >= 0 && g <= 0xffff))) return v;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** An address or null (drops vendor placeholders such as "0.0.0.0" only when asked). */
export function ip(v: string | undefined | null): string | null {
  if (!looksLikeIp(v)) return null;
  return v.indexOf(':') < 0 ? v : canonicalIp(v);
}

const ACTION_WORDS: Record<string, Action> = {
  accept: 'allow',
  accepted: 'allow',
  allow: 'allow',
  allowed: 'allow',
  permit: 'allow',
  permitted: 'allow',
  pass: 'allow',
  passthrough: 'allow',
  pass_through: 'allow',
  close: 'allow',
  timeout: 'allow',
  'server-rst': 'allow',
  'client-rst': 'allow',
  start: 'allow',
  success: 'allow',
  ip_conn: 'allow',
  monitor: 'detect',
  monitored: 'detect',
  detect: 'detect',
  detected: 'detect',
  alert: 'detect',
  alerted: 'detect',
  log: 'detect',
  logged: 'detect',
  tag: 'detect',
  tagged: 'detect',
  'log-only': 'detect',
  block: 'block',
  blocked: 'block',
  deny: 'block',
  denied: 'block',
  reject: 'block',
  rejected: 'block',
  prevent: 'block',
  prevented: 'block',
  'block-url': 'block',
  'block-ip': 'block',
  sinkhole: 'block',
  dropped: 'drop',
  drop: 'drop',
  discard: 'drop',
  discarded: 'drop',
  'drop-all-packets': 'drop',
  'drop-packet': 'drop',
  'drop-icmp': 'drop',
  reset: 'reset',
  'reset-both': 'reset',
  'reset-client': 'reset',
  'reset-server': 'reset',
  'reset-both-sides': 'reset',
  quarantine: 'quarantine',
  quarantined: 'quarantine',
  redirect: 'redirect',
  redirected: 'redirect',
};

/** Vendor action word (any case) → SPEC action, or null when unknown/absent. */
export function normAction(v: string | undefined | null): Action | null {
  if (!v) return null;
  const a = ACTION_WORDS[v] ?? ACTION_WORDS[v.toLowerCase()];
  return a ?? null;
}

/** Host part of a URL ("http://a.example.com:8080/x" → "a.example.com"), lower-cased. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  let s = 0;
  const scheme = url.indexOf('://');
  if (scheme >= 0 && scheme < 12) s = scheme + 3;
  let e = s;
  while (e < url.length) {
    const c = url.charCodeAt(e);
    if (c === 47 || c === 58 || c === 63 || c === 35) break;
    e++;
  }
  if (e === s) return null;
  const at = url.lastIndexOf('@', e);
  if (at >= s) s = at + 1;
  const h = url.slice(s, e).toLowerCase();
  return h.length > 0 ? h : null;
}

/** Lower-case a protocol name or map an IANA protocol number. */
export function protoName(v: string | undefined | null): string | null {
  if (!v) return null;
  switch (v) {
    case '6':
      return 'tcp';
    case '17':
      return 'udp';
    case '1':
      return 'icmp';
    case '58':
      return 'ipv6-icmp';
    case '47':
      return 'gre';
    case '50':
      return 'esp';
    default:
      return v.toLowerCase();
  }
}

/** Clamp a 0–10 style (CEF) or vendor severity word to SPEC 0–4. */
export function severityWord(v: string | undefined | null): number | null {
  if (!v) return null;
  switch (v.toLowerCase()) {
    case 'emergency':
    case 'emerg':
    case 'critical':
    case 'crit':
    case 'alert':
      return 4;
    case 'error':
    case 'err':
    case 'high':
      return 3;
    case 'warning':
    case 'warn':
    case 'medium':
    case 'notice':
      return 2;
    case 'low':
      return 1;
    case 'informational':
    case 'information':
    case 'info':
    case 'debug':
      return 0;
    default:
      return null;
  }
}

/** CEF / LEEF numeric severity 0–10 → SPEC 0–4. */
export function severity10(v: string | undefined | null): number | null {
  const n = int(v);
  if (n === null) return severityWord(v);
  if (n <= 0) return 0;
  if (n <= 3) return 1;
  if (n <= 6) return 2;
  if (n <= 8) return 3;
  return 4;
}
