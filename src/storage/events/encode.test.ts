import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import { BatchEncoder, CSV_NULL, CSV_QUOTE, encodeEvent, mergeBatches, topDayOf } from './encode.js';

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
      batch.rollup.map((r) => [`${r[3]}/${r[4]}@${new Date(r[2]).toISOString()}`, r[9]]),
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

  it('keeps the action as a rollup dimension', () => {
    const enc = new BatchEncoder();
    for (const action of ['block', 'block', 'allow', null] as const)
      enc.add(makeEvent({ category: 'harmful-web', action }));
    const cells = Object.fromEntries(enc.take().rollup.map((r) => [r[8], r[9]]));
    expect(cells).toEqual({ block: 2, allow: 1, '': 1 });
  });

  it('counts daily top cells (service = app ?? domain ?? threat, host = the internal side) for usage items only', () => {
    const enc = new BatchEncoder();
    const evs = [
      makeEvent({ category: 'online-storage', app: 'Dropbox', domain: 'www.dropbox.com' }),
      makeEvent({ category: 'online-storage', app: 'Dropbox', domain: 'www.dropbox.com' }),
      makeEvent({ category: 'online-storage', domain: 'gigafile.nu', src_ip: '192.168.1.11' }),
      makeEvent({
        category: 'remote-access',
        direction: 'inbound',
        app: 'RDP',
        src_ip: '203.0.113.9',
        dst_ip: '192.168.1.1',
      }),
      // attacks and plain traffic have no top cells
      makeEvent({ category: 'intrusion-inbound', threat: 'SSL.VPN.Brute.Force.Login' }),
      makeEvent({ category: null, domain: 'example.com' }),
      // 15:00 UTC is midnight in Japan: a new day
      makeEvent({ category: 'online-storage', app: 'Dropbox', ts: '2026-01-15T15:00:00.000Z' }),
    ];
    for (const e of evs) enc.add(e);
    const top = enc.take().top;
    const cells = Object.fromEntries(
      top.map((r) => [`${new Date(r[1]).toISOString()} ${r[2]} ${r[3]} ${r[4]}`, r[5]]),
    );
    expect(cells).toEqual({
      '2026-01-14T15:00:00.000Z online-storage Dropbox 192.168.1.10': 2,
      '2026-01-14T15:00:00.000Z online-storage gigafile.nu 192.168.1.11': 1,
      '2026-01-14T15:00:00.000Z remote-access RDP 192.168.1.1': 1,
      '2026-01-15T15:00:00.000Z online-storage Dropbox 192.168.1.10': 1,
    });
  });

  it('puts Japan calendar days at 15:00 UTC', () => {
    expect(new Date(topDayOf(Date.parse('2026-01-15T14:59:59.999Z'))).toISOString()).toBe(
      '2026-01-14T15:00:00.000Z',
    );
    expect(new Date(topDayOf(Date.parse('2026-01-15T15:00:00.000Z'))).toISOString()).toBe(
      '2026-01-15T15:00:00.000Z',
    );
  });
});
