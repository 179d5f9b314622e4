/**
 * SonicOS `src=` / `dst=` values: `ip:port:interface[:host]`, `ip::interface` (no port),
 * `ip` alone, `:port:interface` with the IPv6 address in `srcV6=` / `dstV6=`.
 */
import { ip, port } from '../fields.js';

export interface Host {
  ip: string | null;
  port: number | null;
  intf: string | null;
  name: string | null;
}

export function readHost(v: string | undefined, v6: string | undefined): Host {
  const h: Host = { ip: null, port: null, intf: null, name: null };
  if (v !== undefined && v.length > 0) {
    const c1 = v.indexOf(':');
    if (c1 < 0) h.ip = ip(v);
    else {
      h.ip = c1 > 0 ? ip(v.slice(0, c1)) : null;
      const c2 = v.indexOf(':', c1 + 1);
      h.port = port(v.slice(c1 + 1, c2 < 0 ? v.length : c2));
      if (c2 >= 0) {
        const c3 = v.indexOf(':', c2 + 1);
        const intf = v.slice(c2 + 1, c3 < 0 ? v.length : c3);
        h.intf = intf.length > 0 ? intf : null;
        if (c3 >= 0 && c3 + 1 < v.length) h.name = v.slice(c3 + 1);
      }
    }
  }
  if (h.ip === null && v6) h.ip = ip(v6);
  return h;
}

/** `tcp/https` → ["tcp", "https"]; `icmp` → ["icmp", null]. */
export function splitProto(v: string | undefined): [string | null, string | null] {
  if (!v) return [null, null];
  const s = v.indexOf('/');
  if (s < 0) return [v.toLowerCase(), null];
  const svc = v.slice(s + 1);
  return [v.slice(0, s).toLowerCase(), svc.length > 0 && !isDigits(svc) ? svc : null];
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
