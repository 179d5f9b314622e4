import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { parseCefTime } from './cef-time.js';
import { parseExtensionAll, scanExtension, unescapeValue } from './extension.js';
import { cefStart, parseCefHeader } from './header.js';
import { cefParser, cefVendor } from './index.js';
import { CEF_KEYS, NSLOTS, S } from './keys.js';

goldenSuite(import.meta.dirname, 'cef');

const NOW = Date.UTC(2026, 0, 15);
const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => parsedOrThrow(cefParser.parse(rec(line), ctx));

describe('CEF extension tokenizer', () => {
  it('splits values with spaces at the next " key="', () => {
    expect(parseExtensionAll('msg=File is infected act=blocked suser=a b c')).toEqual([
      ['msg', 'File is infected'],
      ['act', 'blocked'],
      ['suser', 'a b c'],
    ]);
  });
  it('unescapes \\=, \\\\, \\n, \\r and keeps unknown escapes', () => {
    expect(parseExtensionAll('a=x\\=y b=c\\\\d e=l1\\nl2\\r f=C:\\temp g=\\|')).toEqual([
      ['a', 'x=y'],
      ['b', 'c\\d'],
      ['e', 'l1\nl2\r'],
      ['f', 'C:\\temp'],
      ['g', '|'],
    ]);
    expect(unescapeValue('trailing\\')).toBe('trailing\\');
  });
  it('does not start a key at an escaped = or inside a value (CN=x,O=y)', () => {
    expect(parseExtensionAll('ref=http://x/ve?vn\\=EICAR sic=CN=gw,O=mgmt.example.com x=1')).toEqual([
      ['ref', 'http://x/ve?vn=EICAR'],
      ['sic', 'CN=gw,O=mgmt.example.com'],
      ['x', '1'],
    ]);
  });
  it('keeps empty values empty and trims extra spaces', () => {
    expect(parseExtensionAll('duser= sproc=console  cs1=  msg=')).toEqual([
      ['duser', ''],
      ['sproc', 'console'],
      ['cs1', ''],
      ['msg', ''],
    ]);
  });
  it('accepts keys with dots, dashes and brackets, ignores leading junk', () => {
    expect(parseExtensionAll('junk ad.vd=root PanOSX-Forwarded-ForIP=192.0.2.1')).toEqual([
      ['ad.vd', 'root'],
      ['PanOSX-Forwarded-ForIP', '192.0.2.1'],
    ]);
  });
  it('scanExtension agrees with parseExtensionAll and keeps the first of repeated keys', () => {
    const s = 'cs4Label=Protection Name cs4=Git Exposure cs4Label=Rule ID cs4={1} src=192.0.2.1 msg=a\\=b c';
    const out: (string | undefined)[] = new Array(NSLOTS).fill(undefined);
    expect(scanExtension(s, 0, s.length, CEF_KEYS, out)).toBe(6);
    expect(out[S.cs4Label]).toBe('Protection Name');
    expect(out[S.cs4]).toBe('Git Exposure');
    expect(out[S.src]).toBe('192.0.2.1');
    expect(out[S.msg]).toBe('a=b c');
  });
  it('returns 0 pairs for text without any key=value', () => {
    const out: (string | undefined)[] = new Array(NSLOTS).fill(undefined);
    expect(scanExtension('no pairs here', 0, 13, CEF_KEYS, out)).toBe(0);
  });
});

describe('CEF header', () => {
  it('finds CEF: after a prefix, with a space, or stripped', () => {
    expect(cefStart('Feb 12 host CEF:0|a|b|c|d|e|f|')).toBe(16);
    expect(cefStart('CEF: 0|a|b|c|d|e|f|')).toBe(5);
    expect(cefStart('0|a|b|c|d|e|f|x=1')).toBe(0);
    expect(cefStart('0|a|b|c')).toBe(-1);
    expect(cefStart('LEEF:1.0|a|b|c|d|')).toBe(-1);
  });
  it('unescapes \\| and \\\\ in header fields', () => {
    const s = 'CEF:0|V \\| x|P\\\\q|1|sig|N \\| m|5|a=b';
    const h = parseCefHeader(s, 4);
    expect(h?.vendor).toBe('V | x');
    expect(h?.product).toBe('P\\q');
    expect(h?.name).toBe('N | m');
    expect(s.slice(h?.extStart)).toBe('a=b');
  });
  it('maps vendors', () => {
    expect(cefVendor('Fortinet')).toBe('fortigate');
    expect(cefVendor('Palo Alto Networks')).toBe('paloalto');
    expect(cefVendor('Check Point')).toBe('checkpoint');
    expect(cefVendor('Trend Micro')).toBe('trendmicro');
    expect(cefVendor('Cisco')).toBe('cisco');
    expect(cefVendor('Acme')).toBe('cef');
  });
});

describe('CEF times', () => {
  const tokyo = { tz: 'Asia/Tokyo' };
  it('reads epoch ms and the standard date forms', () => {
    expect(parseCefTime('1722861810000', tokyo, NOW)).toBe(1722861810000);
    expect(parseCefTime('Mar 01 2021 20:48:21', { offset: 0 }, NOW)).toBe(Date.UTC(2021, 2, 1, 20, 48, 21));
    expect(parseCefTime('Mar 01 2021 20:48:21.250 JST', { offset: 0 }, NOW)).toBe(
      Date.UTC(2021, 2, 1, 11, 48, 21, 250),
    );
    expect(parseCefTime('Mar 01 2021 20:48:21 Europe/Paris', tokyo, NOW)).toBe(
      Date.UTC(2021, 2, 1, 19, 48, 21),
    );
    expect(parseCefTime('Jan 10 09:00:00', tokyo, NOW)).toBe(Date.UTC(2026, 0, 10, 0, 0, 0));
    expect(parseCefTime('Mon Aug  1 03:34:23 2022', { offset: 0 }, NOW)).toBe(
      Date.UTC(2022, 7, 1, 3, 34, 23),
    );
  });
  it('gives NaN for impossible or unreadable dates', () => {
    expect(parseCefTime('Feb 30 2024 10:00:00', tokyo, NOW)).toBeNaN();
    expect(parseCefTime('yesterday', tokyo, NOW)).toBeNaN();
    expect(parseCefTime('Mar 01 2021 20:48:21 XYZ', tokyo, NOW)).toBeNaN();
  });
});

describe('CEF vendor mapping', () => {
  it('FortiGate: FortiOS bytes, service vs application, mail direction', () => {
    const ev = parse(
      'CEF:0|Fortinet|Fortigate|v6.0.3|08192|utm:virus infected blocked|4|cat=utm:virus FTNTFGTsubtype=virus FTNTFGTeventtype=infected FTNTFGTeventtime=1545939448 act=blocked app=SMTP src=192.168.1.25 dst=198.51.100.25 spt=51000 dpt=25 proto=6 deviceDirection=1 FTNTFGTvirus=W32/Emotet.A!tr out=10 in=20',
    );
    expect(ev).toMatchObject({
      vendor: 'fortigate',
      kind: 'threat',
      action: 'block',
      threat: 'W32/Emotet.A!tr',
    });
    expect(ev.bytes_out).toBe(10);
    expect(ev.bytes_in).toBe(20);
    expect(ev.hints).toMatchObject({
      threatType: 'virus',
      service: 'SMTP',
      direction: 'outbound',
      mailOutgoing: true,
    });
    expect(ev.tsMs).toBe(1545939448000);
  });
  it('Palo Alto: start is the event time, zones and URL category from labels', () => {
    const ev = parse(
      'CEF:0|Palo Alto Networks|LF|2.0|THREAT|url|1|dtz=UTC rt=Mar 01 2021 20:48:21 start=Mar 01 2021 20:48:16 src=192.168.1.2 dst=198.51.100.2 cs4=trust cs4Label=FromZone cs5=untrust cs5Label=ToZone act=block-url request=casino.example.com/ cs2=gambling cs2Label=URLCategory',
    );
    expect(ev.tsMs).toBe(Date.UTC(2021, 2, 1, 20, 48, 16));
    expect(ev).toMatchObject({ kind: 'web', action: 'block', domain: 'casino.example.com' });
    expect(ev.hints).toMatchObject({
      threatType: 'webfilter',
      urlCategory: 'gambling',
      srcZone: 'trust',
      dstZone: 'untrust',
    });
  });
  it('Check Point: blade decides the type; first label pair wins', () => {
    const ev = parse(
      'CEF:0|Check Point|SmartDefense|Check Point|IPS|X|Very-High|act=Detect cs4Label=Protection Name cs4=Git Exposure cs4Label=Threat Prevention Rule ID cs4={1} rt=1722861810000 src=203.0.113.1 dst=192.168.1.1 dpt=80 product=SmartDefense',
    );
    expect(ev).toMatchObject({
      vendor: 'checkpoint',
      kind: 'threat',
      action: 'detect',
      threat: 'Git Exposure',
      severity: 4,
    });
    expect(ev.hints.threatType).toBe('ips');
  });
  it('Trend Micro: signature id ranges; IDS mode is detect', () => {
    const ev = parse(
      'CEF:0|Trend Micro|Deep Security Agent|20|1000552|SQL Injection|6|src=203.0.113.1 dst=192.168.1.1 act=IDS:Reset',
    );
    expect(ev).toMatchObject({
      vendor: 'trendmicro',
      kind: 'threat',
      action: 'detect',
      threat: 'SQL Injection',
    });
    expect(ev.hints.threatType).toBe('ips');
  });
  it('never throws on mutated lines', () => {
    const base =
      'CEF:0|Fortinet|Fortigate|v6.0.3|08192|utm:virus|4|cat=utm:virus act=blocked src=192.168.1.1 msg=a\\=b rt=Mar 01 2021 20:48:21';
    for (let i = 0; i < base.length; i++) {
      for (const cut of [
        base.slice(0, i),
        base.slice(0, i) + '\\' + base.slice(i + 1),
        base.slice(0, i) + '|=' + base.slice(i),
      ]) {
        expect(() => cefParser.parse(rec(cut), ctx)).not.toThrow();
      }
    }
  });
});
