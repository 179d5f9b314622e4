import { describe, expect, it } from 'vitest';
import { goldenSuite, parseContext, parsedOrThrow, recordOf } from '../golden.test-helper.js';
import { isFailure } from '../types.js';
import { suricataParser } from './index.js';

goldenSuite(import.meta.dirname, 'suricata');

const ctx = parseContext();
const rec = (line: string) => recordOf(line, ctx);

describe('suricata EVE', () => {
  it('reads "+0900" offsets and 6-digit fractions', () => {
    const ev = parsedOrThrow(
      suricataParser.parse(rec('{"timestamp":"2019-05-15T18:03:36.123456+0900","event_type":"flow"}'), ctx),
    );
    expect(new Date(ev.tsMs).toISOString()).toBe('2019-05-15T09:03:36.123Z');
  });

  it('reads nested alert, http and flow objects', () => {
    const ev = parsedOrThrow(
      suricataParser.parse(
        rec(
          '{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert","src_ip":"192.168.1.2","src_port":1025,"dest_ip":"203.0.113.5","dest_port":80,"proto":"TCP",' +
            '"alert":{"action":"blocked","signature_id":1,"signature":"ET MALWARE x","category":"A Network Trojan was detected","severity":1},' +
            '"http":{"hostname":"Evil.Example.com","url":"/gate.php"},"flow":{"bytes_toserver":10,"bytes_toclient":20}}',
        ),
        ctx,
      ),
    );
    expect([ev.kind, ev.action, ev.threat, ev.rule, ev.url, ev.domain, ev.bytes_out, ev.bytes_in]).toEqual([
      'threat',
      'block',
      'ET MALWARE x',
      '1',
      'http://Evil.Example.com/gate.php',
      'evil.example.com',
      10,
      20,
    ]);
    expect(ev.hints.threatType).toBe('c2');
  });

  it('sets the application name only for policy alerts that name one', () => {
    const tv = parsedOrThrow(
      suricataParser.parse(
        rec(
          '{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert","alert":{"signature":"ET POLICY TeamViewer Dyngate User-Agent","category":"Potential Corporate Privacy Violation"}}',
        ),
        ctx,
      ),
    );
    expect([tv.app, tv.hints.threatType]).toEqual(['TeamViewer', 'app']);
    const curl = parsedOrThrow(
      suricataParser.parse(
        rec(
          '{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert","alert":{"signature":"ET POLICY curl User-Agent Outbound","category":"Attempted Information Leak"}}',
        ),
        ctx,
      ),
    );
    expect([curl.app, curl.hints.threatType]).toEqual([null, undefined]);
  });

  it('tolerates missing members and wrong types', () => {
    const ev = parsedOrThrow(
      suricataParser.parse(
        rec(
          '{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert","src_ip":1,"dest_port":"x","alert":[]}',
        ),
        ctx,
      ),
    );
    expect([ev.src_ip, ev.dst_port, ev.threat, ev.action]).toEqual([null, null, null, null]);
  });

  it('says truncated for JSON cut short and malformed for broken JSON', () => {
    const cut = suricataParser.parse(
      rec('{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert","src_ip":"192.'),
      ctx,
    );
    expect(isFailure(cut) && cut.error).toBe('truncated');
    const broken = suricataParser.parse(
      rec('{"timestamp":"2019-05-15T18:03:36+09:00","event_type":"alert",,}'),
      ctx,
    );
    expect(isFailure(broken) && broken.error).toBe('malformed');
  });

  it('sniffs only JSON with an event_type', () => {
    expect(suricataParser.sniff(rec('{"event_type":"dns"}'))).toBe(true);
    expect(suricataParser.sniff(rec('{"type":"traffic"}'))).toBe(false);
    expect(suricataParser.sniff(rec('<14>May 15 18:03:45 ids01 suricata[812]: {"event_type":"dns"}'))).toBe(
      true,
    );
  });
});
