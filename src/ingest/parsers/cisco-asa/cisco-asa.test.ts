import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { readEndpoint } from './endpoint.js';
import { readFtdPairs } from './ftd-event.js';
import { ciscoAsaParser } from './index.js';

goldenSuite(import.meta.dirname, 'cisco-asa');

const ctx = parseContext('UTC');
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(ciscoAsaParser.parse(rec(line), ctx));

describe('cisco-asa endpoints', () => {
  it('reads interface, address, port and identity user', () => {
    const s = 'outside:192.0.2.1/443(DOM\\user)';
    expect(readEndpoint(s, 0, s.length)).toEqual({
      intf: 'outside',
      ip: '192.0.2.1',
      name: null,
      port: 443,
      service: null,
      user: 'DOM\\user',
    });
  });
  it('reads IPv6 behind an interface name and service-name ports', () => {
    const a = 'outside:2001:db8::1/443';
    expect(readEndpoint(a, 0, a.length)?.ip).toBe('2001:db8::1');
    const b = 'outside:192.0.2.1/ssh';
    expect(readEndpoint(b, 0, b.length)?.port).toBe(22);
  });
});

describe('cisco-asa direction of connection records', () => {
  it('swaps Built outbound so the inside host is the source', () => {
    const ev = parse(
      '%ASA-6-302013: Built outbound TCP connection 1 for outside:203.0.113.5/443 (203.0.113.5/443) to inside:10.0.0.5/51234 (198.51.100.2/40001)',
    );
    expect([ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port]).toEqual(['10.0.0.5', 51234, '203.0.113.5', 443]);
    expect(ev.hints.srcZone).toBe('inside');
    expect(ev.hints.dstZone).toBe('outside');
  });
  it('keeps Built inbound in order with outside as the source zone', () => {
    const ev = parse(
      '%ASA-6-302013: Built inbound TCP connection 2 for outside:198.51.100.7/40311 (198.51.100.7/40311) to dmz:172.16.1.10/25 (203.0.113.25/25)',
    );
    expect([ev.src_ip, ev.dst_ip, ev.dst_port]).toEqual(['198.51.100.7', '172.16.1.10', 25]);
    expect(ev.hints.srcZone).toBe('outside');
  });
  it('puts the ephemeral-port side of a teardown first', () => {
    const ev = parse(
      '%ASA-6-302016: Teardown UDP connection 3 for outside:192.0.2.53/53 to inside:10.0.0.5/60001 duration 0:02:01 bytes 120',
    );
    expect([ev.src_ip, ev.dst_port]).toEqual(['10.0.0.5', 53]);
  });
});

describe('cisco-asa threat hints', () => {
  it('733100 scanning is a scan, other objects are rate anomalies', () => {
    expect(
      parse('%ASA-4-733100: [scanning] drop rate-1 exceeded. Current burst rate is 8 per second').hints
        .threatType,
    ).toBe('scan');
    expect(
      parse('%ASA-4-733100: [syn-attack] drop rate-1 exceeded. Current burst rate is 8 per second').hints
        .threatType,
    ).toBe('dos');
  });
  it('botnet traffic filter blacklist drops are c2 with the resolved name', () => {
    const ev = parse(
      '%ASA-4-338008: Dynamic Filter dropped blacklisted TCP traffic from inside:10.0.0.5/51240 (198.51.100.2/40020) to outside:203.0.113.66/443 (203.0.113.66/443), destination 203.0.113.66 resolved from dynamic list: bad.example.net, threat-level: very-high, category: Bot and Threat Networks',
    );
    expect(ev.hints.threatType).toBe('c2');
    expect(ev.action).toBe('drop');
    expect(ev.domain).toBe('bad.example.net');
    expect(ev.severity).toBe(4);
  });
});

describe('cisco-asa FTD key: value pairs', () => {
  it('keeps ", " inside a value that is not followed by a key', () => {
    const m = readFtdPairs('UserAgent: Mozilla/5.0 (KHTML, like Gecko) Chrome/60, Client: Chrome', 0);
    expect(m.get('UserAgent')).toBe('Mozilla/5.0 (KHTML, like Gecko) Chrome/60');
    expect(m.get('Client')).toBe('Chrome');
  });
});

describe('cisco-asa sniff', () => {
  it('claims %ASA- / %FTD- tags and known untagged openings only', () => {
    expect(ciscoAsaParser.sniff(rec('<166>Jan 15 2026 09:00:01 fw01 : %ASA-6-302013: Built'))).toBe(true);
    expect(ciscoAsaParser.sniff(rec('%FTD-1-430002: EventPriority: Low'))).toBe(true);
    expect(
      ciscoAsaParser.sniff(rec('Group <G> User <u> IP <192.0.2.1> AnyConnect parent session started.')),
    ).toBe(true);
    expect(ciscoAsaParser.sniff(rec('<134>date=2019-05-15 time=18:03:36 devname=FG type=traffic'))).toBe(
      false,
    );
    expect(ciscoAsaParser.sniff(rec('disk usage 95% ASA-like'))).toBe(false);
  });
});
