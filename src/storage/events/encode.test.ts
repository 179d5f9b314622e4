import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import { BatchEncoder, CSV_NULL, CSV_QUOTE, encodeEvent, mergeBatches } from './encode.js';

describe('BatchEncoder', () => {
  it('counts rollup cells right when neighbouring events share a cell and when they do not', () => {
    const enc = new BatchEncoder();
    const a = makeEvent({ category: 'spam' });
    const b = makeEvent({ category: 'virus', channel: 'web' });
    const c = makeEvent({ category: 'spam', ts: '2026-01-15T04:00:00.000Z' });
    for (const e of [a, a, b, a, b, b, c]) enc.add(e);
    const batch = enc.take();
    expect(batch.rows).toBe(7);
    const cells = Object.fromEntries(
      batch.rollup.map((r) => [`${r[3]}/${r[4]}@${new Date(r[2]).toISOString()}`, r[8]]),
    );
    expect(cells).toEqual({
      'spam/@2026-01-15T03:00:00.000Z': 3,
      'virus/web@2026-01-15T03:00:00.000Z': 3,
      'spam/@2026-01-15T04:00:00.000Z': 1,
    });
    expect(enc.take().rows).toBe(0);
  });

  it('writes one LF-terminated row per event and merges batches', () => {
    const enc = new BatchEncoder();
    enc.add(makeEvent());
    enc.add(makeEvent({ raw: '日本語' }));
    const one = enc.take();
    const text = Buffer.from(one.csv).toString('utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('日本語');
    const merged = mergeBatches([one, one]);
    expect(merged.rows).toBe(4);
    expect(merged.csv.length).toBe(one.csv.length * 2);
  });

  it('quotes every field, writes NULL as its marker, and keeps markers and line breaks out of untrusted text', () => {
    const row = encodeEvent(makeEvent({ threat: `a${CSV_QUOTE}b\nc`, user: null }));
    expect(row.startsWith(CSV_QUOTE)).toBe(true);
    expect(row).not.toContain('\n');
    expect(row).toContain(`${CSV_QUOTE}a b c${CSV_QUOTE}`);
    expect(row).toContain(`${CSV_QUOTE}${CSV_NULL}${CSV_QUOTE}`);
  });
});
