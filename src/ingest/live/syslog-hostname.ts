/**
 * The syslog HOSTNAME of a raw record, cheaply, for device lookup (a relay may forward
 * several devices over one connection). Only the header is looked at:
 *   RFC 5424: `<165>1 2026-01-05T10:00:00+09:00 fw-osaka app - - - msg`
 *   RFC 3164: `<134>Jan  5 10:00:00 fw-osaka msg`
 * FortiGate's `<189>date=2026-01-05 time=…` has none: null.
 */
const HOST_5424 = /^<\d{1,3}>\d{1,2} \S+ (\S+)/;
const HOST_3164 = /^<\d{1,3}>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (?:\d{4} )?([^\s:]+)[ :]/;

export function syslogHostname(rec: Buffer): string | null {
  if (rec.length < 8 || rec[0] !== 60) return null;
  const head = rec.toString('latin1', 0, Math.min(rec.length, 160));
  const m = HOST_5424.exec(head) ?? HOST_3164.exec(head);
  if (!m || m[1] === '-') return null;
  return m[1].toLowerCase();
}
