import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { fieldAt, splitCsv } from './csv.js';
import { paloaltoParser } from './index.js';
import { highResMs, panLocalMs } from './pan-time.js';

goldenSuite(import.meta.dirname, 'paloalto');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => paloaltoParser.parse(rec(line), ctx);
const ok = (line: string) => parsedOrThrow(parse(line));

/** A TRAFFIC record of `n` fields (the layout of one PAN-OS version), with overrides by position. */
function traffic(n: number, at: Record<number, string> = {}): string {
  const f: string[] = new Array(n).fill('');
  const base: Record<number, string> = {
    0: '1',
    1: '2019/05/15 18:03:36',
    2: '001801000001',
    3: 'TRAFFIC',
    4: 'end',
    6: '2019/05/15 18:03:36',
    7: '10.0.0.5',
    8: '203.0.113.10',
    14: 'dropbox-base',
    16: 'trust',
    17: 'untrust',
    24: '50123',
    25: '443',
    29: 'tcp',
    30: 'allow',
    32: '100',
    33: '200',
  };
  for (const [k, v] of Object.entries({ ...base, ...at })) f[Number(k)] = v;
  return f.join(',');
}

describe('paloalto CSV splitting', () => {
  it('keeps commas inside quoted fields and unescapes doubled quotes', () => {
    const s = 'a,"b,c",d,"say ""hi""",e';
    const f = splitCsv(s, 0);
    expect(f).not.toBeNull();
    if (!f) return;
    expect(f.count).toBe(5);
    expect(fieldAt(f, 1)).toBe('b,c');
    expect(fieldAt(f, 2)).toBe('d');
    expect(fieldAt(f, 3)).toBe('say "hi"');
    expect(fieldAt(f, 4)).toBe('e');
  });
  it('handles relay-escaped \\"…\\" fields and a trailing empty field', () => {
    const f = splitCsv('x,\\"a,b\\",y,', 0);
    expect(f && [f.count, fieldAt(f, 1), fieldAt(f, 2), fieldAt(f, 3)]).toEqual([4, 'a,b', 'y', '']);
  });
  it('reports an unclosed quote', () => {
    expect(splitCsv('a,"b,c', 0)).toBeNull();
  });
});

describe('paloalto fields', () => {
  it('reads the misc URL with commas (THREAT url)', () => {
    const base = traffic(72, {
      3: 'THREAT',
      4: 'url',
      30: 'block-url',
      31: '"www.example.com/a,b?c=1"',
      32: '(9999)',
      33: 'social-networking',
      34: 'informational',
    });
    const ev = ok(base);
    expect(ev.kind).toBe('web');
    expect(ev.url).toBe('www.example.com/a,b?c=1');
    expect(ev.domain).toBe('www.example.com');
    expect(ev.hints).toMatchObject({ threatType: 'webfilter', urlCategory: 'social-networking' });
    expect(ev.threat).toBeNull();
    expect(ev.action).toBe('block');
  });
  it.each([
    ['8.0', 61],
    ['8.1', 65],
    ['9.0', 67],
    ['9.1', 75],
    ['10.0', 103],
    ['10.1', 105],
    ['10.2', 115],
    ['11.x', 117],
  ])('parses the TRAFFIC layout of PAN-OS %s (%i fields)', (_v, n) => {
    const ev = ok(traffic(n));
    expect([ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port, ev.proto, ev.app]).toEqual([
      '10.0.0.5',
      50123,
      '203.0.113.10',
      443,
      'tcp',
      'dropbox-base',
    ]);
    expect([ev.bytes_out, ev.bytes_in]).toEqual([100, 200]);
    expect(ev.hints).toMatchObject({ srcZone: 'trust', dstZone: 'untrust' });
    expect(ev.tsMs).toBe(Date.UTC(2019, 4, 15, 9, 3, 36));
  });
  it('prefers the High Resolution Timestamp (10.0+) over the device-local Generated Time', () => {
    const ev = ok(traffic(117, { 102: '2019-05-15T18:03:36.250+02:00' }));
    expect(ev.tsMs).toBe(Date.UTC(2019, 4, 15, 16, 3, 36, 250));
  });
  it('ignores a High Resolution Timestamp slot that holds something else', () => {
    expect(ok(traffic(117, { 102: 'garbage' })).tsMs).toBe(Date.UTC(2019, 4, 15, 9, 3, 36));
  });
  it('reads the app subcategory of 10.2+ into appCategory', () => {
    expect(ok(traffic(117, { 105: 'file-sharing', 106: 'general-internet' })).hints.appCategory).toBe(
      'file-sharing',
    );
  });
  it('maps THREAT subtypes onto threat types', () => {
    const t = (sub: string, extra: Record<number, string> = {}) =>
      ok(traffic(72, { 3: 'THREAT', 4: sub, 32: 'Sig(1)', 33: 'any', 34: 'high', ...extra }));
    expect(t('virus', { 14: 'smtp' }).hints).toMatchObject({ threatType: 'virus', service: 'smtp' });
    expect(t('wildfire', { 33: 'malicious' }).hints.threatType).toBe('virus');
    expect(t('wildfire', { 33: 'benign' }).kind).toBe('system');
    expect(t('spyware').hints.threatType).toBe('c2');
    expect(t('vulnerability').hints.threatType).toBe('ips');
    expect(t('scan')).toMatchObject({ kind: 'anomaly', hints: { threatType: 'scan' } });
    expect(t('flood')).toMatchObject({ kind: 'anomaly', hints: { threatType: 'dos' } });
    expect(t('vulnerability').severity).toBe(3);
  });
  it('accepts the syslog header and the ": " relay prefix', () => {
    expect(ok(`<14>May 15 18:03:36 PA-220 ${traffic(61)}`).src_ip).toBe('10.0.0.5');
    expect(ok(`: ${traffic(61)}`).src_ip).toBe('10.0.0.5');
  });
  it('reports truncated and malformed records', () => {
    const cut = parse(traffic(61).split(',').slice(0, 20).join(','));
    expect(isFailure(cut) && cut.error).toBe('truncated');
    const open = parse(traffic(72, { 3: 'THREAT', 4: 'url', 31: '"www.example.com/cut' }));
    expect(isFailure(open) && open.error).toBe('truncated');
    const bogus = parse(traffic(61, { 3: 'BOGUS' }));
    expect(isFailure(bogus) && bogus.error).toBe('malformed');
  });
  it('sniffs CSV and Cortex JSON but not other records', () => {
    expect(paloaltoParser.sniff(rec(traffic(61)))).toBe(true);
    expect(paloaltoParser.sniff(rec('{"LogType":"TRAFFIC","Subtype":"end"}'))).toBe(true);
    expect(paloaltoParser.sniff(rec('{"event_type":"alert"}'))).toBe(false);
    expect(paloaltoParser.sniff(rec('CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|rt=…'))).toBe(false);
    expect(paloaltoParser.sniff(rec('date=2019-05-15 time=18:03:36 devname=FG type=traffic'))).toBe(false);
  });
  it('never throws on mutated input', () => {
    const line = traffic(117, { 102: '2019-05-15T18:03:36.250+02:00' });
    for (let i = 0; i < line.length; i += 7) {
      expect(() => paloaltoParser.parse(rec(line.slice(0, i)), ctx)).not.toThrow();
      expect(() => paloaltoParser.parse(rec(line.slice(i)), ctx)).not.toThrow();
    }
  });
});

describe('paloalto times', () => {
  it('reads the documented and the short date forms in the device zone', () => {
    expect(panLocalMs('2019/05/15 18:03:36', 'UTC')).toBe(Date.UTC(2019, 4, 15, 18, 3, 36));
    expect(panLocalMs('9/16/19 10:00', 'UTC')).toBe(Date.UTC(2019, 8, 16, 10, 0, 0));
    expect(panLocalMs('2019/13/15 18:03:36', 'UTC')).toBeNaN();
  });
  it('tolerates a High Resolution Timestamp whose offset lost a digit', () => {
    expect(highResMs('2024-10-22T08:54:17.012+02:0')).toBe(Date.UTC(2024, 9, 22, 6, 54, 17, 12));
  });
});
