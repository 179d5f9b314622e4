import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { detectDelimiter, scanAttributes } from './attributes.js';
import { delimiterOf, leefStart, parseLeefHeader } from './header.js';
import { leefParser, leefVendor } from './index.js';
import { parseJavaDate } from './java-date.js';
import { L, LEEF_KEYS, NSLOTS } from './keys.js';

goldenSuite(import.meta.dirname, 'leef');

const NOW = Date.UTC(2026, 0, 15);
const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(leefParser.parse(rec(line), ctx));

describe('LEEF header', () => {
  it('reads the 2.0 delimiter as a character or hex code', () => {
    expect(delimiterOf('^')).toBe('^');
    expect(delimiterOf('x09')).toBe('\t');
    expect(delimiterOf('0x7C')).toBe('|');
    expect(delimiterOf('')).toBe('\t');
    expect(delimiterOf('xZZ')).toBeNull();
  });
  it('finds LEEF: after a prefix and accepts a stripped prefix', () => {
    expect(leefStart('Jan 18 host LEEF:2.0|a|b|c|d|^|')).toBe(17);
    expect(leefStart('1.0|WatchGuard|XTM|1|2|a=b')).toBe(0);
    expect(leefStart('1.0|a|b')).toBe(-1);
  });
  it('treats a 2.0 header without delimiter field as attributes', () => {
    const s = 'LEEF:2.0|V|P|1|id|src=192.0.2.1\tdst=198.51.100.1';
    const h = parseLeefHeader(s, 5);
    expect(h !== null && h !== 'bad-delimiter' && s.slice(h.attrStart)).toBe(
      'src=192.0.2.1\tdst=198.51.100.1',
    );
  });
  it('maps vendors', () => {
    expect(leefVendor('WatchGuard')).toBe('watchguard');
    expect(leefVendor('Forcepoint')).toBe('forcepoint');
    expect(leefVendor('Aruba Networks')).toBe('aruba');
    expect(leefVendor('Cyber-Ark')).toBe('cyberark');
    expect(leefVendor('Lancope')).toBe('leef');
  });
});

describe('LEEF attributes', () => {
  it('keeps = and spaces inside a delimited value, unescapes \\=, skips empty keys', () => {
    const s = 'ExtraDetails=A=1;B=2;\t usrName=alice\tmsg=PID\\=1 x\t=novalue\tsrc=';
    const out: (string | undefined)[] = new Array(NSLOTS).fill(undefined);
    expect(scanAttributes(s, 0, '\t', LEEF_KEYS, out)).toBe(4);
    expect(out[L.usrName]).toBe('alice');
    expect(out[L.msg]).toBe('PID=1 x');
    expect(out[L.src]).toBe('');
  });
  it('detects TAB, syslog-escaped #011, ^ and spaces', () => {
    expect(detectDelimiter('a=1\tb=2', 0)).toBe('\t');
    expect(detectDelimiter('a=1#011b=2', 0)).toBe('#011');
    expect(detectDelimiter('a=1^b=2', 0)).toBe('^');
    expect(detectDelimiter('a=1 b=two words', 0)).toBe(' ');
  });
});

describe('LEEF devTime / devTimeFormat', () => {
  const tokyo = { tz: 'Asia/Tokyo' };
  it('interprets Java SimpleDateFormat patterns', () => {
    expect(parseJavaDate('Aug 06 2025 14:13:16', 'MMM dd yyyy HH:mm:ss', tokyo, NOW)).toBe(
      Date.UTC(2025, 7, 6, 5, 13, 16),
    );
    expect(parseJavaDate('May 01 2025 18:00:02.009 CEST', 'MMM dd yyyy HH:mm:ss.SSS z', tokyo, NOW)).toBe(
      Date.UTC(2025, 4, 1, 16, 0, 2, 9),
    );
    expect(parseJavaDate('2024-01-18 11:07:53.123 +0900', 'yyyy-MM-dd HH:mm:ss.SSS Z', tokyo, NOW)).toBe(
      Date.UTC(2024, 0, 18, 2, 7, 53, 123),
    );
    expect(parseJavaDate('20240118T020753Z', "yyyyMMdd'T'HHmmssX", tokyo, NOW)).toBe(
      Date.UTC(2024, 0, 18, 2, 7, 53),
    );
    expect(
      parseJavaDate('Thu, 18 Jan 2024 01:07:53 PM', 'EEE, dd MMM yyyy hh:mm:ss a', { offset: 0 }, NOW),
    ).toBe(Date.UTC(2024, 0, 18, 13, 7, 53));
  });
  it('gives NaN on mismatch or impossible dates', () => {
    expect(parseJavaDate('Feb 30 2024 10:00:00', 'MMM dd yyyy HH:mm:ss', tokyo, NOW)).toBeNaN();
    expect(parseJavaDate('Aug 06 2025', 'MMM dd yyyy HH:mm:ss', tokyo, NOW)).toBeNaN();
    expect(parseJavaDate('Aug 06 2025 14:13:16', 'MMM dd yyyy HH:mm:ss QQ', tokyo, NOW)).toBeNaN();
  });
});

describe('LEEF vendor mapping', () => {
  it('WatchGuard: disp, policy, WebBlocker category, URL from dstname + arg', () => {
    const ev = parse(
      'LEEF:1.0|WatchGuard|XTM|12.8|1AFF0021|policy=HTTPS-LAN-00\tdisp=Deny\tsrc=192.168.1.2\tdst=198.51.100.2\tdstPort=443\tproxy_act=HTTP-Client\tcats=Gambling\tdstname=casino.example.com\targ=/\tmsg=ProxyDeny: HTTP Request categories',
    );
    expect(ev).toMatchObject({ vendor: 'watchguard', kind: 'web', action: 'block', rule: 'HTTPS-LAN-00' });
    expect(ev.url).toBe('https://casino.example.com/');
    expect(ev.hints).toMatchObject({ threatType: 'webfilter', urlCategory: 'Gambling', service: 'HTTP' });
  });
  it('CyberArk audit records are system events with the user', () => {
    const ev = parse('LEEF:1.0|Cyber-Ark|Vault|14.4|7|sev=6\tAction=Logon\tusrName=alice\tsrc=192.168.1.41');
    expect(ev).toMatchObject({
      vendor: 'cyberark',
      kind: 'system',
      action: null,
      user: 'alice',
      src_ip: '192.168.1.41',
    });
  });
  it('never throws on mutated lines', () => {
    const base =
      'LEEF:2.0|Example|Proxy|2.0|block|^|src=192.168.1.9^devTimeFormat=MMM dd yyyy^devTime=Aug 06 2025';
    for (let i = 0; i < base.length; i++) {
      for (const cut of [
        base.slice(0, i),
        base.slice(0, i) + '|' + base.slice(i + 1),
        base.slice(0, i) + "'=" + base.slice(i),
      ]) {
        expect(() => leefParser.parse(rec(cut), ctx)).not.toThrow();
      }
    }
  });
});
