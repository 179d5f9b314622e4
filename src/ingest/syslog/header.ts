/**
 * Syslog framing as files and sockets carry it: RFC 5424, RFC 3164 (BSD) with the
 * variants real relays write (ISO timestamps after PRI, a year in the timestamp, no
 * PRI at all in files), and bare payloads with no header at all.
 *
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg
 *   <34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8
 *   Oct 11 22:14:15 mymachine su: 'su root' failed …            (a file written by syslogd)
 *   <189>date=2019-05-15 time=18:03:36 devname=FG …             (FortiGate: PRI then payload)
 */
import { localToEpochMs, MONTHS, num, parseDateTime } from '../../core/time.js';

export interface SyslogHeader {
  pri: number | null;
  /** Epoch ms of the header timestamp; null when the header has none; NaN when it is impossible. */
  tsMs: number | null;
  host: string | null;
  app: string | null;
  pid: string | null;
  msgid: string | null;
  /** RFC 5424 structured data, verbatim, when present. */
  sd: string | null;
  /** Offset in the line where the payload starts. */
  bodyStart: number;
}

export interface HeaderContext {
  tz: string;
  /** Reference time (ms) for the year RFC 3164 leaves out. */
  nowMs: number;
}

const NO_HEADER: SyslogHeader = {
  pri: null,
  tsMs: null,
  host: null,
  app: null,
  pid: null,
  msgid: null,
  sd: null,
  bodyStart: 0,
};

export function parseSyslogHeader(line: string, ctx: HeaderContext): SyslogHeader {
  let i = 0;
  let pri: number | null = null;
  if (line.charCodeAt(0) === 60 /* < */) {
    const close = line.indexOf('>', 1);
    if (close > 1 && close <= 4) {
      const p = num(line, 1, close - 1);
      if (p >= 0 && p <= 191) {
        pri = p;
        i = close + 1;
      }
    }
    if (pri === null) return NO_HEADER;
  }
  // RFC 5424: VERSION SP
  if (pri !== null && line.charCodeAt(i) === 49 && line.charCodeAt(i + 1) === 32) {
    return rfc5424(line, i + 2, pri, ctx);
  }
  const h = rfc3164(line, i, pri, ctx);
  if (h) return h;
  return pri === null ? NO_HEADER : { ...NO_HEADER, pri, bodyStart: i };
}

function rfc5424(line: string, start: number, pri: number, ctx: HeaderContext): SyslogHeader {
  let i = start;
  const next = (): string | null => {
    const sp = line.indexOf(' ', i);
    const end = sp < 0 ? line.length : sp;
    const tok = line.slice(i, end);
    i = sp < 0 ? line.length : sp + 1;
    return tok === '-' ? null : tok;
  };
  const tsTok = next();
  const tsMs = tsTok === null ? null : parseDateTime(tsTok, ctx.tz);
  const host = next();
  const app = next();
  const pid = next();
  const msgid = next();
  let sd: string | null = null;
  if (line.charCodeAt(i) === 91 /* [ */) {
    const end = structuredDataEnd(line, i);
    sd = line.slice(i, end);
    i = end;
    if (line.charCodeAt(i) === 32) i++;
  } else if (line.charCodeAt(i) === 45 /* - */) {
    i += line.charCodeAt(i + 1) === 32 ? 2 : 1;
  }
  if (line.charCodeAt(i) === 0xfeff) i++; // BOM before a UTF-8 MSG
  return { pri, tsMs, host, app, pid, msgid, sd, bodyStart: i };
}

/** End offset of the SD-ELEMENT list starting at `i` ("]" inside quoted values is escaped as \]). */
function structuredDataEnd(line: string, i: number): number {
  const n = line.length;
  while (i < n && line.charCodeAt(i) === 91) {
    let inQuote = false;
    i++;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === 34) inQuote = !inQuote;
      else if (c === 93 && !inQuote) {
        i++;
        break;
      }
    }
  }
  return i;
}

function rfc3164(line: string, start: number, pri: number | null, ctx: HeaderContext): SyslogHeader | null {
  let i = start;
  let tsMs: number | null;
  const c0 = line.charCodeAt(i);
  if (c0 >= 48 && c0 <= 57) {
    // ISO-8601 timestamp (rsyslog RFC3339 template) or "2019-05-15 18:03:36"
    const sp = line.indexOf(' ', i);
    if (sp < 0) return null;
    let end = sp;
    let tok = line.slice(i, end);
    if (tok.length === 10 && line.charCodeAt(sp + 3) === 58) {
      const sp2 = line.indexOf(' ', sp + 1);
      end = sp2 < 0 ? line.length : sp2;
      tok = line.slice(i, end);
    }
    tsMs = parseDateTime(tok.replace(/:$/, ''), ctx.tz);
    if (Number.isNaN(tsMs)) return null;
    i = end + 1;
  } else {
    const mon = MONTHS[line.slice(i, i + 3)];
    if (mon === undefined || line.charCodeAt(i + 3) !== 32) return null;
    // "Oct  1" (space padded) or "Oct 11"; optional year: "Oct 11 2019 22:14:15"
    let j = i + 4;
    if (line.charCodeAt(j) === 32) j++;
    const dEnd = line.indexOf(' ', j);
    if (dEnd < 0) return null;
    const day = num(line, j, dEnd - j);
    j = dEnd + 1;
    let year = Number.NaN;
    if (line.charCodeAt(j + 4) === 32 && line.charCodeAt(j + 2) !== 58) {
      year = num(line, j, 4);
      j += 5;
    }
    if (line.charCodeAt(j + 2) !== 58 || line.charCodeAt(j + 5) !== 58) return null;
    const h = num(line, j, 2);
    const mi = num(line, j + 3, 2);
    const s = num(line, j + 6, 2);
    j += 8;
    let ms = 0;
    if (line.charCodeAt(j) === 46) {
      const fs = j + 1;
      j = fs;
      while (line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
      ms = Number(line.slice(fs, Math.min(j, fs + 3)).padEnd(3, '0'));
    }
    if (Number.isNaN(year)) year = inferYear(mon, day, ctx);
    tsMs = localToEpochMs(year, mon, day, h, mi, s, ms, ctx.tz);
    if (line.charCodeAt(j) === 58) j++; // "Oct 11 22:14:15: msg" (Yamaha file style)
    if (line.charCodeAt(j) !== 32) return j >= line.length ? { ...NO_HEADER, pri, tsMs, bodyStart: j } : null;
    i = j + 1;
  }
  // HOSTNAME: a token without '=', ':' at its end or quotes; then an optional TAG[PID]:
  let host: string | null = null;
  let app: string | null = null;
  let pid: string | null = null;
  const sp = line.indexOf(' ', i);
  const tok = sp < 0 ? line.slice(i) : line.slice(i, sp);
  if (tok.length > 0 && isHostToken(tok)) {
    host = tok;
    i = sp < 0 ? line.length : sp + 1;
  }
  const tag = readTag(line, i);
  if (tag) {
    app = tag.app;
    pid = tag.pid;
    i = tag.end;
  }
  return { pri, tsMs, host, app, pid, msgid: null, sd: null, bodyStart: i };
}

function isHostToken(tok: string): boolean {
  if (tok.length > 255) return false;
  for (let k = 0; k < tok.length; k++) {
    const c = tok.charCodeAt(k);
    // letters, digits, - . _ and ':' inside (IPv6) but not at the end (that is a tag)
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 46 ||
      c === 95 ||
      (c === 58 && k < tok.length - 1);
    if (!ok) return false;
  }
  return true;
}

function readTag(line: string, i: number): { app: string; pid: string | null; end: number } | null {
  const n = Math.min(line.length, i + 64);
  let j = i;
  for (; j < n; j++) {
    const c = line.charCodeAt(j);
    if (c === 58 || c === 91) break;
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 46 ||
      c === 95 ||
      c === 47;
    if (!ok) return null;
  }
  if (j === i || j >= n) return null;
  const app = line.slice(i, j);
  let pid: string | null = null;
  if (line.charCodeAt(j) === 91) {
    const close = line.indexOf(']', j);
    if (close < 0 || close - j > 24) return null;
    pid = line.slice(j + 1, close);
    j = close + 1;
  }
  if (line.charCodeAt(j) !== 58) return null;
  j++;
  if (line.charCodeAt(j) === 32) j++;
  return { app, pid, end: j };
}

/** RFC 3164 has no year: take the one that puts the record closest before "now" (Dec logs read in Jan). */
function inferYear(month: number, day: number, ctx: HeaderContext): number {
  const now = new Date(ctx.nowMs);
  const y = now.getUTCFullYear();
  const candidate = Date.UTC(y, month - 1, day);
  return candidate - ctx.nowMs > 31 * 86_400_000 ? y - 1 : y;
}
