/**
 * Syslog stream de-framing for TCP and TLS (RFC 6587 §3.4, RFC 5425 §4.3).
 *
 * Senders use one of two framings and some switch between them on one connection
 * (a relay forwarding for several devices), so the method is chosen per message:
 *   - octet counting: `MSG-LEN SP SYSLOG-MSG`, e.g. `87 <165>1 2026-01-05T10:00:00Z fw1 …`.
 *     Chosen when the frame starts with 1–9 digits (no leading zero), one space and `<`
 *     (every syslog message begins with its PRI), so a raw LF-framed line that happens to
 *     start with a number (`2026-01-05 …`, `123 foo`) is not misread as a length.
 *   - non-transparent (LF-delimited): the message ends at the next LF.
 *
 * Oversized records (more than `maxRecordBytes`) are not dropped: the first
 * `maxRecordBytes + 1` bytes are emitted as one record, which the record pipeline
 * quarantines as `too-long` with its text, and the rest of that record is skipped. So
 * nothing disappears without a trace and buffers stay bounded by `maxRecordBytes`.
 */

const LF = 10;
const SP = 32;
const LT = 60;
const MAX_LEN_DIGITS = 9;

export interface DeframerOptions {
  /** Largest record kept whole (default 64 KiB, the store's record limit). */
  maxRecordBytes?: number;
}

export interface DeframerStats {
  /** Records longer than the limit, emitted cut (and quarantined downstream). */
  truncated: number;
}

type State =
  | { kind: 'start' }
  | { kind: 'counted'; remaining: number; keep: number; parts: Buffer[] }
  | { kind: 'skipLine' };

export class SyslogDeframer {
  private readonly max: number;
  private carry: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'start' };
  readonly stats: DeframerStats = { truncated: 0 };

  constructor(opts: DeframerOptions = {}) {
    this.max = opts.maxRecordBytes ?? 64 * 1024;
  }

  /** Bytes held back waiting for the rest of a record (bounded by the record limit). */
  get buffered(): number {
    let n = this.carry.length;
    if (this.state.kind === 'counted') for (const p of this.state.parts) n += p.length;
    return n;
  }

  /**
   * Feeds bytes from the stream; returns the complete records found (without framing).
   * Records may share memory with `data` (sockets hand over a fresh buffer per read).
   */
  push(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const buf = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    this.carry = Buffer.alloc(0);
    let pos = 0;
    while (pos < buf.length) {
      const st = this.state;
      if (st.kind === 'counted') {
        const take = Math.min(st.remaining, buf.length - pos);
        const keepNow = Math.min(take, st.keep);
        if (keepNow > 0) st.parts.push(buf.subarray(pos, pos + keepNow));
        st.keep -= keepNow;
        st.remaining -= take;
        pos += take;
        if (st.remaining === 0) {
          out.push(st.parts.length === 1 ? Buffer.from(st.parts[0]) : Buffer.concat(st.parts));
          this.state = { kind: 'start' };
        } else {
          // parts point into `buf`, which the caller may reuse: own a copy
          st.parts = [Buffer.concat(st.parts)];
        }
        continue;
      }
      if (st.kind === 'skipLine') {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0) {
          pos = buf.length;
          break;
        }
        pos = nl + 1;
        this.state = { kind: 'start' };
        continue;
      }
      // start of a frame: octet counting or LF?
      const counted = this.readLength(buf, pos);
      if (counted === 'more') {
        this.carry = Buffer.from(buf.subarray(pos));
        break;
      }
      if (counted !== null) {
        const { len, bodyStart } = counted;
        const keep = len > this.max ? this.max + 1 : len;
        if (len > this.max) this.stats.truncated++;
        this.state = { kind: 'counted', remaining: len, keep, parts: [] };
        pos = bodyStart;
        continue;
      }
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        if (buf.length - pos > this.max) {
          out.push(Buffer.from(buf.subarray(pos, pos + this.max + 1)));
          this.stats.truncated++;
          this.state = { kind: 'skipLine' };
          pos = buf.length;
        } else {
          this.carry = Buffer.from(buf.subarray(pos));
        }
        break;
      }
      if (nl - pos > this.max) {
        out.push(Buffer.from(buf.subarray(pos, pos + this.max + 1)));
        this.stats.truncated++;
      } else if (nl > pos && !(nl - pos === 1 && buf[pos] === 13)) {
        out.push(buf.subarray(pos, nl));
      }
      pos = nl + 1;
    }
    return out;
  }

  /** End of stream: a last LF-framed record without its LF is still a record. */
  end(): Buffer[] {
    const out: Buffer[] = [];
    if (this.state.kind === 'counted' && this.state.parts.length) {
      // the sender announced more than it sent: keep what arrived (quarantined as it is cut)
      out.push(Buffer.concat(this.state.parts));
    } else if (this.state.kind === 'start' && this.carry.length) {
      out.push(this.carry);
    }
    this.carry = Buffer.alloc(0);
    this.state = { kind: 'start' };
    return out;
  }

  /**
   * `null` = not octet counting; 'more' = cannot tell yet (the frame so far is all digits);
   * otherwise the announced length and where the message starts.
   */
  private readLength(buf: Buffer, pos: number): { len: number; bodyStart: number } | null | 'more' {
    const c0 = buf[pos];
    if (c0 < 49 || c0 > 57) return null; // '1'..'9'
    let i = pos + 1;
    while (i < buf.length && i - pos < MAX_LEN_DIGITS && buf[i] >= 48 && buf[i] <= 57) i++;
    if (i === buf.length) return 'more';
    if (buf[i] !== SP) return null;
    if (i + 1 === buf.length) return 'more';
    if (buf[i + 1] !== LT) return null;
    return { len: Number(buf.toString('latin1', pos, i)), bodyStart: i + 1 };
  }
}

/** Frames a record for octet counting (tests, benchmark sender). */
export function frameOctetCounted(msg: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${msg.length} `), msg]);
}

/** Frames a record with a trailing LF. */
export function frameLf(msg: Buffer): Buffer {
  return Buffer.concat([msg, Buffer.from('\n')]);
}
