/**
 * A scale-out deployment of real processes for tests and the benchmark: one config file
 * (its own ClickHouse database, PostgreSQL schema and NATS streams, so runs never meet),
 * and `node bin/otasuke.js start --config … --role …` processes started, stopped and
 * killed on demand. Needs the build (`npm run build`) and the three servers' URLs.
 *
 * Fault tests also start private servers (`startPrivateNats`, `startPrivateClickHouse`):
 * their own ports and folders, so stopping them never disturbs the shared ones.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
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
  /** The ClickHouse and NATS servers this cluster uses (a private one when given to openCluster). */
  clickhouseUrl: string;
  natsUrl: string;
  /** Batches in the ingest stream not yet acknowledged by a writer (work-queue retention). */
  backlog(): Promise<number>;
  /** Of those, the batches delivered to a writer and not yet acknowledged (in a writer's hands). */
  inHand(): Promise<number>;
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
  const clickhouseUrl = opts.clickhouseUrl ?? urls.clickhouse;
  const natsUrl = opts.natsUrl ?? urls.nats;
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
        events: { clickhouse: { url: clickhouseUrl, database } },
        state: { postgres: { url: urls.postgres, schema } },
        bus: {
          nats: {
            servers: natsUrl,
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
    clickhouseUrl,
    natsUrl,
    backlog: () => streamMessages(natsUrl, stream),
    inHand: () => ackPending(natsUrl, stream, 'writers'),
    start,
    async close() {
      await Promise.allSettled([...procs].map((p) => p.kill()));
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      // a private server may be gone already: never wait long for it
      await fetch(`${clickhouseUrl}/?query=${encodeURIComponent(`DROP DATABASE IF EXISTS ${database}`)}`, {
        method: 'POST',
        signal: AbortSignal.timeout(30_000),
      }).catch(() => undefined);
      await dropStreams(natsUrl, [stream, `${stream}_HITS`]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Jsm = Awaited<ReturnType<typeof import('@nats-io/jetstream').jetstreamManager>>;

/** One connection per call: it fails at once while the server is down, instead of waiting to reconnect. */
async function withJsm<T>(servers: string, fn: (jsm: Jsm) => Promise<T>): Promise<T> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers, reconnect: false, timeout: 5_000 });
  try {
    return await fn(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}

const streamMessages = (servers: string, stream: string): Promise<number> =>
  withJsm(servers, async (jsm) => (await jsm.streams.info(stream)).state.messages);

const ackPending = (servers: string, stream: string, consumer: string): Promise<number> =>
  withJsm(servers, async (jsm) => (await jsm.consumers.info(stream, consumer)).num_ack_pending);

const dropStreams = (servers: string, names: readonly string[]): Promise<void> =>
  withJsm(servers, async (jsm) => {
    for (const n of names) await jsm.streams.delete(n).catch(() => undefined);
  });

/** A server a fault test owns: stopped and started again on the same port and data. */
export interface PrivateServer {
  url: string;
  /** Listening and answering again (same port, same data folder). */
  start(): Promise<void>;
  /** Sends `signal` (default SIGTERM, a clean stop) and waits until the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it (if running) and removes its folder. */
  dispose(): Promise<void>;
}

/** The first of `candidates` that can be run (its answer to `--version` does not matter), or null. */
function findBinary(candidates: readonly string[]): string | null {
  return candidates.find((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).error === undefined) ?? null;
}

const binaries = new Map<string, string | null>();
const binary = (name: string): string | null => {
  if (!binaries.has(name)) binaries.set(name, findBinary([`/usr/sbin/${name}`, `/usr/bin/${name}`, name]));
  return binaries.get(name) ?? null;
};
/** The nats-server binary, or null when it is not installed. */
export const natsServerBinary = (): string | null => binary('nats-server');
/** The package's server config; a private server overrides its ports and paths on the command line. */
const CLICKHOUSE_CONFIG = '/etc/clickhouse-server/config.xml';
/** The clickhouse-server binary, or null when it is not installed (or its package's config is missing). */
export const clickhouseServerBinary = (): string | null =>
  existsSync(CLICKHOUSE_CONFIG) ? binary('clickhouse-server') : null;

function portOpen(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      r(true);
    });
    s.once('error', () => r(false));
  });
}

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** nats-server with JetStream on a free port and its own store folder. */
export async function startPrivateNats(): Promise<PrivateServer> {
  const bin = natsServerBinary();
  if (!bin) throw new Error('no nats-server binary');
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-nats-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server: PrivateServer = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      const c = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
      child = c;
      await until('nats-server to listen', async () => {
        if (c.exitCode !== null) throw new Error(`nats-server exited (${c.exitCode})`);
        return portOpen(port);
      });
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** The users file .ci/start-clickhouse writes: no password, local addresses, small pools. */
const CLICKHOUSE_USERS = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_threads>2</max_threads>
      <max_memory_usage>2000000000</max_memory_usage>
      <background_pool_size>2</background_pool_size>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

/**
 * clickhouse-server as a daemon (as .ci/start-clickhouse starts the shared one) on free
 * HTTP, TCP and interserver ports with its own folder; stopped through its pid file.
 */
export async function startPrivateClickHouse(): Promise<PrivateServer> {
  const bin = clickhouseServerBinary();
  if (!bin) throw new Error('no clickhouse-server binary');
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-ch-'));
  const [http, tcp, interserver] = [await freePort(), await freePort(), await freePort()];
  const pidFile = join(dir, 'clickhouse.pid');
  writeFileSync(join(dir, 'users.xml'), CLICKHOUSE_USERS);
  // as root, the server runs as its own user (as in .ci/start-clickhouse)
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'clickhouse'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'clickhouse'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    chownSync(join(dir, 'users.xml'), Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const url = `http://127.0.0.1:${http}`;
  const ping = (): Promise<boolean> =>
    fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
  const pid = (): number | null => {
    try {
      const n = Number(readFileSync(pidFile, 'utf8').trim());
      return Number.isInteger(n) && n > 0 ? n : null;
    } catch {
      return null;
    }
  };
  const alive = (p: number): boolean => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  const server: PrivateServer = {
    url,
    async start() {
      const args = [
        `--config-file=${CLICKHOUSE_CONFIG}`,
        '--daemon',
        `--pid-file=${pidFile}`,
        '--',
        `--path=${dir}/data/`,
        `--tmp_path=${dir}/tmp/`,
        `--user_files_path=${dir}/user_files/`,
        `--format_schema_path=${dir}/format_schemas/`,
        `--users_config=${dir}/users.xml`,
        '--listen_host=127.0.0.1',
        `--http_port=${http}`,
        `--tcp_port=${tcp}`,
        `--interserver_http_port=${interserver}`,
        `--logger.log=${dir}/server.log`,
        `--logger.errorlog=${dir}/server.err.log`,
        '--mark_cache_size=268435456',
        '--uncompressed_cache_size=268435456',
      ];
      const r = asRoot
        ? spawnSync('runuser', ['-u', 'clickhouse', '--', bin, ...args], { encoding: 'utf8' })
        : spawnSync(bin, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`clickhouse-server did not start: ${r.stderr}`);
      await until(`clickhouse-server on ${url}`, ping);
    },
    async stop(signal = 'SIGTERM') {
      const p = pid();
      if (p === null || !alive(p)) return;
      // a clean stop waits for open connections: under load that takes a while
      process.kill(p, signal);
      await until('clickhouse-server to exit', () => !alive(p), 120_000);
    },
    async dispose() {
      // its data goes with it: no need to wait for a clean stop
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
