/**
 * A scale-out deployment of real processes for tests and the benchmark: one config file
 * (its own ClickHouse database, PostgreSQL schema and NATS streams, so runs never meet),
 * and `node bin/otasuke.js start --config … --role …` processes started, stopped and
 * killed on demand. Needs the build (`npm run build`) and the three servers' URLs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Role } from '../../src/ingest/live/server.js';
import { freePort } from './ports.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface ScaleUrls {
  clickhouse: string;
  postgres: string;
  nats: string;
}

/** The servers named by OTASUKE_TEST_*_URL, or the reason they are not all there. */
export function scaleUrls(env = process.env): ScaleUrls | { skip: string } {
  const missing = [
    ['OTASUKE_TEST_CLICKHOUSE_URL', env.OTASUKE_TEST_CLICKHOUSE_URL],
    ['OTASUKE_TEST_PG_URL', env.OTASUKE_TEST_PG_URL],
    ['OTASUKE_TEST_NATS_URL', env.OTASUKE_TEST_NATS_URL],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0) return { skip: `${missing.join(', ')} not set` };
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) return { skip: 'not built: run `npm run build`' };
  return {
    clickhouse: env.OTASUKE_TEST_CLICKHOUSE_URL as string,
    postgres: env.OTASUKE_TEST_PG_URL as string,
    nats: env.OTASUKE_TEST_NATS_URL as string,
  };
}

export interface RoleProcess {
  name: string;
  roles: readonly Role[];
  child: ChildProcess;
  http: number | null;
  syslog: number | null;
  output(): string;
  /** SIGTERM and wait (a clean stop: everything accepted is handed on). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export interface Cluster {
  dir: string;
  configFile: string;
  /** ClickHouse database, PostgreSQL schema and stream names of this cluster. */
  database: string;
  schema: string;
  stream: string;
  start(
    name: string,
    roles: readonly Role[],
    opts?: { listen?: boolean; args?: string[] },
  ): Promise<RoleProcess>;
  /** Stops every process still running and drops the database, schema and streams. */
  close(): Promise<void>;
}

export async function openCluster(
  urls: ScaleUrls,
  opts: { natsUrl?: string; clickhouseUrl?: string } = {},
): Promise<Cluster> {
  const id = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-scale-'));
  const database = `otasuke_scale_${id}`;
  const schema = `scale_${id}`;
  const stream = `SCALE_${id.toUpperCase()}`;
  const admin = new pg.Client({ connectionString: urls.postgres });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const configFile = join(dir, 'otasuke.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        events: { clickhouse: { url: opts.clickhouseUrl ?? urls.clickhouse, database } },
        state: { postgres: { url: urls.postgres, schema } },
        bus: {
          nats: {
            servers: opts.natsUrl ?? urls.nats,
            stream,
            hitsStream: `${stream}_HITS`,
            maxBytes: 1024 ** 3,
          },
        },
        files: { dir: join(dir, 'files') },
      },
      null,
      2,
    ),
  );
  const procs = new Set<RoleProcess>();

  const start = async (
    name: string,
    roles: readonly Role[],
    o: { listen?: boolean; args?: string[] } = {},
  ): Promise<RoleProcess> => {
    const data = join(dir, name);
    mkdirSync(data, { recursive: true });
    const listen = o.listen ?? (roles.includes('collector') || roles.includes('api'));
    const http = listen ? await freePort() : null;
    const syslog = listen && roles.includes('collector') ? await freePort() : null;
    const args = [
      'bin/otasuke.js',
      'start',
      '--config',
      configFile,
      '--role',
      roles.join(','),
      '--data',
      data,
      '--no-demo',
      '--device-rate',
      '0',
      '--tls-port',
      '0',
      '--http-port',
      String(http ?? 0),
      '--syslog-port',
      String(syslog ?? 0),
      ...(o.args ?? []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OTASUKE_ADMIN_PASSWORD: 'scale-cluster-admin-2026' },
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (/^ready$/m.test(out)) {
          clearInterval(t);
          resolve();
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(t);
        reject(new Error(`${name} exited (${code}) before ready:\n${out}`));
      });
    });
    const p: RoleProcess = {
      name,
      roles,
      child,
      http,
      syslog,
      output: () => out,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const code = await exited;
        procs.delete(p);
        return code;
      },
      async kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        procs.delete(p);
      },
    };
    procs.add(p);
    return p;
  };

  return {
    dir,
    configFile,
    database,
    schema,
    stream,
    start,
    async close() {
      await Promise.allSettled([...procs].map((p) => p.kill()));
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      await fetch(`${urls.clickhouse}/?query=${encodeURIComponent(`DROP DATABASE IF EXISTS ${database}`)}`, {
        method: 'POST',
      }).catch(() => undefined);
      await dropStreams(urls.nats, [stream, `${stream}_HITS`]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropStreams(servers: string, names: readonly string[]): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    for (const n of names) await jsm.streams.delete(n).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
