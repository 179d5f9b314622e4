/**
 * The CLI contract, run as a user would: the built `bin/otasuke.js` (npm test builds
 * first). classify → NDJSON, import → JSON summary, stats → the item table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CATEGORIES, CHANNELS, EVENT_FIELDS } from '../../src/event/event.js';

const BIN = resolve(import.meta.dirname, '../../bin/otasuke.js');
const dir = mkdtempSync(join(tmpdir(), 'otasuke-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
}

const FG_VIRUS =
  'date=2026-01-15 time=10:00:00 devname="FG60F" devid="FGT60F" logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" srcip=203.0.113.7 srcport=25 srcintf="wan1" dstip=192.168.1.20 dstport=50000 dstintf="internal" proto=6 service="SMTP" action="blocked" direction="incoming" virus="W32/Emotet.ABC!tr" filename="a.zip"';
const FG_TRAFFIC =
  'date=2026-01-15 time=10:00:01 devname="FG60F" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=192.168.1.20 srcport=50001 srcintf="internal" dstip=198.51.100.9 dstport=443 dstintf="wan1" proto=6 action="close" policyid=1 service="HTTPS" sentbyte=100 rcvdbyte=200';
const LINES = [FG_VIRUS, FG_TRAFFIC, 'garbage that no parser knows', ''];

describe('otasuke CLI', () => {
  it('--help documents classify, import and stats', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    for (const c of ['classify', 'import', 'stats']) expect(out).toContain(c);
  });

  it('classify prints one SPEC §3 event per parsable record and summarises the rest on stderr', () => {
    const r = run(['classify', '-'], LINES.join('\n') + '\n');
    expect(r.status).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(2);
    for (const e of events) expect(Object.keys(e)).toEqual([...EVENT_FIELDS]);
    expect(events[0]).toMatchObject({
      ts: '2026-01-15T01:00:00.000Z',
      vendor: 'fortigate',
      category: 'virus',
      channel: 'mail-receive',
    });
    expect(events[0].raw).toBe(FG_VIRUS);
    expect(r.stderr).toContain('unknown-format');
    expect(r.stderr).toContain('empty');
  });

  it('classify honours --tz and --format, and fails only on usage errors', () => {
    const r = run(['classify', '--tz', 'UTC', '--format', 'fortigate', '-'], FG_TRAFFIC + '\n');
    expect(JSON.parse(r.stdout).ts).toBe('2026-01-15T10:00:01.000Z');
    expect(run(['classify', '--format', 'nope', '-'], '').status).not.toBe(0);
    expect(run(['classify', join(dir, 'missing.log')]).status).not.toBe(0);
  });

  it('import stores events (plain and .gz), stats reports the item table', () => {
    const plain = join(dir, 'a.log');
    const gz = join(dir, 'b.log.gz');
    writeFileSync(plain, LINES.join('\n') + '\n');
    writeFileSync(gz, gzipSync(FG_VIRUS + '\n'));
    const data = join(dir, 'data');
    const imp = run(['import', '--data', data, '--tenant', 'acme', '--device', 'fw1', plain, gz]);
    expect(imp.status, imp.stderr).toBe(0);
    const summary = JSON.parse(imp.stdout);
    expect(summary).toMatchObject({ records: 5, events: 3, quarantined: 2 });
    expect(summary.items.virus).toBe(2);

    const st = run(['stats', '--data', data, '--tenant', 'acme']);
    expect(st.status, st.stderr).toBe(0);
    const stats = JSON.parse(st.stdout);
    expect(Object.keys(stats)).toEqual([
      'tenant',
      'from',
      'to',
      'events',
      'quarantined',
      'items',
      'virus_by_channel',
    ]);
    expect(Object.keys(stats.items)).toEqual([...CATEGORIES]);
    expect(Object.keys(stats.virus_by_channel)).toEqual([...CHANNELS]);
    expect(stats).toMatchObject({ tenant: 'acme', events: 3, quarantined: 2 });
    expect(stats.items.virus).toBe(2);
    expect(stats.virus_by_channel['mail-receive']).toBe(2);

    // another company sees nothing of acme's
    const other = JSON.parse(run(['stats', '--data', data, '--tenant', 'other']).stdout);
    expect([other.events, other.quarantined]).toEqual([0, 0]);

    const ranged = JSON.parse(
      run([
        'stats',
        '--data',
        data,
        '--tenant',
        'acme',
        '--from',
        '2026-01-15T10:00:01+09:00',
        '--to',
        '2026-01-16T00:00:00+09:00',
      ]).stdout,
    );
    expect(ranged.events).toBe(1);
    expect(ranged.from).toBe('2026-01-15T01:00:01.000Z');
  });
});

describe('otasuke prune', () => {
  it('removes events older than the retention period and keeps the rest', () => {
    const old = FG_TRAFFIC.replace('date=2026-01-15', 'date=2020-01-15');
    const file = join(dir, 'prune.log');
    writeFileSync(
      file,
      `${old}\n${FG_TRAFFIC.replace('date=2026-01-15', `date=${new Date().toISOString().slice(0, 10)}`)}\n`,
    );
    const data = join(dir, 'prune-data');
    expect(run(['import', '--data', data, '--tenant', 'acme', file]).status).toBe(0);
    const r = run(['prune', '--data', data, '--older-than-days', '365']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).deleted_events).toBe(1);
    expect(JSON.parse(run(['stats', '--data', data, '--tenant', 'acme']).stdout).events).toBe(1);
    expect(run(['prune', '--data', data, '--older-than-days', '0']).status).not.toBe(0);
  });
});
