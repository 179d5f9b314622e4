import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { pfsenseParser } from './index.js';

goldenSuite(import.meta.dirname, 'pfsense');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);

describe('pfsense filterlog', () => {
  it('reads IPv6 addresses and ports at the IPv6 offsets', () => {
    const ev = parsedOrThrow(
      pfsenseParser.parse(
        rec(
          '<134>Jan 14 12:10:01 fw filterlog[1]: 100,,,159,igb0,match,pass,in,6,0x00,0x00000,64,TCP,6,40,2001:db8::20,2001:db8:ffff::80,50123,443,0,S,1,,1,,',
        ),
        ctx,
      ),
    );
    expect([ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port, ev.proto]).toEqual([
      '2001:db8::20',
      50123,
      '2001:db8:ffff::80',
      443,
      'tcp',
    ]);
  });

  it('gives ICMP no ports (type, id and sequence are not ports)', () => {
    for (const tail of [
      'request,4321,1',
      'unreachport,198.51.100.7,udp,33434',
      'unreach,host unreachable',
      'datalength=8',
    ]) {
      const ev = parsedOrThrow(
        pfsenseParser.parse(
          rec(
            `5,,,1000000103,igb1,match,block,in,4,0x0,,51,0,0,none,1,icmp,84,198.51.100.7,192.0.2.10,${tail}`,
          ),
          ctx,
        ),
      );
      expect([ev.proto, ev.src_port, ev.dst_port, ev.dst_ip]).toEqual(['icmp', null, null, '192.0.2.10']);
    }
  });

  it('puts the interface on the side given by dir, never a traffic direction', () => {
    const inb = parsedOrThrow(
      pfsenseParser.parse(
        rec('5,,,1,igb1,match,block,in,4,0x0,,64,1,0,none,17,udp,40,203.0.113.1,192.0.2.1,1,2,3'),
        ctx,
      ),
    );
    expect(inb.hints).toEqual({ srcIntf: 'igb1' });
    const out = parsedOrThrow(
      pfsenseParser.parse(
        rec('5,,,1,igb0,match,pass,out,4,0x0,,64,1,0,none,17,udp,40,192.0.2.1,203.0.113.1,1,2,3'),
        ctx,
      ),
    );
    expect(out.hints).toEqual({ dstIntf: 'igb0' });
  });

  it('anchors on the address pair when a producer shifts the IPv6 columns', () => {
    const ev = parsedOrThrow(
      pfsenseParser.parse(
        rec(
          '123,001,anchor1,label2,eth0,match,pass,in,6,,123,64,12345,0,DF,vrrp,112,80,2001:db8::1,2001:db8::2,3,64,1,2,3,4',
        ),
        ctx,
      ),
    );
    expect([ev.src_ip, ev.dst_ip, ev.proto, ev.src_port]).toEqual([
      '2001:db8::1',
      '2001:db8::2',
      'vrrp',
      null,
    ]);
  });

  it('names OPNsense from its md5 rule label or the host name', () => {
    const a = parsedOrThrow(
      pfsenseParser.parse(
        rec(
          '5,,,fae559338f65e11c53669fc3642c93c2,vtnet0,match,pass,in,4,0x0,,64,1,0,none,17,udp,40,192.0.2.1,192.0.2.2,1,2,3',
        ),
        ctx,
      ),
    );
    expect(a.vendor).toBe('opnsense');
    const b = parsedOrThrow(
      pfsenseParser.parse(
        rec('5,,,1000000103,vtnet0,match,pass,in,4,0x0,,64,1,0,none,17,udp,40,192.0.2.1,192.0.2.2,1,2,3'),
        ctx,
      ),
    );
    expect(b.vendor).toBe('pfsense');
  });

  it('says truncated for a CSV cut before the addresses', () => {
    const r = pfsenseParser.parse(
      rec(
        '<134>Jan 14 12:00:00 fw filterlog[1]: 5,,,1000000103,igb1,match,block,in,4,0x0,,64,1,0,none,6,tcp,60',
      ),
      ctx,
    );
    expect(isFailure(r) && r.error).toBe('truncated');
  });

  it('leaves non-box daemons unclaimed', () => {
    expect(
      pfsenseParser.sniff(
        rec('<38>Jan 14 13:00:00 server01 sshd[1]: Accepted publickey for a from 192.0.2.1 port 1 ssh2'),
      ),
    ).toBe(false);
    expect(
      pfsenseParser.sniff(
        rec(
          '<38>Jan 14 13:00:00 pfSense.home.arpa sshd[1]: Accepted publickey for a from 192.0.2.1 port 1 ssh2',
        ),
      ),
    ).toBe(true);
  });
});
