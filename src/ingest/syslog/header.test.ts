import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from './header.js';

const ctx = { tz: 'Asia/Tokyo', nowMs: Date.UTC(2026, 0, 15) };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('syslog header', () => {
  it('RFC 5424 with structured data and BOM', () => {
    const l =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App\\]"] \uFEFFAn application event';
    const h = parseSyslogHeader(l, ctx);
    expect([h.pri, iso(h.tsMs), h.host, h.app, h.pid, h.msgid]).toEqual([
      165,
      '2003-10-11T22:14:15.003Z',
      'mymachine.example.com',
      'evntslog',
      null,
      'ID47',
    ]);
    expect(h.sd).toBe('[exampleSDID@32473 iut="3" eventSource="App\\]"]');
    expect(l.slice(h.bodyStart)).toBe('An application event');
  });
  it('RFC 3164: local time in the device zone, year inferred', () => {
    const h = parseSyslogHeader('<34>Oct 11 22:14:15 mymachine su[230]: failed for lonvick', ctx);
    expect([h.pri, iso(h.tsMs), h.host, h.app, h.pid]).toEqual([
      34,
      '2025-10-11T13:14:15.000Z',
      'mymachine',
      'su',
      '230',
    ]);
  });
  it('a December record read in January belongs to last year', () => {
    expect(iso(parseSyslogHeader('Dec 31 23:59:59 h app: x', ctx).tsMs)).toBe('2025-12-31T14:59:59.000Z');
  });
  it('space-padded day and no PRI (as files hold it)', () => {
    const h = parseSyslogHeader('Jan  5 01:02:03 fw01 filterlog[123]: 5,,,1000', ctx);
    expect([iso(h.tsMs), h.host, h.app]).toEqual(['2026-01-04T16:02:03.000Z', 'fw01', 'filterlog']);
  });
  it('PRI directly followed by a payload (FortiGate)', () => {
    const l = '<189>date=2019-05-15 time=18:03:36 devname=FG';
    const h = parseSyslogHeader(l, ctx);
    expect([h.pri, h.tsMs, l.slice(h.bodyStart)]).toEqual([
      189,
      null,
      'date=2019-05-15 time=18:03:36 devname=FG',
    ]);
  });
  it('ISO timestamp after PRI (rsyslog RFC 3339 template)', () => {
    const h = parseSyslogHeader('<14>2026-01-15T10:00:00+09:00 fw app: hello', ctx);
    expect([iso(h.tsMs), h.host, h.app]).toEqual(['2026-01-15T01:00:00.000Z', 'fw', 'app']);
  });
  it('impossible date gives NaN, bare payload gives no header', () => {
    expect(parseSyslogHeader('<14>Feb 30 10:00:00 fw app: x', ctx).tsMs).toBeNaN();
    expect(parseSyslogHeader('{"event_type":"alert"}', ctx).bodyStart).toBe(0);
  });
});
