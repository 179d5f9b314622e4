/**
 * Palo Alto Networks PAN-OS: syslog CSV (8.0 … 11.x layouts) and the Strata Logging
 * Service / Cortex JSON form. CEF ("LF|2.0") lines belong to the cef parser.
 *   <14>May 15 18:03:36 fw01 1,2019/05/15 18:03:36,001801000000,TRAFFIC,end,2049,2019/05/15 18:03:36,10.0.0.5,203.0.113.10,…
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 */
import type { Parser, RecordInput } from '../types.js';
import { looksCortexJson, parseCortexJson } from './cortex-json.js';
import { csvStart, parseCsv } from './csv-parse.js';

/** Log types written in field 3 of the CSV. */
const TYPES = [
  'TRAFFIC,',
  'THREAT,',
  'SYSTEM,',
  'CONFIG,',
  'GLOBALPROTECT,',
  'HIPMATCH,',
  'HIP-MATCH,',
  'USERID,',
  'AUTH,',
  'DECRYPTION,',
  'TUNNEL,',
  'GTP,',
  'SCTP,',
  'IPTAG,',
  'CORRELATION,',
];

/** "1,<receive time with '/'>,<serial>,<TYPE>," at the start of the body. */
function looksPanCsv(body: string): boolean {
  const i = csvStart(body);
  let j = i;
  while (j < i + 4 && body.charCodeAt(j) >= 48 && body.charCodeAt(j) <= 57) j++;
  if (j === i || body.charCodeAt(j) !== 44) return false;
  const c1 = body.indexOf(',', j + 1);
  if (c1 < 0 || c1 - j > 24) return false;
  const slash = body.indexOf('/', j + 1);
  if (slash < 0 || slash > c1) return false;
  const c2 = body.indexOf(',', c1 + 1);
  if (c2 < 0 || c2 - c1 > 40) return false;
  for (const t of TYPES) if (body.startsWith(t, c2 + 1)) return true;
  return false;
}

export const paloaltoParser: Parser = {
  id: 'paloalto',
  sniff(rec: RecordInput): boolean {
    const c = rec.body.charCodeAt(0);
    if (c === 123) return looksCortexJson(rec.body);
    return looksPanCsv(rec.body);
  },
  parse(rec, ctx) {
    if (rec.body.charCodeAt(0) === 123) return parseCortexJson(rec, ctx);
    return parseCsv(rec, ctx);
  },
};
