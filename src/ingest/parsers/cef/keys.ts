/**
 * Extension keys the CEF parser reads, each mapped to a slot of the value array the
 * tokenizer fills. Only these keys are sliced out of a record; every other pair is
 * skipped. Short names and the long "full names" of the ArcSight CEF Implementation
 * Standard (e.g. `src` / `sourceAddress`) share a slot, as do the three spellings of
 * FortiGate's own keys (`FTNTFGTvirus`, `FortinetFortiGatevirus`, `ad.virus`, bare `virus`).
 */
import { type HashedKeys, hashedKeys } from './key-hash.js';

export const SLOT_NAMES = [
  // ArcSight CEF Implementation Standard dictionary
  'src',
  'dst',
  'spt',
  'dpt',
  'proto',
  'act',
  'app',
  'request',
  'requestClientApplication',
  'requestMethod',
  'suser',
  'duser',
  'in',
  'out',
  'cs1',
  'cs2',
  'cs3',
  'cs4',
  'cs5',
  'cs6',
  'cs1Label',
  'cs2Label',
  'cs3Label',
  'cs4Label',
  'cs5Label',
  'cs6Label',
  'cn1',
  'cn2',
  'cn3',
  'cn1Label',
  'cn2Label',
  'cn3Label',
  'flexString1',
  'flexString2',
  'flexString1Label',
  'flexString2Label',
  'deviceDirection',
  'rt',
  'start',
  'end',
  'dtz',
  'cat',
  'outcome',
  'fname',
  'filePath',
  'msg',
  'reason',
  'dhost',
  'shost',
  'destinationServiceName',
  'deviceExternalId',
  'deviceInboundInterface',
  'deviceOutboundInterface',
  // FortiGate CEF (FTNTFGT* / FortinetFortiGate* / bare FortiOS names)
  'ftEventtime',
  'ftType',
  'ftSubtype',
  'ftEventtype',
  'ftVirus',
  'ftAttack',
  'ftApp',
  'ftAppcat',
  'ftCatdesc',
  'ftAction',
  'ftPolicyid',
  'ftSeverity',
  'ftQname',
  'ftHostname',
  'ftService',
  'ftUrl',
  'ftTz',
  'sproc',
  // Palo Alto Networks CEF (PAN-OS and Strata Logging Service)
  'panThreatCategory',
  'panThreatName',
  'panAppCategory',
  'panAppSubcategory',
  'panSeverity',
  // Check Point Log Exporter CEF
  'cpProduct',
  'cpInzone',
  'cpOutzone',
  'cpProtectionName',
  'cpProtectionType',
  'cpMatchedCategory',
  'cpAppiName',
  'cpAppCategory',
  'cpResource',
  'cpRuleName',
  'cpRuleUid',
  'cpMalwareAction',
  // Cisco Email Security Appliance CEF
  'esaAsVerdict',
  'esaAvVerdict',
  'esaAmpVerdict',
] as const;

export type SlotName = (typeof SLOT_NAMES)[number];
export const NSLOTS = SLOT_NAMES.length;

/** Slot index by name, for readable access: `v[S.src]`. */
export const S = Object.fromEntries(SLOT_NAMES.map((n, i) => [n, i])) as { readonly [K in SlotName]: number };

/** Long CEF names (CEF Implementation Standard, "CEF Key Names For Event Producers"). */
const FULL_NAMES: Record<string, SlotName> = {
  sourceAddress: 'src',
  destinationAddress: 'dst',
  sourcePort: 'spt',
  destinationPort: 'dpt',
  transportProtocol: 'proto',
  deviceAction: 'act',
  applicationProtocol: 'app',
  requestUrl: 'request',
  sourceUserName: 'suser',
  destinationUserName: 'duser',
  bytesIn: 'in',
  bytesOut: 'out',
  deviceCustomString1: 'cs1',
  deviceCustomString2: 'cs2',
  deviceCustomString3: 'cs3',
  deviceCustomString4: 'cs4',
  deviceCustomString5: 'cs5',
  deviceCustomString6: 'cs6',
  deviceCustomString1Label: 'cs1Label',
  deviceCustomString2Label: 'cs2Label',
  deviceCustomString3Label: 'cs3Label',
  deviceCustomString4Label: 'cs4Label',
  deviceCustomString5Label: 'cs5Label',
  deviceCustomString6Label: 'cs6Label',
  deviceCustomNumber1: 'cn1',
  deviceCustomNumber2: 'cn2',
  deviceCustomNumber3: 'cn3',
  deviceCustomNumber1Label: 'cn1Label',
  deviceCustomNumber2Label: 'cn2Label',
  deviceCustomNumber3Label: 'cn3Label',
  deviceReceiptTime: 'rt',
  startTime: 'start',
  endTime: 'end',
  deviceTimeZone: 'dtz',
  deviceEventCategory: 'cat',
  eventOutcome: 'outcome',
  fileName: 'fname',
  message: 'msg',
  destinationHostName: 'dhost',
  sourceHostName: 'shost',
};

/** FortiOS field names as FortiGate writes them after its CEF prefix (or bare, FortiOS 7.2+). */
const FORTINET: Record<string, SlotName> = {
  eventtime: 'ftEventtime',
  type: 'ftType',
  subtype: 'ftSubtype',
  eventtype: 'ftEventtype',
  virus: 'ftVirus',
  attack: 'ftAttack',
  app: 'ftApp',
  appcat: 'ftAppcat',
  catdesc: 'ftCatdesc',
  action: 'ftAction',
  policyid: 'ftPolicyid',
  severity: 'ftSeverity',
  qname: 'ftQname',
  hostname: 'ftHostname',
  service: 'ftService',
  url: 'ftUrl',
  tz: 'ftTz',
};
/** Bare FortiOS names that do not collide with CEF keys (`app`, `url`, `type` … stay prefixed-only). */
const FORTINET_BARE = [
  'eventtime',
  'subtype',
  'eventtype',
  'virus',
  'attack',
  'appcat',
  'catdesc',
  'policyid',
  'qname',
  'tz',
];

const OTHERS: Record<string, SlotName> = {
  PanOSThreatCategory: 'panThreatCategory',
  PanOSThreatNameFirewall: 'panThreatName',
  PanOSApplicationCategory: 'panAppCategory',
  PanOSApplicationSubcategory: 'panAppSubcategory',
  PanOSSeverity: 'panSeverity',
  product: 'cpProduct',
  inzone: 'cpInzone',
  outzone: 'cpOutzone',
  protection_name: 'cpProtectionName',
  protection_type: 'cpProtectionType',
  matched_category: 'cpMatchedCategory',
  appi_name: 'cpAppiName',
  app_category: 'cpAppCategory',
  resource: 'cpResource',
  rule_name: 'cpRuleName',
  rule_uid: 'cpRuleUid',
  malware_action: 'cpMalwareAction',
  ESAASVerdict: 'esaAsVerdict',
  ESAAVVerdict: 'esaAvVerdict',
  ESAAMPVerdict: 'esaAmpVerdict',
};

function buildTable(): HashedKeys {
  const m = new Map<string, number>();
  SLOT_NAMES.forEach((n, i) => {
    if (!n.startsWith('ft') && !n.startsWith('pan') && !n.startsWith('cp') && !n.startsWith('esa'))
      m.set(n, i);
  });
  for (const [k, n] of Object.entries(FULL_NAMES)) m.set(k, S[n]);
  for (const [k, n] of Object.entries(FORTINET)) {
    m.set('FTNTFGT' + k, S[n]);
    m.set('FortinetFortiGate' + k, S[n]);
    m.set('ad.' + k, S[n]); // FortiOS 5.6.14+ "ad." (additional data) prefix
  }
  for (const k of FORTINET_BARE) m.set(k, S[FORTINET[k]]);
  for (const [k, n] of Object.entries(OTHERS)) m.set(k, S[n]);
  return hashedKeys(m);
}

export const CEF_KEYS: HashedKeys = buildTable();
