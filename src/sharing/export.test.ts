/**
 * The anonymised export end to end over a real DuckDB store: a store seeded with known
 * identifiers in every column they can reach, exported at both levels in both formats,
 * and every byte of the output searched for them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.js';
import type { NormalizedEvent } from '../event/event.js';
import { DuckDbEventStore } from '../storage/events/duckdb/duckdb-store.js';
import { runShareExport } from './export.js';
import type { ShareExportOptions } from './model.js';
import { deriveKeys, pseudonym } from './pseudonym.js';

const KEYS = deriveKeys(Buffer.from('test-export-secret-0123456789abcdef'));
const OTHER_KEYS = deriveKeys(Buffer.from('another-export-secret-0123456789abc'));

const ALPHA = 'alpha-kogyo';
const BETA = 'beta-shoji';
/** Five more companies, so public sites and common cells reach k = 5. */
const OTHERS = ['gamma-denki', 'delta-unyu', 'epsilon-shokai', 'zeta-kensetsu', 'eta-seika'];
const COMPANY_NAMES = ['アルファ工業株式会社', 'Beta Shoji KK'];

/** Everything that identifies a company or a person and must never reach the file. */
const IDENTIFIERS = [
  ALPHA,
  BETA,
  ...OTHERS,
  ...COMPANY_NAMES,
  'fw-alpha-kogyo-01',
  'utm-beta-honsha',
  'yamada.taro',
  'suzuki-hanako',
  'taro.yamada@alpha-kogyo.co.jp',
  'keiri@beta-shoji.jp',
  'pc-yamada-01',
  'nas-keiri',
  'fileserver01',
  '見積書_アルファ工業.xlsx',
  'salary_2026.pdf',
  '/secret/payroll',
  '/internal/customer-list',
  '192.168.77.201',
  '10.11.12.13',
  'fd00:1234::77',
  'alpha-kogyo.co.jp',
  'beta-shoji.jp',
  'Allow-yamada',
  'shared-supplier',
  'small-supplier',
];

const DAY = '2026-01-15';
const at = (h: number, m = 0) => `${DAY}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;

function seedEvents(): NormalizedEvent[] {
  const evs: NormalizedEvent[] = [
    // identifiers in every column they could reach
    makeEvent({
      ts: at(1),
      tenant: ALPHA,
      device: 'fw-alpha-kogyo-01',
      vendor: 'alpha-kogyo',
      kind: 'mail',
      category: 'virus',
      channel: 'mail-receive',
      action: 'block',
      src_ip: '192.168.77.201',
      dst_ip: '10.11.12.13',
      threat: 'EICAR in 見積書_アルファ工業.xlsx from taro.yamada@alpha-kogyo.co.jp',
      threat_family: 'eicar',
      url: 'https://alpha-kogyo.co.jp/secret/payroll/2026?user=yamada.taro',
      domain: 'alpha-kogyo.co.jp',
      app: 'アルファ工業株式会社 ERP',
      user: 'yamada.taro',
      rule: 'Allow-yamada.taro',
      raw: 'devname=fw-alpha-kogyo-01 user=yamada.taro file=salary_2026.pdf host=pc-yamada-01',
    }),
    makeEvent({
      ts: at(2),
      tenant: BETA,
      device: 'utm-beta-honsha',
      direction: 'outbound',
      src_ip: 'fd00:1234::77',
      dst_ip: 'pc-yamada-01',
      threat: 'Upload of salary_2026.pdf to \\\\fileserver01\\keiri by suzuki-hanako',
      domain: 'nas-keiri.beta.local',
      url: 'http://fileserver01.beta-shoji.lan/internal/customer-list',
      app: 'Beta Shoji KK portal',
      user: 'suzuki-hanako',
      rule: 'block nas-keiri',
      proto: 'keiri@beta-shoji.jp',
      raw: 'mail from keiri@beta-shoji.jp to suzuki-hanako (/internal/customer-list)',
    }),
    makeEvent({
      ts: at(3),
      tenant: BETA,
      device: 'utm-beta-honsha',
      domain: 'www.beta-shoji.jp',
      user: 'suzuki-hanako',
    }),
  ];
  // every company: spam, a public site, a known virus; two of them also a rare family
  for (const [i, t] of [ALPHA, BETA, ...OTHERS].entries()) {
    const device = t === ALPHA ? 'fw-alpha-kogyo-01' : t === BETA ? 'utm-beta-honsha' : `${t}-utm`;
    evs.push(
      makeEvent({ ts: at(4, i), tenant: t, device, kind: 'mail', category: 'spam', action: 'block' }),
      makeEvent({
        ts: at(5, i),
        tenant: t,
        device,
        kind: 'web',
        category: 'sns-webmail',
        domain: 'www.example.com',
      }),
      makeEvent({
        ts: at(6, i),
        tenant: t,
        device,
        kind: 'threat',
        category: 'virus',
        channel: 'web',
        action: 'block',
        threat: 'W32/Emotet.ABC!tr',
        threat_family: 'emotet',
        rule: '12',
      }),
    );
    // a supplier only a few companies deal with: public, but it tells who they are
    if (i < 4) evs.push(makeEvent({ ts: at(8, i), tenant: t, device, domain: 'shop.shared-supplier.jp' }));
    if (i === 2) evs.push(makeEvent({ ts: at(9, i), tenant: t, device, domain: 'small-supplier.co.jp' }));
    if (i < 2)
      evs.push(
        makeEvent({
          ts: at(7, i),
          tenant: t,
          device,
          kind: 'threat',
          category: 'malicious-outbound',
          threat_family: 'wannacry',
        }),
      );
  }
  return evs;
}

/** Every value of a Parquet file, read back through DuckDB, as one text. */
async function parquetText(file: string): Promise<string> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const res = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
    return JSON.stringify(res.getRowObjectsJS(), (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await parquetText(file));
}

/** Identifiers found in `bytes`, compared as bytes and case-insensitively as text. */
function found(bytes: Buffer): string[] {
  const lower = bytes.toString('utf8').toLowerCase();
  return IDENTIFIERS.filter(
    (id) => bytes.includes(Buffer.from(id, 'utf8')) || lower.includes(id.toLowerCase()),
  );
}

describe('anonymised export', () => {
  let dir: string;
  let store: DuckDbEventStore;
  const period = { from: '2026-01-14T15:00:00.000Z', to: '2026-01-15T15:00:00.000Z' };
  const run = (o: Partial<ShareExportOptions> & { file: string }, keys = KEYS) =>
    runShareExport(store, keys, {
      ...period,
      level: 'events',
      format: 'csv',
      k: 5,
      bucket: 'day',
      knownIdentifiers: COMPANY_NAMES,
      ...o,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-export-'));
    store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb'), threads: 2 });
    await store.append(seedEvents());
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves none of the seeded identifiers in any byte of any output', async () => {
    const files: string[] = [];
    for (const level of ['events', 'aggregate'] as const)
      for (const format of ['csv', 'parquet'] as const) {
        const file = join(dir, `scan-${level}.${format}`);
        // uncompressed pages: compressed bytes would hide a leak from the scan
        await run({ level, format, file, parquetCompression: 'uncompressed' });
        files.push(file);
        expect(found(readFileSync(file)), file).toEqual([]);
        if (format === 'parquet') {
          const text = await parquetText(file);
          expect(text.length).toBeGreaterThan(100);
          expect(found(Buffer.from(text)), `${file} read back`).toEqual([]);
        }
      }
    // and the default (zstd) file, read back through DuckDB
    const zstd = join(dir, 'scan-zstd.parquet');
    await run({ format: 'parquet', file: zstd });
    expect(found(Buffer.from(await parquetText(zstd)))).toEqual([]);
    // no partial files left behind
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('keeps what the programme office needs: times, pseudonyms, anonymised addresses, public sites, catalogue names', async () => {
    const file = join(dir, 'keep.parquet');
    const s = await run({ format: 'parquet', file });
    expect(s).toMatchObject({ level: 'events', events: seedEvents().length, companies: 7, withheld: null });
    // seen at 4 companies and at 1 (the companies' own domains go earlier, as identifiers)
    expect(s.domains_removed).toBe(2);
    const rows = await parquetRows(file);
    expect(Object.keys(rows[0])).toEqual([
      'time', 'company', 'device', 'vendor', 'kind', 'action', 'direction', 'src_ip', 'src_port', 'dst_ip',
      'dst_port', 'proto', 'category', 'channel', 'threat', 'threat_family', 'domain', 'app', 'rule',
      'bytes_in', 'bytes_out', 'severity',
    ]); // biome-ignore format: the column list
    const first = rows.find((r) => r.time === '2026-01-15T01:00:00.000Z') as Record<string, unknown>;
    expect(first).toMatchObject({
      company: pseudonym(KEYS, 'company', ALPHA),
      device: pseudonym(KEYS, 'device', 'fw-alpha-kogyo-01'),
      vendor: null,
      category: 'virus',
      channel: 'mail-receive',
      domain: null,
      app: null,
      rule: pseudonym(KEYS, 'rule', 'Allow-yamada.taro'),
      threat_family: 'eicar',
    });
    expect(first.src_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(first.threat).toBeNull(); // it named the company
    const beta = rows.find((r) => r.time === '2026-01-15T02:00:00.000Z') as Record<string, unknown>;
    expect(beta.threat).toBeNull(); // it named a user of the period
    expect(String(beta.src_ip)).toMatch(/^[0-9a-f:]+$/);
    expect(beta.dst_ip).toBeNull(); // a host name in an address field
    expect(beta.proto).toBeNull();
    const emotet = rows.filter((r) => r.threat === 'W32/Emotet.ABC!tr');
    expect(emotet).toHaveLength(7);
    expect(emotet.every((r) => r.rule === '12' && r.threat_family === 'emotet')).toBe(true);
    expect(rows.filter((r) => r.domain === 'example.com')).toHaveLength(7);
  });

  it('gives the same pseudonyms and addresses in every export with the same secret, others with another', async () => {
    const a = await parquetRows((await run({ format: 'parquet', file: join(dir, 'a.parquet') })).file);
    const b = await parquetRows((await run({ format: 'parquet', file: join(dir, 'b.parquet') })).file);
    const c = await parquetRows(
      (await run({ format: 'parquet', file: join(dir, 'c.parquet') }, OTHER_KEYS)).file,
    );
    const key = (r: Record<string, unknown>) => `${r.time}|${r.company}|${r.device}|${r.src_ip}|${r.dst_ip}`;
    expect(a.map(key).sort()).toEqual(b.map(key).sort());
    const companies = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => r.company));
    expect(companies(a).size).toBe(7);
    for (const p of companies(c)) expect(companies(a).has(p)).toBe(false);
    // same prefix structure, other addresses: 192.168.77.201 and 10.11.12.13 share no first bit
    const ipsA = new Set(a.map((r) => r.src_ip));
    expect(c.some((r) => ipsA.has(r.src_ip))).toBe(false);
  });

  it('withholds aggregate cells of fewer than k companies and says how many', async () => {
    const file = join(dir, 'agg.csv');
    const s = await run({ level: 'aggregate', format: 'csv', file });
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('day,category,action,channel,threat_family,vendor,events,companies,devices');
    expect(lines.slice(1).sort()).toEqual([
      '2026-01-15,sns-webmail,allow,,,fortigate,7,7,7',
      '2026-01-15,spam,block,,,fortigate,7,7,7',
      '2026-01-15,virus,block,web,emotet,fortigate,7,7,7',
    ]);
    // one company's eicar mail; other traffic at 4 companies; wannacry at 2
    expect(s.withheld).toEqual({ cells: 3, events: 10 });
    expect(s.events).toBe(21);
    // a smaller k publishes the two-company cell (the wannacry events), never one company's
    const two = await run({ level: 'aggregate', format: 'csv', file: join(dir, 'agg2.csv'), k: 2 });
    expect(two.withheld).toEqual({ cells: 1, events: 1 });
    expect(readFileSync(join(dir, 'agg2.csv'), 'utf8')).toContain(
      ',malicious-outbound,allow,,wannacry,fortigate,2,2,2',
    );
  });

  it('refuses a bad period or k before touching the store', async () => {
    await expect(run({ file: join(dir, 'x.csv'), k: 1 })).rejects.toThrow(/k must be/);
    await expect(run({ file: join(dir, 'x.csv'), from: period.to, to: period.from })).rejects.toThrow(
      /period/,
    );
  });
});
