/** `otasuke export` through its command function, on a real data folder (DuckDB + SQLite). */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCompany } from '../../test/helpers/accounts.js';
import { makeEvent } from '../../test/helpers/events.js';
import { ShareError } from '../sharing/index.js';
import { DuckDbEventStore } from '../storage/events/duckdb/duckdb-store.js';
import { openStateDb } from '../storage/state/state-db.js';
import { dataPaths } from './common.js';
import { type ExportCommandOptions, exportCommand, parseInstant } from './export.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-export-cli-'));
const data = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (o: Partial<ExportCommandOptions>): ExportCommandOptions => ({
  data,
  from: parseInstant('2026-01-15'),
  to: parseInstant('2026-01-16'),
  out: join(dir, 'out.csv'),
  level: 'events',
  k: 5,
  bucket: 'day',
  ...o,
});

beforeAll(async () => {
  mkdirSync(data, { recursive: true });
  const store = await DuckDbEventStore.open({ path: dataPaths(data).events });
  const tenants = ['alpha-kogyo', 'co-2', 'co-3', 'co-4', 'co-5'];
  await store.append([
    ...tenants.map((tenant, i) =>
      makeEvent({ ts: `2026-01-15T0${i}:00:00.000Z`, tenant, device: `${tenant}-fw`, category: 'spam' }),
    ),
    makeEvent({
      ts: '2026-01-15T06:00:00.000Z',
      tenant: 'alpha-kogyo',
      threat: 'Alpha Secret Kogyo custom rule',
    }),
    // the day before, in Japan
    makeEvent({ ts: '2026-01-14T14:59:59.000Z', tenant: 'co-2' }),
  ]);
  await store.close();
  const db = await openStateDb(dataPaths(data).state);
  await createCompany(db, { id: 'alpha-kogyo', name: 'Alpha Secret Kogyo', contactName: 'Yamada Taro' });
  await db.destroy();
});

describe('otasuke export', () => {
  it('writes the file, reports a summary, and creates the secret on first use', async () => {
    const lines: string[] = [];
    const s = await exportCommand(base({}), { log: (l) => lines.push(l), env: {} });
    expect(s).toMatchObject({
      level: 'events',
      format: 'csv',
      from: '2026-01-14T15:00:00.000Z',
      to: '2026-01-15T15:00:00.000Z',
      events: 6,
      companies: 5,
      withheld: null,
      file: join(dir, 'out.csv'),
    });
    expect(s.bytes).toBe(statSync(join(dir, 'out.csv')).size);
    expect(s.seconds).toBeGreaterThanOrEqual(0);
    expect(lines[0]).toMatch(/^exporting events/);
    const keyFile = join(data, 'secrets', 'export.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8');
    const secret = readFileSync(keyFile, 'utf8').trim();
    for (const never of [secret, 'alpha-kogyo', 'Alpha Secret Kogyo', 'raw line'])
      expect(csv).not.toContain(never);
    // the company's name, known from the state database, took the threat text with it
    expect(csv.split('\r\n').filter((l) => l.includes('custom rule'))).toEqual([]);
  });

  it('gives the same pseudonyms on the next run, aggregates per month, Parquet from the file name', async () => {
    const companies = (file: string) =>
      new Set(
        readFileSync(file, 'utf8')
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[1]),
      );
    await exportCommand(base({ out: join(dir, 'again.csv') }), { log: () => undefined, env: {} });
    expect(companies(join(dir, 'again.csv'))).toEqual(companies(join(dir, 'out.csv')));
    const agg = await exportCommand(
      base({ out: join(dir, 'agg.parquet'), level: 'aggregate', bucket: 'month' }),
      {
        log: () => undefined,
        env: {},
      },
    );
    expect(agg).toMatchObject({
      format: 'parquet',
      bucket: 'month',
      events: 5,
      withheld: { cells: 1, events: 1 },
    });
    expect(readFileSync(join(dir, 'agg.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('explains what is wrong: format, period, secret file', async () => {
    const code = async (o: Partial<ExportCommandOptions>, env: NodeJS.ProcessEnv = {}) => {
      try {
        await exportCommand(base(o), { log: () => undefined, env });
        return 'ok';
      } catch (e) {
        return e instanceof ShareError ? e.code : String(e);
      }
    };
    expect(await code({ out: join(dir, 'x.xlsx') })).toBe('invalid-format');
    expect(await code({ out: join(dir, 'x.xlsx'), format: 'csv' })).toBe('ok');
    expect(await code({ from: parseInstant('2026-02-01') })).toBe('invalid-period');
    expect(await code({ secretFile: join(dir, 'no-such.key') })).toBe('secret-missing');
    expect(await code({}, { OTASUKE_EXPORT_SECRET: 'too short' })).toBe('secret-too-short');
    expect(() => parseInstant('yesterday')).toThrow(/ISO-8601/);
  });

  it('says so when a running server holds the data folder', async () => {
    // another process opens the event store, as `otasuke start` does
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         await DuckDBInstance.create(${JSON.stringify(dataPaths(data).events)});
         process.stdout.write('ready\\n');
         setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
        holder.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
      });
      const errors: string[] = [];
      const write = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
        errors.push(String(s));
        return true;
      });
      const exit = vi.spyOn(process, 'exit').mockImplementation((c) => {
        throw new Error(`exit ${c}`);
      });
      try {
        await expect(exportCommand(base({}), { log: () => undefined, env: {} })).rejects.toThrow('exit 1');
      } finally {
        write.mockRestore();
        exit.mockRestore();
      }
      expect(errors.join('')).toMatch(/is in use by a running otasuke/);
    } finally {
      holder.kill();
    }
  });
});
