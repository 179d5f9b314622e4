/**
 * THREAT subtypes → kind and hints. The Threat/Content Type field names the engine:
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/threat-log-fields
 *   url            URL Filtering: misc = URL, category = URL category      → web / webfilter
 *   virus          Antivirus: misc = file name, threat = virus name        → virus
 *   wildfire-virus WildFire signature hit on a file                         → virus
 *   wildfire       WildFire verdict report: category = verdict              → virus when "malicious"
 *   spyware        Anti-Spyware: C2 / DNS sinkhole / phone-home signatures  → c2
 *   vulnerability  Vulnerability Protection: exploits, brute force          → ips
 *   scan           Zone Protection reconnaissance (port scan, host sweep)   → anomaly / scan
 *   flood          Zone / DoS Protection floods                             → anomaly / dos
 *   file           File Blocking: a file type seen or blocked               → traffic (no threat verdict)
 *   data           Data Filtering (DLP) pattern match                       → threat, no threat type
 */
import { hostOf, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';

/** "www.example.com/a" or "example.com:443/" as written in the misc field. */
function setUrl(ev: ParsedEvent, misc: string): void {
  const url = str(misc);
  if (!url) return;
  ev.url = url;
  ev.domain = hostOf(url);
}

export function threatHints(
  ev: ParsedEvent,
  subtype: string,
  misc: string,
  threatId: string,
  category: string,
): void {
  const name = str(threatId);
  switch (subtype) {
    case 'url': {
      ev.kind = 'web';
      ev.hints.threatType = 'webfilter';
      const cat = str(category);
      if (cat) ev.hints.urlCategory = cat;
      setUrl(ev, misc);
      // "(9999)" is the URL-filtering pseudo threat id, not a name
      if (name && name.charCodeAt(0) !== 40) ev.threat = name;
      return;
    }
    case 'virus':
    case 'wildfire-virus':
      ev.hints.threatType = 'virus';
      ev.threat = name;
      if (ev.app) ev.hints.service = ev.app;
      return;
    case 'wildfire':
      ev.threat = name;
      if (ev.app) ev.hints.service = ev.app;
      if (category === 'malicious') ev.hints.threatType = 'virus';
      else if (category === 'benign') ev.kind = 'system';
      return;
    case 'spyware':
      ev.hints.threatType = 'c2';
      ev.threat = name;
      return;
    case 'vulnerability':
      ev.hints.threatType = 'ips';
      ev.threat = name;
      return;
    case 'scan':
      ev.kind = 'anomaly';
      ev.hints.threatType = 'scan';
      ev.threat = name;
      return;
    case 'flood':
      ev.kind = 'anomaly';
      ev.hints.threatType = 'dos';
      ev.threat = name;
      return;
    case 'file':
      ev.kind = 'traffic';
      ev.threat = name;
      return;
    default:
      // data (DLP) and subtypes added after 11.x: a threat record without a verdict type
      ev.threat = name;
      return;
  }
}
