import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { yamahaRtxParser } from './index.js';

goldenSuite(import.meta.dirname, 'yamaha-rtx');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);

describe('yamaha-rtx', () => {
  it('reads the interface the header splitter mistook for a host name', () => {
    const ev = parsedOrThrow(
      yamahaRtxParser.parse(
        rec('2019/05/15 18:03:40: LAN2 Passed at OUT(200099) filter: UDP 192.168.0.2:53 > 203.0.113.53:53'),
        ctx,
      ),
    );
    expect([ev.action, ev.rule, ev.hints.dstIntf, ev.src_ip, ev.dst_port]).toEqual([
      'allow',
      '200099',
      'LAN2',
      '192.168.0.2',
      53,
    ]);
  });

  it('calls IN on a PP interface inbound and OUT outbound, but leaves LAN directions alone', () => {
    const inb = parsedOrThrow(
      yamahaRtxParser.parse(
        rec('PP[01] Rejected at IN(1011) filter: TCP 203.0.113.8:43210 > 198.51.100.2:23'),
        ctx,
      ),
    );
    expect([inb.action, inb.hints.direction, inb.hints.srcIntf]).toEqual(['block', 'inbound', 'PP[01]']);
    const out = parsedOrThrow(
      yamahaRtxParser.parse(
        rec(
          '<13> [INSPECT] PP[01][out][101098] TCP 192.168.100.2:1234 > 203.0.113.5:80 (2019/05/15 18:03:36)',
        ),
        ctx,
      ),
    );
    expect([out.hints.direction, out.rule]).toEqual(['outbound', '101098']);
    const lan = parsedOrThrow(
      yamahaRtxParser.parse(
        rec('LAN2 Rejected at IN(45) filter: UDP 192.168.0.9:138 > 192.168.0.255:138'),
        ctx,
      ),
    );
    expect(lan.hints.direction).toBeUndefined();
  });

  it('takes the INSPECT time in the device zone and IPv6 ports after a dot', () => {
    const ev = parsedOrThrow(
      yamahaRtxParser.parse(
        rec(
          '<13> [INSPECT] LAN2[out][31] TCP 2001:db8::20.56609 > 2001:db8:ffff::5.443 (2019/05/15 18:03:38)',
        ),
        ctx,
      ),
    );
    expect(new Date(ev.tsMs).toISOString()).toBe('2019-05-15T09:03:38.000Z');
    expect([ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port]).toEqual([
      '2001:db8::20',
      56609,
      '2001:db8:ffff::5',
      443,
    ]);
  });

  it('does not read MAC addresses of Ethernet filters as IPv6', () => {
    const ev = parsedOrThrow(
      yamahaRtxParser.parse(
        rec('LAN1(port3) Rejected at IN(10) filter: 00:00:5e:00:53:01 > ff:ff:ff:ff:ff:ff IP'),
        ctx,
      ),
    );
    expect([ev.src_ip, ev.dst_ip, ev.action]).toEqual([null, null, 'block']);
  });

  it('maps intrusion detection names to scan / dos / ips', () => {
    const t = (name: string) =>
      parsedOrThrow(
        yamahaRtxParser.parse(rec(`[INTRUSION] PP[01][in] ${name} 203.0.113.8 > 198.51.100.2`), ctx),
      ).hints.threatType;
    expect([t('Port scan'), t('SYN flood'), t('IP source route option')]).toEqual(['scan', 'dos', 'ips']);
  });

  it('keeps Japanese text intact', () => {
    expect(
      yamahaRtxParser.sniff(rec('2019/05/15 18:03:37: [LUA] 回線監視: PP[01] の切断を検知しました')),
    ).toBe(true);
  });

  it('ships a Shift_JIS copy of Japanese lines for the reader tests', () => {
    const bytes = readFileSync(join(import.meta.dirname, 'fixtures', 'system-japanese.sjis.bin'));
    expect(bytes.includes(Buffer.from('回線', 'utf8'))).toBe(false);
    // 回 in Shift_JIS is 0x89 0xF1
    expect(bytes.includes(Buffer.from([0x89, 0xf1]))).toBe(true);
  });

  it('leaves generic syslogd lines unclaimed', () => {
    expect(yamahaRtxParser.sniff(rec('2019/05/15 18:03:36: same message repeated 3 times'))).toBe(false);
    expect(
      yamahaRtxParser.sniff(
        rec('<38>May 15 18:03:36 host sshd[1]: Accepted publickey for a from 192.0.2.1 port 1 ssh2'),
      ),
    ).toBe(false);
  });
});
