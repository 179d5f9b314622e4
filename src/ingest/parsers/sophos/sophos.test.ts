import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { sophosParser } from './index.js';
import { zoneOffsetMinutes } from './zone-time.js';

goldenSuite(import.meta.dirname, 'sophos');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);
const parse = (line: string) => sophosParser.parse(rec(line), ctx);
const ok = (line: string) => parsedOrThrow(parse(line));

const iso = (ms: number) => new Date(ms).toISOString();

const XG =
  'device="SFW" device_name="XG135" log_id=010101600001 log_type="Firewall" log_component="Firewall Rule"';

describe('sophos time', () => {
  it('reads XG date/time with zone names, offsets and the device zone', () => {
    expect(iso(ok(`date=2025-06-02 time=10:00:01 timezone="CEST" ${XG}`).tsMs)).toBe(
      '2025-06-02T08:00:01.000Z',
    );
    expect(iso(ok(`date=2025-06-02 time=10:00:01 timezone="+11" ${XG}`).tsMs)).toBe(
      '2025-06-01T23:00:01.000Z',
    );
    // IST is ambiguous (India / Ireland / Israel): the profile's zone decides
    expect(iso(ok(`date=2025-06-02 time=10:00:01 timezone="IST" ${XG}`).tsMs)).toBe(
      '2025-06-02T01:00:01.000Z',
    );
    expect(zoneOffsetMinutes('+05:30')).toBe(330);
    expect(zoneOffsetMinutes('-0400')).toBe(-240);
  });

  it('prefers SFOS 19 timestamp=', () => {
    const e = ok(`timestamp="2025-03-12T11:03:06-0400" date=2025-03-12 time=01:00:00 ${XG}`);
    expect(iso(e.tsMs)).toBe('2025-03-12T15:03:06.000Z');
  });

  it('reads the UTM 9 stamp with or without PRI, else the syslog header', () => {
    const body =
      'id="2001" severity="info" sys="SecureNet" sub="packetfilter" name="Packet dropped" action="drop"';
    expect(iso(ok(`<30>2016:12:07-14:12:23 utm ulogd[1]: ${body}`).tsMs)).toBe('2016-12-07T05:12:23.000Z');
    expect(iso(ok(`2016:12:07-14:12:23 utm ulogd[1]: ${body}`).tsMs)).toBe('2016-12-07T05:12:23.000Z');
    expect(iso(ok(`<30>Dec  7 14:12:23 utm ulogd[1]: ${body}`).tsMs)).toBe('2025-12-07T05:12:23.000Z');
    expect(ok(body).tsMs).toBe(-1);
  });
});

describe('sophos key=value', () => {
  it('reads quoted values with spaces, escaped quotes and bare multi-word values', () => {
    const e = ok(
      'device_name="XG135" log_id=058420116010 log_type="Content Filtering" log_component="Web Content Policy" log_subtype="Alert" date=2025-06-02 time=12:00:07 user="u1" src_ip=192.168.1.72 site_category=Information Technology website="www.Example.org" action="Deny" context_prefix="a \\"q\\" b"',
    );
    expect([e.user, e.src_ip, e.domain, e.action, e.kind]).toEqual([
      'u1',
      '192.168.1.72',
      'www.example.org',
      'block',
      'web',
    ]);
  });

  it('leaves missing fields null', () => {
    const e = ok(`date=2025-06-02 time=10:00:01 ${XG}`);
    expect([e.src_ip, e.dst_port, e.url, e.user, e.action, e.rule]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reports truncated records', () => {
    const a = parse(`date=2025-06-02 time=10:00:01 ${XG} message="cut`);
    expect(isFailure(a) && a.error).toBe('truncated');
    const b = parse(
      '2016:12:07-14:12:23 utm ulogd[1]: id="2001" severity="info" sys="SecureNet" sub="packetfilter" srcip=',
    );
    expect(isFailure(b) && b.error).toBe('truncated');
  });

  it('sets hints from the log type', () => {
    const spam = ok(
      `date=2025-06-02 time=12:00:01 device_name="XG" log_id=041107413001 log_type="Anti-Spam" log_component="SMTP" log_subtype="Spam" spamaction="DROP"`,
    );
    expect(spam.hints).toMatchObject({ threatType: 'spam', category: 'spam', service: 'SMTP' });
    expect(spam.action).toBe('drop');
    const out = ok(
      `date=2025-06-02 time=12:00:03 device_name="XG" log_id=041113413005 log_type="Anti-Spam" log_component="SMTP" log_subtype="Outbound Spam"`,
    );
    expect(out.hints).toMatchObject({ threatType: 'spam', mailOutgoing: true });
    expect(out.hints.category).toBeUndefined();
    const av = ok(
      `date=2025-06-02 time=11:00:07 device_name="XG" log_id=036106211001 log_type="Anti-Virus" log_component="POPS" log_subtype="Virus" virus="EICAR-AV-Test"`,
    );
    expect(av.hints).toMatchObject({ threatType: 'virus', service: 'POP3' });
    const atp = ok(
      `date=2025-06-02 time=11:00:03 device_name="XG" log_id=086304418010 log_type="ATP" log_component="Firewall" log_subtype="Drop" sourceip=192.168.1.40 destinationip=203.0.113.99 threatname=C2/Generic-A`,
    );
    expect([atp.hints.threatType, atp.src_ip, atp.dst_ip, atp.threat, atp.action]).toEqual([
      'c2',
      '192.168.1.40',
      '203.0.113.99',
      'C2/Generic-A',
      'drop',
    ]);
    const web = ok(
      '2025:06:02-13:00:08 utm httpproxy[1]: id="0001" severity="info" sys="SecureWeb" sub="http" name="http access" action="pass" url="https://www.facebook.com/" categoryname="Social Networks" application="facebook"',
    );
    expect(web.hints).toMatchObject({ threatType: 'webfilter', urlCategory: 'Social Networks' });
    expect([web.domain, web.app, web.action]).toEqual(['www.facebook.com', 'facebook', 'allow']);
  });

  it('sniffs narrowly', () => {
    const forti =
      'date=2019-05-15 time=18:03:36 logid="0000000013" type="traffic" subtype="forward" vd="root" log_id=1';
    expect(sophosParser.sniff(rec(forti))).toBe(false);
    expect(
      sophosParser.sniff(rec('id=firewall sn=0017C5 time="2025-06-02 10:00:00" fw=192.0.2.1 pri=6')),
    ).toBe(false);
    expect(sophosParser.sniff(rec(`date=2025-06-02 time=10:00:01 ${XG}`))).toBe(true);
  });
});
