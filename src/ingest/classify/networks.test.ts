import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERNAL_NETWORKS, NetworkListError, NetworkSet, parseIPv4, parseIPv6 } from './networks.js';

describe('parseIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    ['192.168.1.10', 0xc0a8010a],
  ])('%s → %d', (s, n) => expect(parseIPv4(s)).toBe(n));

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1..2.3',
    '01.2.3.4',
    '1.2.3.4 ',
    'a.b.c.d',
    '1.2.3.',
    '::1',
  ])('rejects %j', (s) => expect(parseIPv4(s)).toBe(-1));
});

describe('parseIPv6', () => {
  const words = (s: string): number[] | null => {
    const out = new Uint32Array(4);
    return parseIPv6(s, out) ? [...out] : null;
  };
  it.each([
    ['::', [0, 0, 0, 0]],
    ['::1', [0, 0, 0, 1]],
    ['2001:db8::1', [0x20010db8, 0, 0, 1]],
    ['fe80::1%eth0', [0xfe800000, 0, 0, 1]],
    ['1:2:3:4:5:6:7:8', [0x00010002, 0x00030004, 0x00050006, 0x00070008]],
    ['::ffff:192.0.2.1', [0, 0, 0xffff, 0xc0000201]],
    ['2001:DB8:0:0:0:0:0:A', [0x20010db8, 0, 0, 0xa]],
    ['1::', [0x00010000, 0, 0, 0]],
  ])('%s', (s, w) => expect(words(s)).toEqual(w));

  it.each([
    '',
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7',
    '1:',
    '::1.2.3',
  ])('rejects %j', (s) => expect(words(s)).toBeNull());
});

describe('NetworkSet', () => {
  const def = NetworkSet.parse(DEFAULT_INTERNAL_NETWORKS);
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.100.1', true],
    ['192.169.0.1', false],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.128.0.1', false],
    ['8.8.8.8', false],
    ['203.0.113.7', false],
    ['127.0.0.1', true], // loopback
    ['169.254.10.1', true], // link-local
    ['239.255.255.250', true], // multicast (SSDP)
    ['255.255.255.255', true],
    ['fd12:3456::1', true], // ULA
    ['fc00::1', true],
    ['fe80::1%en0', true],
    ['::1', true],
    ['ff02::fb', true],
    ['2001:db8::1', false],
    ['::ffff:10.0.0.1', true], // IPv4-mapped
    ['::ffff:8.8.8.8', false],
    ['not-an-ip', false],
    ['', false],
  ])('default contains(%s) = %s', (ip, want) => expect(def.contains(ip)).toBe(want));

  it('a per-device list replaces the defaults (local addresses stay inside)', () => {
    const s = NetworkSet.parse(['203.0.113.0/24', '2001:db8:1::/48']);
    expect(s.contains('203.0.113.200')).toBe(true);
    expect(s.contains('10.0.0.1')).toBe(false);
    expect(s.contains('127.0.0.1')).toBe(true);
    expect(s.contains('2001:db8:1:ff::1')).toBe(true);
    expect(s.contains('2001:db8:2::1')).toBe(false);
  });

  it('includeLocal: false gives exactly the list', () => {
    const s = NetworkSet.parse(['10.0.0.0/8'], { includeLocal: false });
    expect(s.contains('127.0.0.1')).toBe(false);
    expect(s.contains('10.9.9.9')).toBe(true);
  });

  it('bare addresses are host routes; host bits are cleared', () => {
    const s = NetworkSet.parse(['198.51.100.5', '192.0.2.77/24'], { includeLocal: false });
    expect(s.contains('198.51.100.5')).toBe(true);
    expect(s.contains('198.51.100.6')).toBe(false);
    expect(s.contains('192.0.2.1')).toBe(true);
  });

  it('/0 matches everything of its family', () => {
    const s = NetworkSet.parse(['0.0.0.0/0'], { includeLocal: false });
    expect(s.contains('8.8.8.8')).toBe(true);
    expect(s.contains('2001:db8::1')).toBe(false);
  });

  it('large lists (hash lookup path) agree with small ones', () => {
    const list = Array.from({ length: 200 }, (_, i) => `10.${i}.0.0/16`).concat([
      '192.0.2.0/28',
      '198.51.100.128/25',
    ]);
    const s = NetworkSet.parse(list, { includeLocal: false });
    expect(s.contains('10.199.3.4')).toBe(true);
    expect(s.contains('10.200.3.4')).toBe(false);
    expect(s.contains('192.0.2.15')).toBe(true);
    expect(s.contains('192.0.2.16')).toBe(false);
    expect(s.contains('198.51.100.200')).toBe(true);
    expect(s.contains('198.51.100.127')).toBe(false);
  });

  it('reports every bad entry at once', () => {
    let err: unknown;
    try {
      NetworkSet.parse(['10.0.0.0/33', 'nonsense', '2001:db8::/129', '192.168.0.0/16', '1.2.3.4/x']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetworkListError);
    expect((err as NetworkListError).problems).toHaveLength(4);
  });
});
