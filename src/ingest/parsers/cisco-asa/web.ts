/**
 * 304001 `10.0.0.5 Accessed URL 203.0.113.5:http://www.example.com/` and 304002
 * `Access denied URL http://… SRC 10.0.0.5 DEST 203.0.113.5 on interface inside`: the
 * ASA's URL-filtering (Websense / N2H2) verdicts.
 */
import { hostOf, ip } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { tokenAt } from './endpoint.js';

export function urlMessage(ev: ParsedEvent, id: number, m: string): void {
  ev.kind = 'web';
  if (id === 304001) {
    ev.action = 'allow';
    const acc = m.indexOf(' Accessed ');
    if (acc > 0) {
      const sp = m.lastIndexOf(' ', acc - 1);
      ev.src_ip = ip(m.slice(sp + 1, acc));
      const url = m.indexOf('URL ', acc);
      const t = url > 0 ? tokenAt(m, url + 4) : null;
      if (t) {
        const colon = m.indexOf(':', t[0]);
        if (colon > 0 && colon < t[1]) {
          ev.dst_ip = ip(m.slice(t[0], colon));
          ev.url = m.slice(colon + 1, t[1]);
        }
      }
    }
  } else {
    ev.action = 'block';
    ev.hints.threatType = 'webfilter';
    const t = tokenAt(m, 'Access denied URL '.length);
    if (m.startsWith('Access denied URL ') && t) ev.url = m.slice(t[0], t[1]);
    const src = m.indexOf(' SRC ');
    const dst = m.indexOf(' DEST ');
    const st = src > 0 ? tokenAt(m, src + 5) : null;
    const dt = dst > 0 ? tokenAt(m, dst + 6) : null;
    if (st) ev.src_ip = ip(m.slice(st[0], st[1]));
    if (dt) ev.dst_ip = ip(m.slice(dt[0], m.charCodeAt(dt[1] - 1) === 58 ? dt[1] - 1 : dt[1]));
  }
  ev.domain = hostOf(ev.url);
  ev.proto = 'tcp';
  if (ev.url) ev.hints.service = ev.url.startsWith('https') ? 'HTTPS' : 'HTTP';
}
