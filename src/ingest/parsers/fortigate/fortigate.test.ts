import { describe, expect, it } from 'vitest';
import { defaultProfile, processRecord } from '../../record.js';
import { GOLDEN_NOW_MS, goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { eventTimeMs, tzOffsetMinutes } from './event-time.js';
import { fortigateParser } from './index.js';

goldenSuite(import.meta.dirname, 'fortigate');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => fortigateParser.parse(rec(line), ctx);
const ok = (line: string) => parsedOrThrow(parse(line));

const BASE = 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root"';

describe('fortigate eventtime', () => {
  const at = Date.UTC(2025, 5, 2, 1, 15, 1);
  it.each([
    ['s', '1748826901', at],
    ['ms', '1748826901123', at + 123],
    ['µs', '1748826901123456', at + 123],
    ['ns', '1748826901123456789', at + 123],
  ])('reads %s', (_unit, v, want) => {
    expect(eventTimeMs(v)).toBe(want);
  });

  it('rejects non-digits and implausible values', () => {
    expect(eventTimeMs('17488269x1')).toBeNaN();
    expect(eventTimeMs('12345')).toBeNaN();
    expect(eventTimeMs('0000000000')).toBeNaN();
  });

  it('prefers eventtime over date/time/tz', () => {
    const e = ok(`date=2025-06-02 time=10:15:01 ${BASE} eventtime=1748826901 tz="+0900" srcip=192.0.2.1`);
    expect(new Date(e.tsMs).toISOString()).toBe('2025-06-02T01:15:01.000Z');
  });

  it('uses date + time + tz without eventtime, and the device zone without tz', () => {
    const withTz = ok(`date=2025-06-02 time=10:15:01 ${BASE} tz="-0500" srcip=192.0.2.1`);
    expect(new Date(withTz.tsMs).toISOString()).toBe('2025-06-02T15:15:01.000Z');
    const local = ok(`date=2025-06-02 time=10:15:01 ${BASE} srcip=192.0.2.1`);
    expect(new Date(local.tsMs).toISOString()).toBe('2025-06-02T01:15:01.000Z');
  });

  it('reads tz offsets in every written form', () => {
    expect(tzOffsetMinutes('+0900')).toBe(540);
    expect(tzOffsetMinutes('-0500')).toBe(-300);
    expect(tzOffsetMinutes('+05:30')).toBe(330);
    expect(tzOffsetMinutes('UTC+2')).toBe(120);
    expect(tzOffsetMinutes('GMT-3')).toBe(-180);
    expect(tzOffsetMinutes('UTC')).toBe(0);
    expect(tzOffsetMinutes('JST')).toBeNaN();
  });
});

describe('fortigate key=value', () => {
  it('reads quoted values with spaces and escaped quotes', () => {
    const e = ok(
      `date=2025-06-02 time=14:00:06 logid="0317013312" type="utm" subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" srcip=192.168.1.55 dstip=203.0.113.65 service="HTTPS" hostname="www.example.com" action="passthrough" url="/q?x=\\"a b\\"" catdesc="Search Engines and Portals"`,
    );
    expect(e.url).toBe('https://www.example.com/q?x="a b"');
    expect(e.hints.urlCategory).toBe('Search Engines and Portals');
  });

  it('takes unquoted values and the comma-separated (csv) layout', () => {
    const e = ok(
      'date=2025-06-02,time=10:15:08,logid=0000000013,type=traffic,subtype=forward,level=notice,vd=root,srcip=192.168.1.15,srcport=52003,dstip=203.0.113.13,dstport=21,proto=6,action=accept,msg="a, b"',
    );
    expect([e.src_ip, e.src_port, e.dst_ip, e.dst_port, e.proto, e.action]).toEqual([
      '192.168.1.15',
      52003,
      '203.0.113.13',
      21,
      'tcp',
      'allow',
    ]);
  });

  it('leaves missing fields null', () => {
    const e = ok(`date=2025-06-02 time=10:15:01 ${BASE}`);
    expect([e.src_ip, e.dst_port, e.url, e.user, e.bytes_in, e.action]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reports a truncated record', () => {
    const r = parse(`date=2025-06-02 time=10:15:01 ${BASE} srcip=192.0.2.1 msg="cut off`);
    expect(isFailure(r) && r.error).toBe('truncated');
    const r2 = parse(`date=2025-06-02 time=10:15:01 ${BASE} srcip=192.0.2.1 dstport=`);
    expect(isFailure(r2) && r2.error).toBe('truncated');
  });

  it('rejects invalid addresses', () => {
    const e = ok(`date=2025-06-02 time=10:15:01 ${BASE} srcip=12192.0.2.116 dstip=00192.0.2.100:00:00:00`);
    expect([e.src_ip, e.dst_ip]).toEqual([null, null]);
  });

  it('maps FortiOS action words', () => {
    const act = (a: string) => ok(`date=2025-06-02 time=10:15:01 ${BASE} action="${a}"`).action;
    expect(['accept', 'close', 'timeout', 'server-rst', 'client-rst', 'ip-conn'].map(act)).toEqual(
      Array(6).fill('allow'),
    );
    expect(['deny', 'blocked', 'clear_session'].map(act)).toEqual(['block', 'block', 'block']);
    expect(['dropped', 'reset', 'monitored', 'detected', 'passthrough', 'pass'].map(act)).toEqual([
      'drop',
      'reset',
      'detect',
      'detect',
      'allow',
      'allow',
    ]);
  });
});

describe('fortigate hints', () => {
  it('spam verdict on incoming mail decides the item; general email logs do not', () => {
    const spam = ok(
      'date=2025-06-02 time=15:00:02 logid="0510020491" type="utm" subtype="emailfilter" eventtype="smtp" level="notice" vd="root" srcip=198.51.100.26 dstip=192.168.1.25 service="SMTP" action="blocked" direction="incoming"',
    );
    expect(spam.hints).toMatchObject({
      threatType: 'spam',
      category: 'spam',
      mailOutgoing: false,
      direction: 'inbound',
    });
    const general = ok(
      'date=2025-06-02 time=15:00:01 logid="0508020503" type="utm" subtype="emailfilter" eventtype="smtp" level="information" vd="root" service="SMTP" action="log-only" direction="outgoing" msg="general email log"',
    );
    expect(general.hints.threatType).toBeUndefined();
    expect(general.hints.mailOutgoing).toBe(true);
  });

  it('classifies anomalies into scan and dos', () => {
    const a = (name: string) =>
      ok(
        `date=2025-06-02 time=13:00:01 logid="0720018433" type="utm" subtype="anomaly" eventtype="anomaly" level="alert" vd="root" attack="${name}"`,
      ).hints.threatType;
    expect(['tcp_port_scan', 'udp_scan', 'icmp_sweep'].map(a)).toEqual(['scan', 'scan', 'scan']);
    expect(['tcp_syn_flood', 'icmp_flood', 'ip_src_session'].map(a)).toEqual(['dos', 'dos', 'dos']);
  });

  it('does not claim CEF or Sophos records', () => {
    const cef =
      'CEF:0|Fortinet|Fortigate|v6.0.3|00013|traffic:forward accept|3|src=192.0.2.1 subtype=forward type=x vd=root';
    expect(fortigateParser.sniff(rec(cef))).toBe(false);
    const xg =
      'device="SFW" date=2017-01-31 time=18:29:09 timezone="IST" device_name="XG230" log_id=010101600001 log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed"';
    expect(fortigateParser.sniff(rec(xg))).toBe(false);
  });

  it('auto-detects a FortiGate line behind an RFC 3164 header', () => {
    const o = processRecord(
      `<189>Jun  2 10:15:01 fgt01 date=2025-06-02 time=10:15:01 ${BASE} eventtime=1748826901 srcip=192.0.2.1`,
      defaultProfile(),
      { nowMs: GOLDEN_NOW_MS, useNowWhenMissing: false },
    );
    expect('event' in o && o.format).toBe('fortigate');
  });
});
