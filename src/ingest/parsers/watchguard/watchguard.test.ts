import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { watchguardParser } from './index.js';
import { readHead } from './traffic-head.js';

goldenSuite(import.meta.dirname, 'watchguard');

const ctx = parseContext('UTC');
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(watchguardParser.parse(rec(line), ctx));

describe('watchguard traffic head', () => {
  it('reads the long form (length, header length, TTL)', () => {
    const s = ' Deny 1-Trusted 0-External 52 udp 20 128 10.0.0.5 203.0.113.5 51234 53 (x)';
    const h = readHead(s, 0);
    expect(h && [h.disposition, h.proto, h.src, h.dst, h.sport, h.dport]).toEqual([
      'Deny',
      'udp',
      '10.0.0.5',
      '203.0.113.5',
      51234,
      53,
    ]);
  });
  it('reads the short proxy form', () => {
    const s = ' Allow 1-Trusted 0-External tcp 10.0.0.5 203.0.113.91 51300 80 msg="HTTP request"';
    const h = readHead(s, 0);
    expect(h && [h.proto, h.sport, h.dport]).toEqual(['tcp', 51300, 80]);
  });
});

describe('watchguard records', () => {
  it('prefers the Firebox time in parentheses over the header time', () => {
    const ev = parse(
      '<142>May 10 15:19:06 FW FVE0000000001 (2026-01-15T09:00:07) firewall: msg_id="3000-0148" Allow 1-Trusted 0-External tcp 10.0.0.5 203.0.113.5 1 2 (x)',
    );
    expect(ev.tsMs).toBe(Date.UTC(2026, 0, 15, 9, 0, 7));
  });
  it('names zones without the interface number', () => {
    const ev = parse(
      '<140>Jan 15 09:00:01 FW-01 firewall: msg_id="3000-0148" Deny 0-External 1-Trusted tcp 198.51.100.7 10.0.0.5 1 2 (x)',
    );
    expect([ev.hints.srcZone, ev.hints.srcIntf]).toEqual(['External', '0-External']);
  });
  it('leaves LEEF to the leef parser', () => {
    expect(watchguardParser.sniff(rec('LEEF:1.0|WatchGuard|XTM|12.8|30000148|msg_id="3000-0148"'))).toBe(
      false,
    );
  });
});
