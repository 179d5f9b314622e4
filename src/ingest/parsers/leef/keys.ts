/**
 * LEEF attribute keys the parser reads (IBM QRadar "LEEF predefined event attributes",
 * https://www.ibm.com/docs/en/dsm?topic=leef-predefined-event-attributes) plus the
 * vendor keys of WatchGuard, Forcepoint, Aruba and CyberArk records. Each maps to a
 * slot of the value array the attribute scanner fills.
 */
import { type HashedKeys, hashedKeys } from '../cef/key-hash.js';

export const SLOT_NAMES = [
  // predefined attributes
  'src',
  'dst',
  'srcPort',
  'dstPort',
  'proto',
  'devTime',
  'devTimeFormat',
  'usrName',
  'sev',
  'cat',
  'action',
  'url',
  'srcBytes',
  'dstBytes',
  'policy',
  'msg',
  'domain',
  'dhost',
  'duser',
  // WatchGuard Firebox
  'wgDisp',
  'wgInIf',
  'wgOutIf',
  'wgSrcUser',
  'wgSentBytes',
  'wgRcvdBytes',
  'wgDstname',
  'wgArg',
  'wgAppName',
  'wgAppCatName',
  'wgCats',
  'wgVirus',
  'wgSignatureName',
  'wgProxyAct',
  // Aruba ClearPass
  'arLevel',
] as const;

export type SlotName = (typeof SLOT_NAMES)[number];
export const NSLOTS = SLOT_NAMES.length;
export const L = Object.fromEntries(SLOT_NAMES.map((n, i) => [n, i])) as { readonly [K in SlotName]: number };

const ALIASES: Record<string, SlotName> = {
  // CEF-style spellings some LEEF producers use
  spt: 'srcPort',
  dpt: 'dstPort',
  severity: 'sev',
  Action: 'action',
  disp: 'wgDisp',
  in_if: 'wgInIf',
  out_if: 'wgOutIf',
  src_user: 'wgSrcUser',
  sent_bytes: 'wgSentBytes',
  rcvd_bytes: 'wgRcvdBytes',
  dstname: 'wgDstname',
  arg: 'wgArg',
  app_name: 'wgAppName',
  app_cat_name: 'wgAppCatName',
  cats: 'wgCats',
  virus: 'wgVirus',
  signature_name: 'wgSignatureName',
  proxy_act: 'wgProxyAct',
  level: 'arLevel',
};

function buildTable(): HashedKeys {
  const m = new Map<string, number>();
  SLOT_NAMES.forEach((n, i) => {
    if (!n.startsWith('wg') && !n.startsWith('ar')) m.set(n, i);
  });
  for (const [k, n] of Object.entries(ALIASES)) m.set(k, L[n]);
  return hashedKeys(m);
}

export const LEEF_KEYS: HashedKeys = buildTable();
