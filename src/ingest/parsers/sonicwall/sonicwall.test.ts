import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { readHost } from './fields-map.js';
import { sonicwallParser } from './index.js';

goldenSuite(import.meta.dirname, 'sonicwall');

const ctx = parseContext('UTC');
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(sonicwallParser.parse(rec(line), ctx));

describe('sonicwall hosts', () => {
  it('reads ip:port:interface:host, empty ports and IPv6 side fields', () => {
    expect(readHost('10.0.0.5:51234:X0:pc-06', undefined)).toEqual({
      ip: '10.0.0.5',
      port: 51234,
      intf: 'X0',
      name: 'pc-06',
    });
    expect(readHost('10.12.14.9::X500', undefined)).toEqual({
      ip: '10.12.14.9',
      port: null,
      intf: 'X500',
      name: null,
    });
    expect(readHost(':8080:X2', '2001:db8::1').ip).toBe('2001:db8::1');
    expect(readHost('192.0.2.1', undefined).ip).toBe('192.0.2.1');
  });
});

describe('sonicwall records', () => {
  it('treats a time without zone as device-local and "UTC" as UTC', () => {
    const local = parse(
      'id=firewall sn=1 time="2026-01-15 09:00:00" fw=192.0.2.1 pri=6 m=98 msg="Connection Opened"',
    );
    const utc = parse(
      'id=firewall sn=1 time="2026-01-15 09:00:00 UTC" fw=192.0.2.1 pri=6 m=98 msg="Connection Opened"',
    );
    expect(local.tsMs).toBe(utc.tsMs);
    const r = sonicwallParser.parse(
      rec('id=firewall sn=1 time="2026-01-15 09:00:00" fw=192.0.2.1 pri=6 m=98 msg="x"'),
      {
        ...ctx,
        tz: 'Asia/Tokyo',
      },
    );
    expect(isFailure(r) ? null : r.tsMs).toBe(Date.UTC(2026, 0, 15, 0, 0, 0));
  });
  it('reads single-quoted appName', () => {
    const ev = parse(
      'id=firewall sn=1 time="2026-01-15 09:00:00" fw=192.0.2.1 pri=6 m=98 msg="Connection Opened" appName=\'Service iMesh\' src=10.0.0.5:1:X0 dst=203.0.113.5:2:X1',
    );
    expect(ev.app).toBe('Service iMesh');
  });
  it('sniffs only id= … sn= … records', () => {
    expect(
      sonicwallParser.sniff(rec('10.0.0.1 id=firewall sn=1 time="2026-01-15 09:00:00" fw=192.0.2.1')),
    ).toBe(true);
    expect(sonicwallParser.sniff(rec('<189>date=2019-05-15 time=18:03:36 devname=FG id=1'))).toBe(false);
    expect(sonicwallParser.sniff(rec('id=firewall'))).toBe(false);
  });
});
