/**
 * Cisco ASA and Firepower Threat Defense syslog: `%ASA-6-302013: Built outbound TCP …`,
 * `%FTD-…`, `%NGIPS-1-430002: EventPriority: Low, …` (message formats from Cisco's
 * "Cisco Secure Firewall ASA Series Syslog Messages"). One handler per message family;
 * ids without a handler become `kind: 'system'` with whatever user / address the text names.
 */
import { parseDateTime } from '../../../core/time.js';
import { ip } from '../fields.js';
import type { ParsedEvent, ParseResult, Parser, RecordInput } from '../types.js';
import { blankEvent, fail, headerTime, NO_TIME } from '../types.js';
import { aclHit, denyLike, icmpConnection, tcpUdpConnection, translation } from './connection.js';
import { tokenAt } from './endpoint.js';
import { fillFtdEvent, readFtdPairs } from './ftd-event.js';
import { findTag, readTag, untaggedStart } from './locate.js';
import { systemMessage } from './system.js';
import { botnetFilter, ipsSignature, threatDetection } from './threat.js';
import { urlMessage } from './web.js';

export const VENDOR = 'cisco-asa';

/** Syslog level (0 emergencies … 7 debugging) → SPEC severity 0–4. */
const LEVEL_SEVERITY = [4, 4, 4, 3, 2, 2, 0, 0];

/** Ids whose text is an access-control or anomaly drop with a src/dst pair. */
const DENY_IDS = new Set([
  106001, 106006, 106007, 106010, 106012, 106014, 106015, 106016, 106017, 106020, 106021, 106022, 106023,
  313001, 313004, 313005, 313008, 313009, 710003, 710004, 710005, 419001, 419002, 500003, 500004, 410001,
  420002, 434002, 202010, 418001, 421001, 108004, 106018, 209005,
]);

/** Drops that are protocol anomalies or attacks rather than policy denies. */
const DOS_IDS = new Set([106017, 106020, 106021, 106022, 419001, 419002, 500003, 500004, 209005]);

/** Connection ids whose record is useless without its addresses. */
function needsAddresses(id: number): boolean {
  return (id >= 302013 && id <= 302021) || id === 305011 || id === 305012 || id === 106100 || id === 106023;
}

/**
 * To-the-box messages name only the interface the packet arrived on, written on the
 * destination (`to outside:203.0.113.10/22`): that interface is the source's side.
 */
const TO_THE_BOX = new Set([710003, 710004, 710005, 605004, 605005]);

function fillMessage(ev: ParsedEvent, id: number, m: string): void {
  if (id >= 302013 && id <= 302018) {
    tcpUdpConnection(ev, m);
    return;
  }
  if (id === 302020 || id === 302021) {
    icmpConnection(ev, m);
    return;
  }
  if (id === 302023 || id === 302022 || id === 302024 || id === 302025 || id === 302026 || id === 302027) {
    tcpUdpConnection(ev, m);
    return;
  }
  if (id === 305011 || id === 305012) {
    translation(ev, m);
    return;
  }
  if (id === 106100) {
    aclHit(ev, m);
    return;
  }
  if (DENY_IDS.has(id)) {
    denyLike(ev, m);
    if (id === 420002 || id === 434002) {
      // an IPS / SFR module asked the ASA to drop this packet
      ev.kind = 'threat';
      ev.action = 'drop';
      ev.hints.threatType = 'ips';
      return;
    }
    ev.action = id === 106100 ? ev.action : id === 421001 || id === 202010 ? 'drop' : 'block';
    if (DOS_IDS.has(id)) {
      ev.kind = 'anomaly';
      ev.action = 'drop';
      ev.hints.threatType = 'dos';
      ev.threat = m.slice(0, Math.min(m.length, anomalyEnd(m)));
    }
    return;
  }
  if (id === 304001 || id === 304002) {
    urlMessage(ev, id, m);
    return;
  }
  if (id === 401004) {
    shunned(ev, m);
    return;
  }
  if (id >= 400000 && id <= 400050) {
    ipsSignature(ev, id, m);
    return;
  }
  if (id >= 733100 && id <= 733105) {
    threatDetection(ev, id, m);
    return;
  }
  if (id >= 338001 && id <= 338204 && m.startsWith('Dynamic Filter ')) {
    botnetFilter(ev, m);
    return;
  }
  if (id >= 430001 && id <= 430005) {
    fillFtdEvent(ev, id, readFtdPairs(m, 0));
    return;
  }
  systemMessage(ev, id, m);
  if (id === 605004 || id === 611102 || id === 113005 || id === 113015 || id === 716039) ev.action = 'block';
  else if (id === 605005 || id === 611101 || id === 113004 || id === 113012) ev.action = 'allow';
}

/** 401004 `Shunned packet: 192.0.2.1 ==> 10.0.0.5 on interface outside`: a shunned host's packet dropped. */
function shunned(ev: ParsedEvent, m: string): void {
  ev.kind = 'traffic';
  ev.action = 'drop';
  const c = m.indexOf(': ');
  const t1 = c > 0 ? tokenAt(m, c + 2) : null;
  const arrow = t1 ? tokenAt(m, t1[1]) : null;
  const t2 = arrow ? tokenAt(m, arrow[1]) : null;
  if (t1) ev.src_ip = ip(m.slice(t1[0], t1[1]));
  if (t2) ev.dst_ip = ip(m.slice(t2[0], t2[1]));
  const onIf = m.indexOf(' on interface ');
  const ti = onIf > 0 ? tokenAt(m, onIf + 14) : null;
  if (ti) {
    ev.hints.srcZone = m.slice(ti[0], ti[1]);
    ev.hints.srcIntf = ev.hints.srcZone;
  }
}

/** End of the attack description of an anomaly drop ("Deny IP due to Land Attack" …). */
function anomalyEnd(m: string): number {
  let e = m.length;
  for (const stop of [' from ', ':', ',']) {
    const k = m.indexOf(stop);
    if (k > 0 && k < e) e = k;
  }
  return e;
}

function parse(rec: RecordInput): ParseResult {
  const s = rec.body;
  let ts = headerTime(rec);
  const p = findTag(s);
  if (p < 0) {
    const u = untaggedStart(s);
    if (u < 0) return fail('malformed', 'no %ASA- / %FTD- message tag');
    const ev = blankEvent(VENDOR, 'system', ts);
    systemMessage(ev, 0, s.slice(u));
    return ev;
  }
  const tag = readTag(s, p);
  if (!tag) return fail('malformed', 'unreadable %ASA- message tag');
  const m = s.slice(tag.text);
  if (m.length === 0) return fail('truncated', 'message tag without text');
  const ev = blankEvent(VENDOR, 'system', ts);
  ev.severity = LEVEL_SEVERITY[tag.level] ?? null;
  fillMessage(ev, tag.id, m);
  if (needsAddresses(tag.id) && ev.src_ip === null && ev.dst_ip === null) {
    return fail('truncated', `message ${tag.id} without its addresses`);
  }
  if (TO_THE_BOX.has(tag.id) && ev.hints.dstZone && !ev.hints.srcZone) {
    ev.hints.srcZone = ev.hints.dstZone;
    ev.hints.srcIntf = ev.hints.dstZone;
  }
  // the syslog level of a connection or deny record says nothing about a threat
  if (ev.kind === 'traffic' || ev.kind === 'web') ev.severity = null;
  if (ts === NO_TIME && tag.id >= 430002 && tag.id <= 430005) {
    // Firepower connection events carry their own first-packet time (UTC, "Z")
    const k = m.indexOf('FirstPacketSecond: ');
    if (k >= 0) {
      ts = parseDateTime(m.slice(k + 19, k + 39).replace(/,.*$/, ''), 'UTC');
      ev.tsMs = Number.isNaN(ts) ? NO_TIME : ts;
    }
  }
  return ev;
}

export const ciscoAsaParser: Parser = {
  id: 'cisco-asa',
  sniff(rec: RecordInput): boolean {
    return findTag(rec.body) >= 0 || untaggedStart(rec.body) >= 0;
  },
  parse(rec: RecordInput): ParseResult {
    try {
      return parse(rec);
    } catch {
      // handlers index into free text; a shape they did not foresee must not escape
      return fail('malformed', 'unreadable ASA message');
    }
  },
};
