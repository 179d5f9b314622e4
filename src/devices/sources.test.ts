import { describe, expect, it } from 'vitest';
import { canonicalFingerprint, canonicalHostname, canonicalSource, lookupAddress } from './sources.js';
import { looksLikeToken, newIngestToken } from './token.js';

describe('canonicalSource', () => {
  it.each([
    ['192.0.2.1', { kind: 'address', value: '192.0.2.1' }],
    [' 192.0.2.1/32 ', { kind: 'address', value: '192.0.2.1' }],
    ['192.0.2.77/24', { kind: 'cidr', value: '192.0.2.0/24' }],
    ['0.0.0.0/0', { kind: 'cidr', value: '0.0.0.0/0' }],
    ['2001:DB8:0:0:0:0:0:1', { kind: 'address', value: '2001:db8::1' }],
    ['2001:db8:1::ff/48', { kind: 'cidr', value: '2001:db8:1::/48' }],
    ['::ffff:192.0.2.5', { kind: 'address', value: '192.0.2.5' }],
  ])('%s', (input, out) => {
    expect(canonicalSource(input)).toEqual(out);
  });

  it.each([
    '',
    '192.0.2',
    '192.0.2.256',
    '010.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/x',
    '2001:db8::/129',
    'fe80::1%eth0',
    'host',
  ])('rejects %j', (input) => {
    expect(canonicalSource(input)).toBeNull();
  });
});

describe('lookupAddress / canonicalHostname / canonicalFingerprint / tokens', () => {
  it('normalises what sockets report', () => {
    expect(lookupAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(lookupAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(lookupAddress('2001:DB8::1')).toBe('2001:db8::1');
  });
  it('host names', () => {
    expect(canonicalHostname('FW1.Example.JP.')).toBe('fw1.example.jp');
    expect(canonicalHostname('has space')).toBeNull();
    expect(canonicalHostname('-bad')).toBeNull();
  });
  it('fingerprints', () => {
    expect(canonicalFingerprint('AB:'.repeat(31) + 'AB')).toBe('ab'.repeat(32));
    expect(canonicalFingerprint('ab')).toBeNull();
  });
  it('tokens are otk_ + 32 base64url characters and differ', () => {
    const a = newIngestToken();
    expect(looksLikeToken(a)).toBe(true);
    expect(a).not.toBe(newIngestToken());
  });
});
