/**
 * Sophos: Sophos Firewall (XG / SFOS, `log_id=` + `log_type=`) and Sophos UTM 9
 * (`id="2001" … sys="SecureNet" sub="packetfilter"`). See xg.ts and utm.ts.
 */
import type { ParseResult, Parser, RecordInput } from '../types.js';
import { fail } from '../types.js';
import { hasKey, keyAt } from './kv-shape.js';
import { parseUtm } from './utm.js';
import { parseXg } from './xg.js';

/** Offset of a UTM 9 `id="NNNN"` pair that carries `sys="…"` (or the reverse proxy's `localip="…"`), else -1. */
function utmStart(s: string): number {
  const i = keyAt(s, 'id="');
  if (i < 0) return -1;
  for (let k = i + 4; k < i + 8; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
  }
  if (s.charCodeAt(i + 8) !== 34) return -1;
  return hasKey(s, 'sys="') || hasKey(s, 'localip="') ? i : -1;
}

function isXg(s: string): boolean {
  return (
    hasKey(s, 'log_type=') &&
    hasKey(s, 'log_id=') &&
    (hasKey(s, 'log_component=') || hasKey(s, 'device_name=') || hasKey(s, 'device="SFW"'))
  );
}

export const sophosParser: Parser = {
  id: 'sophos',

  sniff(rec: RecordInput): boolean {
    const s = rec.body;
    return isXg(s) || utmStart(s) >= 0;
  },

  parse(rec: RecordInput, ctx): ParseResult {
    const s = rec.body;
    if (isXg(s)) return parseXg(rec, ctx.tz);
    const u = utmStart(s);
    if (u >= 0) return parseUtm(rec, u, ctx.tz);
    return fail('malformed', 'neither Sophos Firewall (log_type=) nor Sophos UTM (id="…" sys="…") key=value');
  },
};
