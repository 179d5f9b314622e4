/**
 * Conformance over ../shared/fixtures (real public samples; never copied into the repo):
 * every line must parse, or be quarantined for a reason listed in ACCEPTED_QUARANTINE;
 * where the peer (SEKOIA.IO intake formats) gives its expected output, our source and
 * destination address and port, action and timestamp must agree with it. The agreement
 * rate per vendor folder is printed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultProfile, processRecord } from '../record.js';
import { canonicalIp, looksLikeIp, normAction } from './fields.js';
import { GOLDEN_NOW_MS, readFixtureLines } from './golden.test-helper.js';

const SHARED = resolve(import.meta.dirname, '../../../../shared/fixtures');
const present = existsSync(SHARED);
if (!present)
  console.warn(`conformance: SKIPPED — ${SHARED} not found (shared fixtures live beside the checkout)`);

/** Lines we quarantine on purpose, with the reason that makes it right. */
const ACCEPTED_QUARANTINE: Record<string, string> = {
  'sophos/elastic-sophos-xg-18-5-firewall.log:2': 'cut off inside a quoted value (the sender truncated it)',
  'sophos/sekoia-sophos-xg-utm-kv.log:4': 'cut off inside a quoted value at 1 KiB (a UDP syslog size limit)',
};

/** Fields where the peer's expected value is wrong, with why; left out of the agreement rate. */
const PEER_ERRORS: Record<string, string> = {
  'leef/sekoia-aruba-os-leef.log:1 ts': 'devTime says 18:00:02.009 CEST (UTC+2); the peer ignored the zone',
};

type Field = 'src_ip' | 'src_port' | 'dst_ip' | 'dst_port' | 'action' | 'ts';
const FIELDS: Field[] = ['src_ip', 'src_port', 'dst_ip', 'dst_port', 'action', 'ts'];

interface Tally {
  lines: number;
  parsed: number;
  quarantined: string[];
  compared: Record<Field, number>;
  agreed: Record<Field, number>;
  disagreements: string[];
}

const tallies = new Map<string, Tally>();

function tally(vendor: string): Tally {
  let t = tallies.get(vendor);
  if (!t) {
    const zero = () => Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
    t = { lines: 0, parsed: 0, quarantined: [], compared: zero(), agreed: zero(), disagreements: [] };
    tallies.set(vendor, t);
  }
  return t;
}

function get(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function expectedOf(exp: unknown): Partial<Record<Field, string | number | null>> {
  const out: Partial<Record<Field, string | number | null>> = {};
  // `*.address` may be a host name; only addresses are compared
  const sip = get(exp, 'source.ip') ?? get(exp, 'source.address');
  const dip = get(exp, 'destination.ip') ?? get(exp, 'destination.address');
  if (typeof sip === 'string' && looksLikeIp(sip)) out.src_ip = sip;
  if (typeof dip === 'string' && looksLikeIp(dip)) out.dst_ip = dip;
  // ports outside 0–65535 are the peer's misreading of another field: not compared
  const sp = Number(get(exp, 'source.port'));
  const dp = Number(get(exp, 'destination.port'));
  if (sp >= 0 && sp <= 65535) out.src_port = sp;
  if (dp >= 0 && dp <= 65535) out.dst_port = dp;
  const act = get(exp, 'action.name') ?? get(exp, 'event.action');
  const a = typeof act === 'string' ? normAction(act) : null;
  if (a) out.action = a;
  const ts = get(exp, '@timestamp');
  if (typeof ts === 'string') out.ts = ts;
  return out;
}

function agrees(f: Field, ours: unknown, theirs: string | number | null): boolean {
  if (f === 'ts') {
    return typeof ours === 'string' && Math.abs(Date.parse(ours) - Date.parse(String(theirs))) < 1000;
  }
  if (f === 'src_ip' || f === 'dst_ip') return canonicalIp(String(ours)) === canonicalIp(String(theirs));
  // port 0 is how some peers write "no port" (PAN-OS USERID begin/end ports): we write null
  if ((f === 'src_port' || f === 'dst_port') && ours === null && theirs === 0) return true;
  return ours === theirs;
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.log') || f.endsWith('.jsonl'));
}

function indexOf(dir: string, file: string): Map<number, string> {
  const idx = join(dir, `${file}.index.tsv`);
  const m = new Map<number, string>();
  if (!existsSync(idx)) return m;
  for (const l of readFileSync(idx, 'utf8').split('\n').slice(1)) {
    const [n, test] = l.split('\t');
    if (n && test) m.set(Number(n), test);
  }
  return m;
}

describe.skipIf(!present)('conformance with ../shared/fixtures', () => {
  const vendors = present ? readdirSync(SHARED).filter((d) => !d.includes('.')) : [];
  const profile = defaultProfile({ tz: 'UTC' });
  const clock = { nowMs: GOLDEN_NOW_MS, useNowWhenMissing: true };
  for (const vendor of vendors) {
    it(vendor, () => {
      const dir = join(SHARED, vendor);
      const t = tally(vendor);
      for (const file of logFiles(dir)) {
        const index = indexOf(dir, file);
        const testDirs = readdirSync(dir).filter((d) => d.endsWith('-tests'));
        // the index names a test file; the tests folder is the one holding it (by name prefix when several do)
        const testPath = (test: string): string | null => {
          const holders = testDirs.filter((d) => existsSync(join(dir, d, test)));
          const best = holders.find((d) => file.startsWith(d.replace(/-tests$/, ''))) ?? holders[0];
          return best ? join(dir, best, test) : null;
        };
        readFixtureLines(join(dir, file)).forEach((line, i) => {
          t.lines++;
          const o = processRecord(line, profile, clock);
          const where = `${vendor}/${file}:${i + 1}`;
          if (!('event' in o)) {
            if (!ACCEPTED_QUARANTINE[where])
              t.quarantined.push(`${where} ${o.quarantine.code}: ${o.quarantine.message}`);
            return;
          }
          t.parsed++;
          const test = index.get(i + 1);
          const path = test ? testPath(test) : null;
          if (!path) return;
          const exp = JSON.parse(readFileSync(path, 'utf8')) as { expected?: unknown };
          const want = expectedOf(exp.expected);
          // a record without any time of its own is stamped with the read time: nothing to compare
          const stamped = o.event.ts === new Date(GOLDEN_NOW_MS).toISOString();
          for (const f of FIELDS) {
            if (!(f in want) || (f === 'ts' && stamped) || PEER_ERRORS[`${where} ${f}`]) continue;
            t.compared[f]++;
            if (agrees(f, o.event[f], want[f] as string | number | null)) t.agreed[f]++;
            else
              t.disagreements.push(
                `${where} ${f}: ours ${JSON.stringify(o.event[f])} theirs ${JSON.stringify(want[f])}`,
              );
          }
        });
      }
      expect(t.quarantined, 'every line parses or is quarantined for an accepted reason').toEqual([]);
      for (const f of FIELDS) {
        if (t.compared[f] === 0) continue;
        const rate = t.agreed[f] / t.compared[f];
        expect(
          rate,
          `${vendor} ${f} agreement: ${t.disagreements
            .filter((d) => d.includes(` ${f}:`))
            .slice(0, 5)
            .join(' | ')}`,
        ).toBeGreaterThanOrEqual(f === 'ts' ? 0.9 : 0.95);
      }
    });
  }
  afterAll(() => {
    const rows = [...tallies.entries()].map(([v, t]) => {
      const pct = (f: Field) =>
        t.compared[f] ? `${((100 * t.agreed[f]) / t.compared[f]).toFixed(0)}%/${t.compared[f]}` : '-';
      return `${v.padEnd(12)} ${String(t.parsed).padStart(4)}/${String(t.lines).padEnd(4)} ${FIELDS.map((f) => `${f}=${pct(f)}`).join(' ')}`;
    });
    console.log(`conformance (parsed/lines, agreement %/compared):\n${rows.join('\n')}`);
  });
});
