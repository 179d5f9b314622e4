import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameLf, frameOctetCounted, SyslogDeframer } from '../../src/ingest/sources/syslog-framing.js';

const LF_LIKE_COUNTED = /^[1-9][0-9]* </;

/** A message that LF framing can carry unambiguously: no LF, not empty, not `123 <…`. */
const lfMessage = fc
  .uint8Array({ minLength: 1, maxLength: 300 })
  .map((a) => Buffer.from(a.map((b) => (b === 10 ? 65 : b))))
  .filter((b) => !LF_LIKE_COUNTED.test(b.toString('latin1')) && !(b.length === 1 && b[0] === 13));

/** Octet counting carries anything that starts with a PRI, LFs included. */
const countedMessage = fc
  .uint8Array({ minLength: 0, maxLength: 300 })
  .map((a) => Buffer.concat([Buffer.from('<13>'), Buffer.from(a)]));

const framed = fc.oneof(
  lfMessage.map((m) => ({ m, f: frameLf(m) })),
  countedMessage.map((m) => ({ m, f: frameOctetCounted(m) })),
);

function feed(d: SyslogDeframer, stream: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts.map((x) => x % (stream.length + 1))].sort((a, b) => a - b)) {
    out.push(...d.push(stream.subarray(prev, c)));
    prev = c;
  }
  out.push(...d.push(stream.subarray(prev)));
  out.push(...d.end());
  return out;
}

describe('SyslogDeframer', () => {
  it('round-trips mixed octet-counted and LF-framed messages split anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(framed, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (msgs, cuts) => {
          const stream = Buffer.concat(msgs.map((x) => x.f));
          const got = feed(new SyslogDeframer(), stream, cuts);
          expect(got.map((b) => b.toString('hex'))).toEqual(msgs.map((x) => x.m.toString('hex')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a last LF-framed record that lacks its LF', () => {
    const d = new SyslogDeframer();
    expect(d.push(Buffer.from('<13>a\n<13>b')).map(String)).toEqual(['<13>a']);
    expect(d.end().map(String)).toEqual(['<13>b']);
  });

  it('reads a raw line starting with digits as LF-framed', () => {
    const d = new SyslogDeframer();
    expect(d.push(Buffer.from('2026-01-05 10:00:00 x\n123 foo\n')).map(String)).toEqual([
      '2026-01-05 10:00:00 x',
      '123 foo',
    ]);
  });

  it('cuts oversized records to limit + 1 bytes, in both framings, and resynchronises', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 17, max: 200 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (len, counted, cuts) => {
          const big = Buffer.concat([Buffer.from('<13>'), Buffer.alloc(len, 120)]);
          const next = Buffer.from('<13>next');
          const stream = Buffer.concat([counted ? frameOctetCounted(big) : frameLf(big), frameLf(next)]);
          const d = new SyslogDeframer({ maxRecordBytes: 16 });
          const got = feed(d, stream, cuts);
          expect(got.map(String)).toEqual(
            [big.subarray(0, 17).toString(), 'next'].map((s, i) => (i === 1 ? '<13>next' : s)),
          );
          expect(d.stats.truncated).toBe(1);
          expect(d.buffered).toBe(0);
        },
      ),
    );
  });
});
