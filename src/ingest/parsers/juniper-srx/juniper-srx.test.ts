import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { juniperSrxParser } from './index.js';

goldenSuite(import.meta.dirname, 'juniper-srx');

const ctx = parseContext('UTC');
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(juniperSrxParser.parse(rec(line), ctx));

describe('juniper-srx', () => {
  it('reads bytes per direction from a text-form close', () => {
    const ev = parse(
      '<14>Jan 15 09:30:31 srx01 RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed TCP FIN: 10.0.0.5/51234->203.0.113.5/443 0x0 junos-https 198.51.100.2/40001->203.0.113.5/443 0x0 source rule snat-1 N/A N/A 6 trust-to-untrust trust untrust 41001 12(1840) 10(9620) 30 SSL DROPBOX N/A(N/A) ge-0/0/1.0 No',
    );
    expect([ev.bytes_out, ev.bytes_in, ev.proto, ev.rule, ev.app]).toEqual([
      1840,
      9620,
      'tcp',
      'trust-to-untrust',
      'DROPBOX',
    ]);
    expect([ev.hints.srcZone, ev.hints.dstZone]).toEqual(['trust', 'untrust']);
  });
  it('strips curly quotes some releases write', () => {
    const ev = parse(
      '<14>1 2026-01-15T00:00:00Z srx RT_FLOW - APPTRACK_SESSION_VOL_UPDATE [junos@2636.1.1.1.2.129 source-address="10.0.0.5" destination-interface-name=”st0.0”]',
    );
    expect(ev.src_ip).toBe('10.0.0.5');
    expect(ev.hints.dstIntf).toBe('st0.0');
  });
  it('screens: sweeps and scans are scans, floods are dos', () => {
    const scan = parse(
      '<11>Jan 15 09:30:34 srx01 RT_IDS: RT_SCREEN_TCP: TCP sweep! source: 198.51.100.7:1, destination: 203.0.113.10:2, zone name: untrust, interface name: ge-0/0/0.0, action: drop',
    );
    expect(scan.hints.threatType).toBe('scan');
    const flood = parse(
      '<11>Jan 15 09:30:34 srx01 RT_IDS: RT_SCREEN_UDP: UDP flood! source: 198.51.100.7:1, destination: 203.0.113.10:2, zone name: untrust, interface name: ge-0/0/0.0, action: drop',
    );
    expect(flood.hints.threatType).toBe('dos');
  });
  it('does not claim other RFC 5424 records', () => {
    expect(
      juniperSrxParser.sniff(
        rec('<14>1 2026-01-15T00:00:00Z host app - ID47 [exampleSDID@32473 iut="3"] msg'),
      ),
    ).toBe(false);
    expect(juniperSrxParser.sniff(rec('<34>Oct 11 22:14:15 host su[230]: failed'))).toBe(false);
  });
});
