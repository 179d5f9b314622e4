/**
 * pfSense 2.x / OPNsense: the pf `filterlog` CSV (kind traffic) and, when they clearly come from
 * such a box, its other daemons' lines (kind system).
 *
 *   <134>Jan 14 12:00:00 fw filterlog[1234]: 5,,,1000000103,igb1,match,block,in,4,0x0,,64,…   (BSD, pfSense default)
 *   <134>1 2022-06-09T14:44:11-06:00 OPNsense.example.com filterlog 76404 - [meta sequenceId="1"] 124,,,…  (RFC 5424)
 *   5,,,1000000103,igb1,match,block,in,4,…   (the CSV alone, as some collectors store it)
 *
 * https://docs.netgate.com/pfsense/en/latest/monitoring/raw-filter-log-format.html
 * https://docs.netgate.com/pfsense/en/latest/monitoring/logs/settings.html (BSD vs RFC 5424 format)
 * https://docs.opnsense.org/manual/logging.html (OPNsense 21.7+ sends RFC 5424)
 */
import { blankEvent, fail, headerTime, type ParseResult, type Parser, type RecordInput } from '../types.js';
import { boxVendor, fillBoxLine, hostSaysOpnsense, isBoxLine } from './box-apps.js';
import { CsvView } from './csv-view.js';
import { isOpnsenseLabel, looksLikeFilterlog, readFilterlog } from './filterlog.js';

function sniff(rec: RecordInput): boolean {
  const app = rec.header.app;
  if (app === 'filterlog') return true;
  if (app !== null) return isBoxLine(rec.header);
  return looksLikeFilterlog(rec.body, 0);
}

const view = new CsvView();

function parseFilterlog(rec: RecordInput): ParseResult {
  const body = rec.body;
  if (body.length === 0) return fail('truncated', 'empty filterlog record');
  const f = readFilterlog(view.reset(body));
  if ('error' in f) return f;
  // OPNsense when the record says so: its rule label is an md5 "rid" (pfSense trackers are numbers)
  // or the sending host calls itself OPNsense. Otherwise the shared format is reported as pfSense.
  const vendor = isOpnsenseLabel(f.tracker) || hostSaysOpnsense(rec.header) ? 'opnsense' : 'pfsense';
  const ev = blankEvent(vendor, 'traffic', headerTime(rec));
  ev.action = f.action;
  ev.src_ip = f.src;
  ev.dst_ip = f.dst;
  ev.src_port = f.srcPort;
  ev.dst_port = f.dstPort;
  ev.proto = f.proto;
  // One logged packet: its IP length is what the source sent in this record.
  ev.bytes_out = f.length;
  // The tracker is the rule's stable id (it survives rule reordering, rule numbers do not);
  // the rule number is the fallback for records without one.
  ev.rule = f.tracker.length > 0 ? f.tracker : f.rule.length > 0 ? f.rule : null;
  // `dir` is the direction on the interface the packet crossed, not the traffic direction:
  // a LAN client's connection to the Internet is "in" on the LAN interface and "out" on the WAN
  // interface, so in/out alone cannot say inbound/outbound. It tells which side the interface is on.
  if (f.dir === 'in') ev.hints.srcIntf = f.iface;
  else if (f.dir === 'out') ev.hints.dstIntf = f.iface;
  return ev;
}

function parse(rec: RecordInput): ParseResult {
  const app = rec.header.app;
  if (app === 'filterlog' || (app === null && looksLikeFilterlog(rec.body, 0))) return parseFilterlog(rec);
  if (app !== null && isBoxLine(rec.header)) {
    const ev = blankEvent(boxVendor(rec.header), 'system', headerTime(rec));
    fillBoxLine(ev, app, rec.body);
    return ev;
  }
  // Forced format: a tag-less line is read as the bare CSV (and says why it is not one).
  if (app === null) return parseFilterlog(rec);
  return fail('unknown-format', 'not a pfSense / OPNsense record');
}

export const pfsenseParser: Parser = { id: 'pfsense', sniff, parse };
