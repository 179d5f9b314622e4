/**
 * Channel (SPEC §3 `channel`): how a virus travelled, for the seed's three virus charts,
 * and which way a mail went, so the weekly mail can count received mail and the spam
 * share (docs/classification.md "Channel").
 */
import type { Channel, Direction, NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';

type Proto = 'smtp' | 'mail-in' | 'web' | 'ftp';

// Services / application names as devices write them (lower-cased).
const SERVICES = new Map<string, Proto>([
  ['smtp', 'smtp'],
  ['smtps', 'smtp'],
  ['esmtp', 'smtp'],
  ['submission', 'smtp'],
  ['smtp-base', 'smtp'],
  ['pop3', 'mail-in'],
  ['pop3s', 'mail-in'],
  ['pop', 'mail-in'],
  ['imap', 'mail-in'],
  ['imaps', 'mail-in'],
  ['imap4', 'mail-in'],
  ['http', 'web'],
  ['https', 'web'],
  ['web-browsing', 'web'],
  ['ssl', 'web'],
  ['http.browser', 'web'],
  ['https.browser', 'web'],
  ['web', 'web'],
  ['http2', 'web'],
  ['http3', 'web'],
  ['quic', 'web'],
  ['ftp', 'ftp'],
  ['ftps', 'ftp'],
  ['ftp-data', 'ftp'],
  ['ftp_data', 'ftp'],
]);

const PORTS = new Map<number, Proto>([
  [25, 'smtp'],
  [465, 'smtp'],
  [587, 'smtp'],
  [110, 'mail-in'],
  [995, 'mail-in'],
  [143, 'mail-in'],
  [993, 'mail-in'],
  [80, 'web'],
  [443, 'web'],
  [8080, 'web'],
  [8443, 'web'],
  [3128, 'web'],
  [8000, 'web'],
  [8008, 'web'],
  [21, 'ftp'],
  [20, 'ftp'],
  [990, 'ftp'],
]);

function protoOfName(name: string | null | undefined): Proto | null {
  if (name === null || name === undefined || name.length === 0) return null;
  const lower = name.toLowerCase();
  const hit = SERVICES.get(lower);
  if (hit !== undefined) return hit;
  // Vendor variants: "HTTPS.BROWSER_Firefox", "smtp-base", "FTP_Data", "tcp/25" is not a name.
  if (lower.startsWith('smtp')) return 'smtp';
  if (lower.startsWith('pop3') || lower.startsWith('imap')) return 'mail-in';
  if (lower.startsWith('http')) return 'web';
  if (lower.startsWith('ftp')) return 'ftp';
  return null;
}

/**
 * hints.channel wins. Otherwise from the service (hints.service, then the app field),
 * then the destination port: SMTP is mail-send when the device says the mail was
 * going out (mailOutgoing) or the direction is outbound, else mail-receive; POP3 /
 * IMAP are mail-receive; HTTP(S) web; FTP ftp. A mail event with nothing else to go
 * on is mail-send / mail-receive by mailOutgoing. Anything else is `other`.
 */
export function virusChannel(
  ev: Pick<NormalizedEvent, 'app' | 'dst_port' | 'kind'>,
  hints: Hints,
  direction: Direction,
): Channel {
  if (hints.channel !== undefined) return hints.channel;
  const proto =
    protoOfName(hints.service) ??
    protoOfName(ev.app) ??
    (ev.dst_port === null ? null : (PORTS.get(ev.dst_port) ?? null));
  if (proto === 'smtp') {
    if (hints.mailOutgoing === true) return 'mail-send';
    if (hints.mailOutgoing === false) return 'mail-receive';
    return direction === 'outbound' ? 'mail-send' : 'mail-receive';
  }
  if (proto === 'mail-in') return 'mail-receive';
  if (proto === 'web') return 'web';
  if (proto === 'ftp') return 'ftp';
  if (ev.kind === 'mail' || hints.mailOutgoing !== undefined) {
    return hints.mailOutgoing === true || direction === 'outbound' ? 'mail-send' : 'mail-receive';
  }
  return 'other';
}

/**
 * The way a mail went: the virus channel's mail rules (service, port, the device's own
 * word), and where those point at no mail protocol — a mail log with an HTTP service or
 * none at all — the device's word or the direction, so a mail event always gets one of
 * the two mail channels and the rollups can count mail per direction.
 */
export function mailChannel(
  ev: Pick<NormalizedEvent, 'app' | 'dst_port' | 'kind'>,
  hints: Hints,
  direction: Direction,
): 'mail-send' | 'mail-receive' {
  const c = virusChannel(ev, hints, direction);
  if (c === 'mail-send' || c === 'mail-receive') return c;
  if (hints.mailOutgoing !== undefined) return hints.mailOutgoing ? 'mail-send' : 'mail-receive';
  return direction === 'outbound' ? 'mail-send' : 'mail-receive';
}
