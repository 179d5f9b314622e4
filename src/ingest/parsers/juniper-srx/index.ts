/**
 * Juniper SRX security logs (Junos "System Log Messages Reference": RT_FLOW, RT_IDP,
 * RT_IDS / RT_SCREEN, RT_UTM, RT_SECINTEL, RT_AAMW), both as structured syslog
 * (RFC 5424, fields in a `[junos@2636.…]` SD element, event name in MSGID) and as the
 * standard text form (`RT_FLOW: RT_FLOW_SESSION_CREATE: session created …`).
 */
import type { ParseResult, Parser, RecordInput } from '../types.js';
import { blankEvent, fail, headerTime } from '../types.js';
import { fillEvent } from './events.js';
import { type Fields, KEYS, readSd } from './structured.js';
import { readText } from './text-form.js';

export const VENDOR = 'juniper-srx';

/** Syslog tags (RFC 3164 APP / RFC 5424 APP-NAME) of SRX security processes. */
function isSrxApp(app: string | null): boolean {
  return app !== null && app.length > 3 && app.charCodeAt(0) === 82 && app.startsWith('RT_');
}

/** `RT_FLOW_SESSION_CREATE_LS` → `RT_FLOW_SESSION_CREATE`. */
function eventName(v: string): string {
  return v.endsWith('_LS') ? v.slice(0, -3) : v;
}

// one scratch array per parser: parse is synchronous and does not re-enter
const scratch: Fields = new Array(KEYS.length).fill(undefined);

function parse(rec: RecordInput): ParseResult {
  const h = rec.header;
  const ts = headerTime(rec);
  if (h.sd?.startsWith('[junos@')) {
    const name = eventName(h.msgid ?? '');
    if (!readSd(h.sd, scratch)) return fail('truncated', 'structured data cut off inside a value');
    const ev = blankEvent(VENDOR, 'system', ts);
    fillEvent(ev, name, scratch);
    return ev;
  }
  // text form: body "EVENT_NAME: text" (the process name is the syslog tag)
  const body = rec.body;
  const colon = body.indexOf(': ');
  if (colon <= 0 || colon > 64) return fail('malformed', 'no SRX event name');
  const name = eventName(body.slice(0, colon));
  if (!isEventName(name)) return fail('malformed', 'no SRX event name');
  readText(name, body.slice(colon + 2), scratch);
  const ev = blankEvent(VENDOR, 'system', ts);
  fillEvent(ev, name, scratch);
  return ev;
}

/** Upper-case letters, digits and '_' only (RT_FLOW_SESSION_CREATE). */
function isEventName(s: string): boolean {
  if (s.length < 3) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

export const juniperSrxParser: Parser = {
  id: 'juniper-srx',
  sniff(rec: RecordInput): boolean {
    const h = rec.header;
    if (h.sd?.startsWith('[junos@')) return true;
    if (isSrxApp(h.app) && rec.body.length > 0) return true;
    // a relay that stripped the syslog header leaves "RT_FLOW_SESSION_CREATE: …"
    const b = rec.body;
    if (h.app !== null || b.charCodeAt(0) !== 82 || !b.startsWith('RT_')) return false;
    const colon = b.indexOf(': ');
    return colon > 3 && colon < 48 && !b.slice(0, colon).includes(' ');
  },
  parse(rec: RecordInput): ParseResult {
    try {
      return parse(rec);
    } catch {
      // free-text forms vary by Junos release; an unforeseen shape must not escape
      return fail('malformed', 'unreadable SRX record');
    }
  },
};
