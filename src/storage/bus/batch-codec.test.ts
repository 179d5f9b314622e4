import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import { encodeBatch } from '../events/encode.js';
import type { QuarantineRecord } from '../events/event-store.js';
import { BadBusPayloadError, decodeBusPayload, encodeBusPayload } from './batch-codec.js';

const q: QuarantineRecord = {
  received: '2026-01-15T03:10:00.000Z',
  tenant: 'acme',
  device: 'fw1',
  format: 'fortigate',
  code: 'unparsable',
  message: 'no key=value pairs',
  raw: 'garbage 日本語',
};

describe('bus payload codec', () => {
  it('round-trips an encoded batch and its quarantine rows', () => {
    const batch = encodeBatch([
      makeEvent(),
      makeEvent({ category: 'online-storage', domain: 'example.jp', raw: 'ログ' }),
    ]);
    const out = decodeBusPayload(encodeBusPayload(batch, [q]));
    expect(out.batch).toEqual({ ...batch, csv: new Uint8Array(batch.csv) });
    expect(Buffer.from(out.batch.csv).equals(Buffer.from(batch.csv))).toBe(true);
    expect(out.quarantine).toEqual([q]);
  });

  it('round-trips an empty batch', () => {
    const batch = encodeBatch([]);
    expect(decodeBusPayload(encodeBusPayload(batch)).batch.rows).toBe(0);
  });

  it('round-trips a batch whose every record was quarantined (an empty CSV with no memory behind it)', () => {
    // zlib's crc32 answers 0 for a view without a backing store, whatever the running value
    const batch = { csv: new Uint8Array(new ArrayBuffer(0)), rows: 0, rollup: [], top: [] };
    const out = decodeBusPayload(encodeBusPayload(batch, [q]));
    expect(out.batch.rows).toBe(0);
    expect(out.quarantine).toEqual([q]);
  });

  it('rejects foreign, truncated and altered payloads', () => {
    const good = encodeBusPayload(encodeBatch([makeEvent()]), [q]);
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['foreign', new Uint8Array(Buffer.from('{"rows":1}'))],
      ['truncated meta', good.subarray(0, 20)],
      ['truncated csv', good.subarray(0, good.length - 1)],
      ['one byte changed', Uint8Array.from(good, (b, i) => (i === good.length - 3 ? b ^ 1 : b))],
    ];
    for (const [name, bytes] of cases)
      expect(() => decodeBusPayload(bytes), name).toThrow(BadBusPayloadError);
  });

  it('decodes from a view into a larger buffer (as a message body can be)', () => {
    const payload = encodeBusPayload(encodeBatch([makeEvent()]));
    const big = new Uint8Array(payload.length + 10);
    big.set(payload, 5);
    expect(decodeBusPayload(big.subarray(5, 5 + payload.length)).batch.rows).toBe(1);
  });
});
