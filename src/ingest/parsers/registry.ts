/**
 * The literal list of parsers, in auto-detection order: the most specific sniffers
 * first, generic CEF / LEEF last (vendor-specific CEF lines are claimed earlier).
 */
import { cefParser } from './cef/index.js';
import { checkpointParser } from './checkpoint/index.js';
import { ciscoAsaParser } from './cisco-asa/index.js';
import { fortigateParser } from './fortigate/index.js';
import { juniperSrxParser } from './juniper-srx/index.js';
import { leefParser } from './leef/index.js';
import { paloaltoParser } from './paloalto/index.js';
import { pfsenseParser } from './pfsense/index.js';
import { sonicwallParser } from './sonicwall/index.js';
import { sophosParser } from './sophos/index.js';
import { suricataParser } from './suricata/index.js';
import type { Parser } from './types.js';
import { watchguardParser } from './watchguard/index.js';
import { yamahaRtxParser } from './yamaha-rtx/index.js';

export const PARSERS: readonly Parser[] = [
  suricataParser,
  fortigateParser,
  paloaltoParser,
  sophosParser,
  checkpointParser,
  pfsenseParser,
  yamahaRtxParser,
  ciscoAsaParser,
  juniperSrxParser,
  sonicwallParser,
  watchguardParser,
  leefParser,
  cefParser,
];

export const FORMAT_IDS: readonly string[] = PARSERS.map((p) => p.id);

const byId = new Map(PARSERS.map((p) => [p.id, p]));

export function parserById(id: string): Parser | undefined {
  return byId.get(id);
}
