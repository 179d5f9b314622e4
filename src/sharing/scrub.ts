/**
 * What may stay of the free-text columns. Threat and application names come from the
 * vendors' catalogues ("W32/Emotet.ABC!tr", "TeamViewer"), but some devices write a file
 * name, a mailbox, a path or an address into them ("Eicar in invoice_yamada.xlsx"); those
 * parts become placeholders. Anything that carries one of the provider's own identifiers
 * (company ids, device ids, company names) is dropped whole: no placeholder can be sure
 * to have caught every spelling around it.
 */
import { parse as parseHost } from 'tldts';
import { parseIp } from './crypto-pan.js';

/** Longest text kept of a threat or application name. */
export const MAX_TEXT_CHARS = 200;

/** Identifiers shorter than this are not searched for (three letters match too much). */
const MIN_IDENTIFIER_CHARS = 4;

/**
 * Case-insensitive search for any of a set of words (company ids, device ids, user
 * names, company names). Words are filed under their first four characters, so a text
 * is checked with one lookup per position, however many thousand words there are.
 */
export class IdentifierMatcher {
  private readonly byPrefix = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const raw of new Set([...words].map((w) => w.trim().toLowerCase()))) {
      if (raw.length < MIN_IDENTIFIER_CHARS) continue;
      const key = raw.slice(0, MIN_IDENTIFIER_CHARS);
      const list = this.byPrefix.get(key);
      if (list) list.push(raw);
      else this.byPrefix.set(key, [raw]);
    }
  }

  test(text: string): boolean {
    if (this.byPrefix.size === 0) return false;
    const t = text.toLowerCase();
    for (let i = 0; i + MIN_IDENTIFIER_CHARS <= t.length; i++) {
      const list = this.byPrefix.get(t.slice(i, i + MIN_IDENTIFIER_CHARS));
      if (list) for (const w of list) if (t.startsWith(w, i)) return true;
    }
    return false;
  }
}

/** Extensions of files people send and download (documents, archives, programs, scripts). */
const FILE_EXTENSIONS = (
  'exe dll scr com bat cmd ps1 psm1 vbs vbe js jse wsf hta lnk msi jar apk iso img vhd zip rar 7z lzh gz ' +
  'tgz tar cab doc docx docm dot xls xlsx xlsm xlsb ppt pptx pptm pdf rtf txt csv eml msg htm html one svg ' +
  'png jpg jpeg gif mp4 jtd xml json log bak db sql py sh'
).split(' ');

/** Replacements in order: the longer shapes first, so a URL is not half-eaten as a path. */
const PATTERNS: readonly [RegExp, string][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi, '<url>'],
  [/[^\s@<>"'()[\],;:]+@[^\s@<>"'()[\],;:]+/g, '<email>'],
  [/(?:\b[a-z]:\\|\\\\)[^\s"'<>|]*/gi, '<path>'],
  [/(?<![\w.])(?:\/[^\s/"'<>]+){2,}\/?/g, '<path>'],
  [new RegExp(`[^\\s\\\\/"'<>|:*?]+\\.(?:${FILE_EXTENSIONS.join('|')})(?![\\w.-])`, 'gi'), '<file>'],
  [/(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g, '<ip>'],
];

/** Lower-case dotted words under a public suffix ("mail.alpha-kogyo.co.jp"): a host name. */
const HOSTLIKE = /(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+(?![\w.-])/g;
/** Colon-separated hex groups: maybe an IPv6 address. */
const V6LIKE = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:.])/gi;

function scrubHosts(s: string): string {
  return s
    .replace(HOSTLIKE, (m) => {
      const p = parseHost(m);
      return p.isIp || (p.isIcann && p.domain) ? (p.isIp ? '<ip>' : '<host>') : m;
    })
    .replace(V6LIKE, (m) => (parseIp(m) ? '<ip>' : m));
}

/**
 * A threat or application name with mailboxes, URLs, paths, file names, addresses and
 * host names replaced; null when nothing is left or it names one of `known`.
 */
export function scrubText(value: string, known: IdentifierMatcher): string | null {
  if (known.test(value)) return null;
  let s = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  for (const [re, mark] of PATTERNS) s = s.replace(re, mark);
  s = scrubHosts(s).replace(/\s+/g, ' ').trim();
  if (s.length > MAX_TEXT_CHARS) s = s.slice(0, MAX_TEXT_CHARS);
  return s === '' ? null : s;
}

/** A short code (vendor, protocol, threat family): kept when it is one word and names nothing. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._+/-]{0,47}$/;

export function scrubToken(value: string, known: IdentifierMatcher): string | null {
  const v = value.trim();
  if (!TOKEN.test(v) || known.test(v) || parseIp(v)) return null;
  const host = parseHost(v);
  if (/^[a-z0-9.-]+$/.test(v) && v.includes('.') && host.isIcann && host.domain) return null;
  return v;
}

/** A device rule id is kept when it is a number; a rule name (often the company's own words) is not. */
export function isRuleNumber(value: string): boolean {
  return /^\d{1,10}$/.test(value.trim());
}

/**
 * The registrable domain of a public site ("www.example.co.jp" → "example.co.jp"), by
 * the ICANN part of the Public Suffix List; null for an address, an internal name
 * (.local, .lan, .corp, home.arpa …) or a name under a private suffix owner
 * (a github.io page names its owner).
 */
export function registrableDomain(host: string): string | null {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === '' || h.length > 253) return null;
  const p = parseHost(h, { allowPrivateDomains: false });
  if (p.isIp || !p.isIcann || !p.domain || !p.publicSuffix) return null;
  if (p.publicSuffix === 'arpa' || p.publicSuffix.endsWith('.arpa')) return null;
  return p.domain;
}
