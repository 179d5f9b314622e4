/**
 * Check Point fields (any export format) → ParsedEvent. The `product` field names the
 * Software Blade that wrote the log, which decides kind and threat type:
 * https://sc1.checkpoint.com/documents/latest/APIs/index.html#log-fields
 * https://support.checkpoint.com/results/sk/sk122323  (Log Exporter, field names)
 */
import type { Action } from '../../../event/event.js';
import { hostOf, int, ip, normAction, port, protoName, severityWord, str } from '../fields.js';
import { blankEvent, type ParsedEvent, type ThreatType } from '../types.js';
import { K, type Slots } from './fields.js';

/** Check Point action words the shared table does not know. */
const CP_ACTIONS: Record<string, Action> = {
  inspect: 'detect',
  ask: 'other',
  inform: 'detect',
  bypass: 'allow',
  encrypt: 'allow',
  decrypt: 'allow',
  'key install': 'other',
  'log in': 'other',
  'failed log in': 'other',
  update: 'other',
};

export function cpAction(v: string | undefined): Action | null {
  if (!v) return null;
  return normAction(v) ?? CP_ACTIONS[v.toLowerCase()] ?? 'other';
}

interface Blade {
  kind: ParsedEvent['kind'];
  threatType?: ThreatType;
}

/**
 * Blade names as Log Exporter writes them in `product` (R80.x / R81.x). Anything not
 * listed: traffic when the record has a 5-tuple, else system.
 */
const BLADES: Record<string, Blade> = {
  'VPN-1 & FireWall-1': { kind: 'traffic' },
  Firewall: { kind: 'traffic' },
  'Multi-product': { kind: 'traffic' },
  'HTTPS Inspection': { kind: 'traffic' },
  'Mobile Access': { kind: 'traffic' },
  'Content Awareness': { kind: 'traffic' },
  IPS: { kind: 'threat', threatType: 'ips' },
  SmartDefense: { kind: 'threat', threatType: 'ips' },
  'Anti Malware': { kind: 'threat', threatType: 'virus' },
  'Anti-Virus': { kind: 'threat', threatType: 'virus' },
  'Anti Virus': { kind: 'threat', threatType: 'virus' },
  'Threat Emulation': { kind: 'threat', threatType: 'virus' },
  'Threat Extraction': { kind: 'threat' },
  'Anti-Bot': { kind: 'threat', threatType: 'c2' },
  'Anti Bot': { kind: 'threat', threatType: 'c2' },
  'URL Filtering': { kind: 'web', threatType: 'webfilter' },
  'Application Control': { kind: 'web', threatType: 'app' },
  SmartConsole: { kind: 'system' },
  'System Monitor': { kind: 'system' },
  'Security Gateway/Management': { kind: 'system' },
  'Identity Awareness': { kind: 'system' },
  SmartUpdate: { kind: 'system' },
  'Endpoint Management': { kind: 'system' },
  'Anti-Spam': { kind: 'mail', threatType: 'spam' },
  'Anti-Spam and Email Security': { kind: 'mail', threatType: 'spam' },
  'Anti Spam': { kind: 'mail', threatType: 'spam' },
  'Email Security': { kind: 'mail', threatType: 'spam' },
};

/** Log Exporter severity: a word ("High") or 0–4. */
function cpSeverity(v: string | undefined): number | null {
  if (!v) return null;
  const n = int(v);
  if (n !== null) return Math.min(n, 4);
  return severityWord(v);
}

/** conn_direction is the gateway's own verdict on the connection (R80.20+ with topology). */
function connDirection(v: string | undefined): ParsedEvent['hints']['direction'] {
  switch (v) {
    case 'Incoming':
      return 'inbound';
    case 'Outgoing':
      return 'outbound';
    case 'Internal':
      return 'internal';
    default:
      return undefined;
  }
}

/**
 * Builds the event. `ifdir` is the direction of the packet through the interface the log
 * names (inbound: it entered `ifname`; outbound: it left through it) — not whether the
 * connection came from outside — so it only decides whether `ifname` is the source-side
 * or destination-side interface. The traffic direction hint comes from `conn_direction`.
 */
/** Actions of VPN, login and update records: kind system even when they carry addresses. */
const SYSTEM_ACTIONS = new Set([
  'Key Install',
  'Log In',
  'Failed Log In',
  'Log Out',
  'Update',
  'Install',
  'Authcrypt',
]);

export function cpEvent(v: Slots, tsMs: number): ParsedEvent {
  const src = ip(v[K.src]) ?? ip(v[K.client_ip]);
  const dst = ip(v[K.dst]);
  const product = v[K.product] ?? '';
  const blade = BLADES[product];
  const hasTuple = (src !== null || dst !== null) && !SYSTEM_ACTIONS.has(v[K.action] ?? '');
  const ev = blankEvent('checkpoint', blade && hasTuple ? blade.kind : hasTuple ? 'traffic' : 'system', tsMs);
  ev.src_ip = src;
  ev.dst_ip = dst;
  ev.src_port = port(v[K.s_port]);
  ev.dst_port = port(v[K.service]);
  ev.proto = protoName(str(v[K.proto]));
  ev.action = cpAction(v[K.action]);
  ev.rule = str(v[K.rule_name]) ?? str(v[K.rule]);
  ev.user = str(v[K.src_user_name]) ?? str(v[K.user]) ?? str(v[K.administrator]);
  ev.severity = cpSeverity(v[K.severity]);
  ev.bytes_out = int(v[K.client_outbound_bytes]) ?? int(v[K.sent_bytes]);
  ev.bytes_in = int(v[K.client_inbound_bytes]) ?? int(v[K.received_bytes]);
  ev.app = str(v[K.appi_name]);
  const resource = str(v[K.resource]);
  if (resource) {
    ev.url = resource;
    ev.domain = hostOf(resource);
  } else {
    const q = str(v[K.dns_query]);
    if (q) ev.domain = q.toLowerCase();
  }
  const h = ev.hints;
  const inz = str(v[K.inzone]);
  const outz = str(v[K.outzone]);
  if (inz) h.srcZone = inz;
  if (outz) h.dstZone = outz;
  const ifname = str(v[K.ifname]);
  if (ifname && ifname !== 'daemon') {
    if (v[K.ifdir] === 'outbound') h.dstIntf = ifname;
    else h.srcIntf = ifname;
  }
  const dir = connDirection(v[K.conn_direction]);
  if (dir) h.direction = dir;
  const sid = str(v[K.service_id]);
  if (sid) h.service = sid;
  const appCat = str(v[K.app_category]);
  if (appCat) h.appCategory = appCat;
  if (blade && hasTuple && blade.threatType) {
    h.threatType = blade.threatType;
    if (blade.threatType === 'webfilter' || blade.threatType === 'app') {
      const cat = str(v[K.matched_category]) ?? str(v[K.categories]);
      if (cat) h.urlCategory = cat;
    } else {
      ev.threat = str(v[K.protection_name]) ?? str(v[K.attack]) ?? str(v[K.malware_family]);
      // IPS / SmartDefense also carry the reconnaissance protections ("Port Scan", "Host Sweep")
      if (blade.threatType === 'ips' && /scan|sweep/i.test(`${v[K.attack] ?? ''} ${ev.threat ?? ''}`))
        h.threatType = 'scan';
    }
    const verdict = v[K.verdict];
    if (product === 'Threat Emulation' && verdict !== undefined && verdict.toLowerCase() === 'benign') {
      delete h.threatType;
      ev.kind = 'system';
    }
  }
  return ev;
}
