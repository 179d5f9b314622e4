/**
 * Cisco Secure Email (ESA) consolidated event logs in CEF ("Consolidated Event Logs",
 * AsyncOS user guide, https://www.cisco.com/c/en/us/td/docs/security/esa/esa14-0/user_guide/b_ESA_Admin_Guide_14-0/b_ESA_Admin_Guide_12_1_chapter_0100111.html):
 *
 *   CEF:0|Cisco|C390 Email Security Appliance|14.0.0-698|ESA_CONSOLIDATED_LOG_EVENT|Consolidated Log Event|5|
 *     … ESAASVerdict=POSITIVE ESAAVVerdict=NEGATIVE … deviceDirection=0 suser=… duser=… act=QUARANTINED
 *
 * ESA verdicts decide spam / virus; deviceDirection 1 = outgoing mail (sent from inside).
 */
import { str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { directionOf, type Values } from './common.js';
import type { CefHeader } from './header.js';
import { S } from './keys.js';

export function applyCisco(h: CefHeader, v: Values, ev: ParsedEvent): void {
  const dir = directionOf(v);
  if (dir) ev.hints.direction = dir;
  if (!/email/i.test(h.product)) return;
  ev.kind = 'mail';
  if (dir === 'outbound') ev.hints.mailOutgoing = true;
  ev.hints.service = 'SMTP';
  const as = (str(v[S.esaAsVerdict]) ?? '').toUpperCase();
  const av = (str(v[S.esaAvVerdict]) ?? '').toUpperCase();
  const amp = (str(v[S.esaAmpVerdict]) ?? '').toUpperCase();
  if (av === 'POSITIVE' || amp === 'MALICIOUS') {
    ev.kind = 'threat';
    ev.hints.threatType = 'virus';
  } else if (as === 'POSITIVE' || as === 'SUSPECT') ev.hints.threatType = 'spam';
}
