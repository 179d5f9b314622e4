/**
 * Monitoring item (SPEC §4) of one event. The rules, in order, are documented in
 * docs/classification.md; the comments here say why a rule sits where it does.
 */
import type { Category, Direction, NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import type { UsageItem } from './content-schema.js';
import type { ClassificationTables, DomainHit, FamilyInfo } from './tables.js';

type Ev = Pick<NormalizedEvent, 'kind' | 'action' | 'vendor' | 'threat' | 'app' | 'proto' | 'dst_port'>;

export interface CategoryInput {
  ev: Ev;
  hints: Hints;
  direction: Direction;
  tables: ClassificationTables;
  family: FamilyInfo | null;
  /** Result of the domain lookup (null: no domain or no match). */
  domainHit: DomainHit | null;
}

/** Remote desktop ports seen going out (RDP, VNC :0 and :1). */
function isRemoteDesktopPort(ev: Ev): boolean {
  const p = ev.dst_port;
  if (p !== 3389 && p !== 5900 && p !== 5901) return false;
  const proto = ev.proto;
  return proto === null || proto === 'tcp' || proto === 'TCP' || proto === '6';
}

function isBlocked(ev: Ev): boolean {
  return ev.action === 'block' || ev.action === 'drop' || ev.action === 'reset';
}

/**
 * Usage item from the application name or category. Remote-access between two
 * inside hosts is ordinary administration (RDP to the office server), not a
 * connection to a remote PC outside, so it does not count.
 */
function usageFromApp(x: CategoryInput): UsageItem | null {
  const { ev, hints, tables } = x;
  let item: UsageItem | null = null;
  if (ev.app !== null) item = tables.appItem(ev.app);
  if (item === null && hints.appCategory !== undefined)
    item = tables.appCategoryItem(ev.vendor, hints.appCategory);
  if (item === 'remote-access' && x.direction === 'internal') return null;
  return item;
}

/** Usage item from domain, then app, then URL category; null for inbound traffic. */
function usage(x: CategoryInput): UsageItem | null {
  if (x.direction === 'inbound') return null;
  const fromDomain = x.domainHit?.item ?? null;
  if (fromDomain !== null) return fromDomain;
  const fromApp = usageFromApp(x);
  if (fromApp !== null) return fromApp;
  if (x.hints.urlCategory !== undefined) {
    const v = x.tables.urlVerdict(x.ev.vendor, x.hints.urlCategory);
    if (v !== null && v !== 'harmful' && v !== 'c2') return v;
  }
  return null;
}

/** A family that phones home, seen from an inside host. */
function c2FromInside(x: CategoryInput): boolean {
  return x.family?.c2 === true && x.direction !== 'inbound';
}

/**
 * IPS / IDS signatures: a C&C family from inside is malicious-outbound; a policy
 * signature that names an application is that usage item; otherwise the direction
 * decides: outbound (an inside host attacking or calling out) → malicious-outbound,
 * inbound, internal and unknown → intrusion-inbound (the attacked host is ours;
 * lateral movement is still an attack the IPS stopped against an inside host).
 */
function ipsCategory(x: CategoryInput): Category {
  if (c2FromInside(x)) return 'malicious-outbound';
  if (x.direction !== 'inbound' && x.ev.threat !== null) {
    const sig = x.tables.signatureItem(x.ev.threat);
    if (sig !== null && !(sig === 'remote-access' && x.direction === 'internal')) return sig;
  }
  return x.direction === 'outbound' ? 'malicious-outbound' : 'intrusion-inbound';
}

/**
 * Web-filter verdicts and other events carrying a URL category: usage items first
 * (the question "who uses Dropbox" is asked of blocked and allowed access alike),
 * then C&C categories, then harmful categories, then — for web-filter verdicts only —
 * any block, because the company's own policy called the site unwanted.
 */
function webCategory(x: CategoryInput, isWebfilter: boolean): Category | null {
  if (x.direction === 'inbound') return null;
  const item = usage(x);
  if (item !== null) return item;
  const verdict =
    x.hints.urlCategory === undefined ? null : x.tables.urlVerdict(x.ev.vendor, x.hints.urlCategory);
  if (verdict === 'c2' || c2FromInside(x)) return 'malicious-outbound';
  if (verdict === 'harmful') return 'harmful-web';
  if (isWebfilter && isBlocked(x.ev)) return 'harmful-web';
  return null;
}

export function categoryOf(x: CategoryInput): Category | null {
  const { ev, hints, direction } = x;
  if (hints.category !== undefined) return hints.category;
  if (ev.kind === 'system') return null;
  switch (hints.threatType) {
    case 'scan':
      return 'recon';
    case 'virus':
      return 'virus';
    case 'spam':
      return 'spam';
    case 'c2':
      return 'malicious-outbound';
    case 'ips':
      return ipsCategory(x);
    case 'dos':
      // A flood from inside is a sign of a compromised host; floods between inside
      // hosts are usually loops or broadcast storms, not attacks.
      if (direction === 'outbound') return 'malicious-outbound';
      return direction === 'internal' ? null : 'intrusion-inbound';
    case 'webfilter':
      return webCategory(x, true);
    case 'app':
      if (c2FromInside(x)) return 'malicious-outbound';
      return usage(x);
    case undefined:
      break;
  }
  // No verdict from the device: plain traffic, DNS, web and mail logs.
  if (ev.kind === 'mail') return null; // domains in mail logs are senders, not sites visited
  if (c2FromInside(x)) return 'malicious-outbound'; // e.g. a DNS query for a WannaCry kill-switch domain
  if (direction === 'inbound') return null;
  if (hints.urlCategory !== undefined) return webCategory(x, false);
  const item = usage(x);
  if (item !== null) return item;
  if (direction === 'outbound' && isRemoteDesktopPort(ev)) return 'remote-access';
  return null;
}
