/**
 * Check Point Log Exporter CEF (sk122323, https://support.checkpoint.com/results/sk/sk122323):
 *
 *   CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Drop deviceDirection=0
 *     rt=1592559931000 spt=56379 dpt=443 cs2Label=Rule Name cs2=Block all … inzone=Internal
 *     outzone=External product=VPN-1 & FireWall-1 proto=6 src=192.168.1.10 dst=203.0.113.7
 *   CEF:0|Check Point|SmartDefense|Check Point|IPS|<protection name>|Very-High|act=Detect
 *     cs4Label=Protection Name cs4=… cs3Label=Protection Type cs3=IPS …
 *
 * The blade (`product`, also the header product) decides the record type: SmartDefense
 * / IPS, Anti-Bot, Anti-Virus / Threat Emulation, URL Filtering, Application Control,
 * HTTPS Inspection, Anti-Spam. Check Point repeats label/value pairs for layered
 * policies (cs4Label=Protection Name cs4=… cs4Label=Threat Prevention Rule ID cs4=…);
 * the tokenizer keeps the first pair. `deviceDirection` is Check Point's interface
 * direction, relative to the gateway interface, so it is not used as a network direction.
 */

import type { Kind } from '../../../event/event.js';
import { str } from '../fields.js';
import type { ParsedEvent, ThreatType } from '../types.js';
import { setUrl, type Values } from './common.js';
import type { CefHeader } from './header.js';
import { S } from './keys.js';
import { labeled } from './labels.js';

const BLADES: Record<string, [Kind, ThreatType | null]> = {
  smartdefense: ['threat', 'ips'],
  ips: ['threat', 'ips'],
  'anti-bot': ['threat', 'c2'],
  'anti-virus': ['threat', 'virus'],
  'anti-malware': ['threat', 'virus'],
  'threat emulation': ['threat', 'virus'],
  'threat extraction': ['threat', 'virus'],
  'url filtering': ['web', 'webfilter'],
  'application control': ['traffic', 'app'],
  'https inspection': ['web', null],
  'anti-spam': ['mail', 'spam'],
  'anti-spam and email security': ['mail', 'spam'],
  'vpn-1 & firewall-1': ['traffic', null],
  firewall: ['traffic', null],
};

export function applyCheckpoint(h: CefHeader, v: Values, ev: ParsedEvent): void {
  const product = str(v[S.cpProduct]) ?? h.product;
  const blade = BLADES[product.toLowerCase()];
  if (blade) {
    ev.kind = blade[0];
    if (blade[1]) ev.hints.threatType = blade[1];
  }
  if (ev.kind === 'threat') {
    ev.threat = labeled(v, ['protectionname']) ?? str(v[S.cpProtectionName]) ?? (str(h.name) || null);
  }
  const urlCat = str(v[S.cpMatchedCategory]) ?? labeled(v, ['matchedcategory']);
  if (urlCat) ev.hints.urlCategory = urlCat;
  const appCat = str(v[S.cpAppCategory]);
  if (appCat) ev.hints.appCategory = appCat;
  ev.app = str(v[S.cpAppiName]) ?? ev.app;
  if (!ev.url) setUrl(ev, str(v[S.cpResource]), null);
  const inz = str(v[S.cpInzone]);
  const outz = str(v[S.cpOutzone]);
  if (inz) ev.hints.srcZone = inz;
  if (outz) ev.hints.dstZone = outz;
  ev.rule =
    labeled(v, ['rulename', 'threatpreventionrulename']) ?? str(v[S.cpRuleName]) ?? str(v[S.cpRuleUid]);
}
