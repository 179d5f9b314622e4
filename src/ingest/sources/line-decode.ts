/**
 * Bytes → text lines. Logs are UTF-8 nearly always, but Japanese routers (Yamaha RTX)
 * and old Windows relays write Shift_JIS: a line that is not valid UTF-8 is tried as
 * Shift_JIS, and only if both fail does it keep U+FFFD marks (then quarantined as
 * invalid-encoding by the record pipeline).
 */
import { isAscii } from 'node:buffer';
import { BINARY } from '../text-checks.js';

const HIGH = /[\u0080-\u00ff]/;

const sjis = new TextDecoder('shift_jis', { fatal: true });

/** Decodes one line's bytes, UTF-8 first, then Shift_JIS. */
export function decodeLineBytes(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const s = b.toString('utf8');
  if (!s.includes('\uFFFD')) return s;
  if (isValidUtf8(b)) return s; // a real U+FFFD written by the device
  try {
    return sjis.decode(b);
  } catch {
    return s;
  }
}

function isValidUtf8(b: Buffer): boolean {
  // Buffer#toString replaces bad sequences; a strict decoder tells whether it had to.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a chunk that ends on a line boundary into lines (LF; a trailing CR is removed
 * by the record pipeline). The common all-UTF-8 chunk is decoded in one call.
 */
export function splitChunk(chunk: Uint8Array): string[] {
  return decodeChunk(chunk).lines;
}

/**
 * Like `splitChunk`, and tells whether the whole chunk is free of control characters and
 * undecodable bytes, so the per-line checks can be skipped (the common case).
 */
export function decodeChunk(chunk: Uint8Array): { lines: string[]; clean: boolean } {
  const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // Decoded as Latin-1 first: one byte per character, so character offsets are byte
  // offsets and ASCII lines become V8 one-byte strings (a single Japanese mail subject
  // in a UTF-8-decoded chunk would make every line of it a slower two-byte string).
  const text = b.toString('latin1');
  const lines = splitText(text);
  if (isAscii(b)) return { lines, clean: !BINARY.test(text) };
  // Only the lines holding bytes ≥ 0x80 are decoded again (UTF-8, else Shift_JIS).
  let clean = true;
  let off = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (HIGH.test(l)) {
      const s = decodeLineBytes(b.subarray(off, off + l.length));
      lines[i] = s;
      if (s.includes('\uFFFD')) clean = false;
    }
    off += l.length + 1;
  }
  return { lines, clean: clean && !BINARY.test(text) };
}

function splitText(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Cuts a byte stream into chunks that end on '\n', carrying the tail over. A line that
 * grows past `maxLineBytes` without a newline is cut: its first `maxLineBytes` bytes are
 * emitted as one over-long record (the pipeline quarantines it as too-long) and the
 * rest is skipped up to the next newline, so memory stays bounded.
 */
export class LineChunker {
  private tail: Buffer = Buffer.alloc(0);
  private skipping = false;

  constructor(private readonly maxLineBytes = 64 * 1024 + 1) {}

  /** Returns a chunk of whole lines (possibly empty). */
  push(data: Buffer): Buffer {
    let buf = data;
    if (this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) return Buffer.alloc(0);
      this.skipping = false;
      buf = buf.subarray(nl + 1);
    }
    const joined = this.tail.length ? Buffer.concat([this.tail, buf]) : buf;
    const last = joined.lastIndexOf(10);
    if (last < 0) {
      if (joined.length > this.maxLineBytes) {
        this.tail = Buffer.alloc(0);
        this.skipping = true;
        return Buffer.concat([joined.subarray(0, this.maxLineBytes), Buffer.from('\n')]);
      }
      this.tail = Buffer.from(joined);
      return Buffer.alloc(0);
    }
    this.tail = Buffer.from(joined.subarray(last + 1));
    return joined.subarray(0, last + 1);
  }

  /** The last line when the stream did not end with a newline. */
  end(): Buffer {
    const t = this.tail;
    this.tail = Buffer.alloc(0);
    return t.length && !this.skipping ? Buffer.concat([t, Buffer.from('\n')]) : Buffer.alloc(0);
  }
}
