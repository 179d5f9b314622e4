import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { checkpointParser } from './index.js';

goldenSuite(import.meta.dirname, 'checkpoint');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => checkpointParser.parse(rec(line), ctx);
const ok = (line: string) => parsedOrThrow(parse(line));

const HDR = '<134>1 2019-10-15T17:05:20+09:00 gw01 CheckPoint 12345 - ';

describe('checkpoint syslog form', () => {
  it('reads the block from the RFC 5424 structured data and from the message', () => {
    const body =
      '[action:"Drop"; ifdir:"inbound"; ifname:"eth0"; origin:"192.0.2.1"; product:"VPN-1 & FireWall-1"; src:"198.51.100.1"; s_port:"4000"; dst:"192.0.2.10"; service:"22"; proto:"6"]';
    const sd = rec(HDR + body);
    expect(sd.header.sd).not.toBeNull();
    const a = ok(HDR + body);
    const b = ok(`<134>Oct 15 17:05:20 gw01 CheckPoint[12345]: ${body}`);
    for (const ev of [a, b]) {
      expect([ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port, ev.proto, ev.action]).toEqual([
        '198.51.100.1',
        4000,
        '192.0.2.10',
        22,
        'tcp',
        'drop',
      ]);
      expect(ev.hints.srcIntf).toBe('eth0');
    }
    expect(a.tsMs).toBe(Date.UTC(2019, 9, 15, 8, 5, 20));
  });
  it('unescapes values and tolerates doubled colons', () => {
    const ev = ok(
      `${HDR}[action:"Accept"; origin:"192.0.2.1"; product:"Application Control"; appi_name:"App \\"X\\" \\]"; src:"10.0.0.1"; dst:"203.0.113.1"; sys_message::"x"]`,
    );
    expect(ev.app).toBe('App "X" ]');
  });
  it('takes epoch `time` over the header time', () => {
    expect(
      ok(
        `${HDR}[action:"Accept"; origin:"192.0.2.1"; time:"1571155520"; product:"Firewall"; src:"10.0.0.1"; dst:"203.0.113.1"]`,
      ).tsMs,
    ).toBe(1571155520000);
  });
  it('uses ifdir only to place ifname, and conn_direction for the direction hint', () => {
    const out = ok(
      `${HDR}[action:"Accept"; ifdir:"outbound"; ifname:"eth0"; origin:"192.0.2.1"; product:"Firewall"; src:"10.0.0.1"; dst:"203.0.113.1"]`,
    );
    expect(out.hints.dstIntf).toBe('eth0');
    expect(out.hints.direction).toBeUndefined();
    const inc = ok(
      `${HDR}[action:"Accept"; ifdir:"inbound"; conn_direction:"Incoming"; origin:"192.0.2.1"; product:"Firewall"; src:"198.51.100.1"; dst:"10.0.0.1"]`,
    );
    expect(inc.hints.direction).toBe('inbound');
  });
  it('reports cut-off records as truncated', () => {
    const r1 = parse(
      `${HDR}[action:"Accept"; origin:"192.0.2.1"; product:"Firewall"; src:"10.0.0.1"; dst:"203.0`,
    );
    expect(isFailure(r1) && r1.error).toBe('truncated');
    const r2 = parse(`${HDR}[action:"Accept"; origin:"192.0.2.1"; product:"Firewall"; src:"10.0.0.1";`);
    expect(isFailure(r2) && r2.error).toBe('truncated');
  });
});

describe('checkpoint blades', () => {
  const blade = (product: string, extra = '') =>
    ok(
      `${HDR}[action:"Prevent"; origin:"192.0.2.1"; product:"${product}"; src:"10.0.0.1"; dst:"203.0.113.1"; protection_name:"Sig"${extra}]`,
    );
  it('maps products to kinds and threat types', () => {
    expect(blade('IPS')).toMatchObject({ kind: 'threat', threat: 'Sig', hints: { threatType: 'ips' } });
    expect(blade('Anti-Virus').hints.threatType).toBe('virus');
    expect(blade('Anti-Bot').hints.threatType).toBe('c2');
    expect(blade('URL Filtering', '; matched_category:"Gambling"')).toMatchObject({
      kind: 'web',
      hints: { threatType: 'webfilter', urlCategory: 'Gambling' },
    });
    expect(blade('Anti-Spam').hints.threatType).toBe('spam');
    expect(blade('SmartConsole').kind).toBe('system');
    expect(blade('SmartDefense', '; attack:"Port Scan"').hints.threatType).toBe('scan');
  });
  it('keeps blade update records (no addresses) as system', () => {
    const ev = ok(`${HDR}[origin:"192.0.2.1"; product:"URL Filtering"; description:"Gateway was updated"]`);
    expect(ev.kind).toBe('system');
    expect(ev.hints.threatType).toBeUndefined();
  });
});

describe('checkpoint key=value and LEA forms', () => {
  it('reads the pipe-separated Splunk form', () => {
    const ev = ok(
      'time=1571155520|hostname=gw01|product=Firewall|action=Drop|ifdir=inbound|origin=192.0.2.1|src=198.51.100.1|s_port=1234|dst=192.0.2.10|service=23|proto=6|',
    );
    expect([ev.action, ev.src_ip, ev.dst_port, ev.tsMs]).toEqual(['drop', '198.51.100.1', 23, 1571155520000]);
  });
  it('reads the quoted-column LEA export in the device zone', () => {
    const ev = ok(
      '"1" "15Oct2019" "17:05:20" "eth1" "gw01" "Log" "Accept" "443" "50123" "10.0.0.5" "203.0.113.10" "tcp" "81" "Allow web" "81-Std" "" "inzone: Internal; outzone: External" "VPN-1 & FireWall-1" "" ""',
    );
    expect([
      ev.src_ip,
      ev.src_port,
      ev.dst_ip,
      ev.dst_port,
      ev.rule,
      ev.hints.srcZone,
      ev.hints.dstZone,
    ]).toEqual(['10.0.0.5', 50123, '203.0.113.10', 443, 'Allow web', 'Internal', 'External']);
    expect(ev.tsMs).toBe(Date.UTC(2019, 9, 15, 8, 5, 20));
  });
});

describe('checkpoint sniffing', () => {
  it('claims its forms and nothing else', () => {
    expect(
      checkpointParser.sniff(rec(`${HDR}[action:"Accept"; origin:"192.0.2.1"; product:"Firewall"]`)),
    ).toBe(true);
    expect(checkpointParser.sniff(rec('syslog[action:"Drop"; origin:"192.0.2.1"; product:"Firewall"]'))).toBe(
      true,
    );
    expect(
      checkpointParser.sniff(
        rec('<165>1 2003-10-11T22:14:15.003Z host app - ID47 [exampleSDID@32473 iut="3"] msg'),
      ),
    ).toBe(false);
    expect(
      checkpointParser.sniff(
        rec('CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept'),
      ),
    ).toBe(false);
    expect(checkpointParser.sniff(rec('date=2019-05-15 time=18:03:36 devname=FG type=traffic'))).toBe(false);
  });
  it('hands a forced CEF line to the cef parser', () => {
    const line =
      'CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept src=10.0.0.1 dst=203.0.113.1';
    expect(() => checkpointParser.parse(rec(line), ctx)).not.toThrow();
  });
  it('never throws on cut input', () => {
    const line = `${HDR}[action:"Accept"; origin:"192.0.2.1"; product:"Firewall"; src:"10.0.0.1"; dst:"203.0.113.1"; resource:"http://x.example.com/"]`;
    for (let i = 0; i < line.length; i += 5) {
      expect(() => checkpointParser.parse(rec(line.slice(0, i)), ctx)).not.toThrow();
      expect(() => checkpointParser.parse(rec(line.slice(i)), ctx)).not.toThrow();
    }
  });
});
