import { describe, expect, it } from 'vitest';
import { canonicalIp, hostOf, ip, looksLikeIp, normAction, port, protoName, severity10 } from './fields.js';

describe('field converters', () => {
  it.each([
    ['192.0.2.1', true],
    ['2001:db8::1', true],
    ['fe80::1', true],
    ['12192.0.2.116', false],
    ['256.1.1.1', false],
    ['13:44:00.021', false],
    ['abc', false],
    ['', false],
  ])('looksLikeIp(%s) = %s', (v, want) => expect(looksLikeIp(v)).toBe(want));

  it('writes IPv6 in RFC 5952 form', () => {
    expect(canonicalIp('2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(canonicalIp('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('::1')).toBe('::1');
    expect(canonicalIp('fe80::')).toBe('fe80::');
    expect(ip('2001:db8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('192.0.2.1')).toBe('192.0.2.1');
  });

  it('ports, actions, protocols, hosts, severities', () => {
    expect([port('443'), port('65536'), port('-1'), port('')]).toEqual([443, null, null, null]);
    expect([normAction('Accept'), normAction('deny'), normAction('reset-both'), normAction('xyz')]).toEqual([
      'allow',
      'block',
      'reset',
      null,
    ]);
    expect([protoName('6'), protoName('UDP')]).toEqual(['tcp', 'udp']);
    expect(hostOf('https://user@Files.Example.com:8443/a?b')).toBe('files.example.com');
    expect([severity10('0'), severity10('5'), severity10('10'), severity10('High')]).toEqual([0, 2, 4, 3]);
  });
});
