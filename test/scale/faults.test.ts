/**
 * Scale-out fault tests with real processes (the issue's "kill -9 a writer mid-stream
 * and restart it; restart NATS; stop ClickHouse for a while"): records are sent over TCP
 * throughout, and after recovery every acknowledged record is stored exactly once.
 *
 * Acknowledged means: the sender half-closed and the collector closed its side (it does
 * so only once everything read is in its spool). One more stream per test is cut inside
 * a record by a reset: its records carry no acknowledgement, so for them the test checks
 * that what was stored is a gap-free prefix with no duplicates and no torn record. Some
 * acknowledged connections carry only torn records: the collector quarantines them, so
 * their bus batches hold quarantine rows and no events; none of those may be lost.
 *
 * Rows are counted per message id directly in ClickHouse. The end state is read only
 * once the collectors stopped cleanly (everything spooled is on the bus) and the bus is
 * empty (work-queue retention: every batch was acknowledged after its store write).
 * NATS and ClickHouse are private servers in the tests that stop them; the shared ones
 * are never touched. OTASUKE_TEST_VERBOSE=1 prints a timeline (and the processes' output
 * after a failure; =all, always).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { DeviceRegistry } from '../../src/devices/registry.js';
import { openStateDbPostgres } from '../../src/storage/state/state-db.js';
import {
  type Cluster,
  clickhouseServerBinary,
  natsServerBinary,
  openCluster,
  type PrivateServer,
  type RoleProcess,
  type ScaleUrls,
  scaleUrls,
  startPrivateClickHouse,
  startPrivateNats,
} from '../helpers/scale-cluster.js';

const urls = scaleUrls();
const skip = 'skip' in urls ? urls.skip : null;
if (skip) console.warn(`scale-out fault tests skipped: ${skip}`);
const noNats = natsServerBinary() ? null : 'no nats-server binary (apt-get install nats-server)';
const noClickHouse = clickhouseServerBinary()
  ? null
  : 'no clickhouse-server binary (.ci/start-clickhouse installs it)';
if (!skip && noNats) console.warn(`scale-out fault test "restart NATS" skipped: ${noNats}`);
if (!skip && noClickHouse) console.warn(`scale-out fault test "kill ClickHouse" skipped: ${noClickHouse}`);

/**
 * Records per acknowledged connection and the pause between two; records per write of
 * the cut stream and the pause between two. Each becomes about one bus batch: the pace
 * keeps the number of batches, and so the final drain, small on 2 cores.
 */
const CHUNK = 500;
const CHUNK_PAUSE_MS = 400;
const CUT_WRITE = 400;
const CUT_PAUSE_MS = 500;
/** How long NATS and ClickHouse stay down (at least; a longer outage: OTASUKE_TEST_OUTAGE_MS). */
const OUTAGE_MS = Number(process.env.OTASUKE_TEST_OUTAGE_MS ?? 3_000);

/**
 * One record, its message id in msg=. Every tenth is a blocked visit to a harmful site:
 * it matches a rule, so its batch carries hits the writer forwards to the hits stream
 * (a second publish the faults can interrupt).
 */
const line = (tag: string, i: number): string =>
  i % 10 === 5
    ? `<189>date=2026-11-20 time=10:00:00 devname="fw1" devid="FGT60F" logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" srcip=192.168.1.50 srcport=50400 dstip=203.0.113.99 dstport=443 proto=6 service="HTTPS" hostname="malware.example.net" action="blocked" url="https://malware.example.net/" cat=26 catdesc="Malicious Websites" msg="${tag}-${i}"`
    : `<189>date=2026-11-20 time=10:00:00 devname="fw1" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.0.2.10 srcport=5000 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="${tag}-${i}"`;

/** A record cut inside its last quoted value: the collector quarantines it (its id still in the raw text). */
const torn = (tag: string, i: number): string => line(tag, i).slice(0, -1);
/** Records per acknowledged connection of torn records only (a bus batch with no event rows). */
const TORN_CHUNK = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `ok` until it holds; the deadline only turns a hang into a failure with a name. */
async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Sends records and half-closes; resolves when the collector closed its side (= all spooled). */
function sendAcked(port: number, tag: string, n: number, record = line): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    s.on('connect', () => {
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += `${record(tag, i)}\n`;
      s.end(chunk);
    });
    s.on('data', () => undefined);
    s.on('end', () => resolve());
    s.on('error', reject);
    // closed without the collector's half-close: not acknowledged
    s.on('close', () => reject(new Error(`${tag}: closed without an acknowledgement`)));
  });
}

/**
 * The test's senders: one loop of acknowledged connections per collector, and one
 * stream that is never half-closed and is cut by a reset at the end.
 */
class Traffic {
  readonly acked = new Set<string>();
  /** Acknowledged records that the collector quarantines. */
  readonly ackedTorn = new Set<string>();
  /** Acknowledged connections so far. */
  chunks = 0;
  /** Why a sender gave up (collectors stay up in these tests: any is a failure). */
  readonly errors: string[] = [];
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private cutSocket: Socket | null = null;
  private cutSent = 0;
  private cutDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly tag: string,
    ports: readonly number[],
  ) {
    for (const [k, port] of ports.entries()) this.loops.push(this.loop(port, `${tag}${k}`));
    this.cutDone = this.stream(ports[0]);
  }

  get cutTag(): string {
    return `${this.tag}cut`;
  }

  private async loop(port: number, tag: string): Promise<void> {
    for (let k = 0; !this.stopped; k++) {
      const t = `${tag}.${k}`;
      // every fifth connection holds torn records only: its batch carries quarantine rows and no events
      const isTorn = k % 5 === 2;
      try {
        await sendAcked(port, t, isTorn ? TORN_CHUNK : CHUNK, isTorn ? torn : line);
      } catch (e) {
        this.errors.push((e as Error).message);
        return;
      }
      for (let i = 0; i < (isTorn ? TORN_CHUNK : CHUNK); i++)
        (isTorn ? this.ackedTorn : this.acked).add(`${t}-${i}`);
      this.chunks++;
      await sleep(CHUNK_PAUSE_MS);
    }
  }

  /** Writes records at a steady pace (honouring backpressure) until cut. */
  private stream(port: number): Promise<void> {
    return new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      this.cutSocket = s;
      let timer: NodeJS.Timeout | null = null;
      const pump = (): void => {
        timer = null;
        if (this.stopped || s.destroyed) return;
        let chunk = '';
        for (let k = 0; k < CUT_WRITE; k++) chunk += `${line(this.cutTag, this.cutSent++)}\n`;
        if (s.write(chunk)) timer = setTimeout(pump, CUT_PAUSE_MS);
        else s.once('drain', pump);
      };
      s.on('connect', pump);
      s.on('error', () => undefined);
      s.on('close', () => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits until `n` more connections were acknowledged. */
  async more(what: string, n: number): Promise<void> {
    const target = this.chunks + n;
    await until(what, () => {
      if (this.errors.length > 0) throw new Error(`a sender failed: ${this.errors[0]}`);
      return this.chunks >= target;
    });
  }

  /** Stops the loops (each finishes its connection) and cuts the stream; returns the records written to it. */
  async stop(): Promise<number> {
    this.stopped = true;
    const s = this.cutSocket;
    if (s && !s.destroyed) {
      // cut inside a record, then reset: the collector keeps only the whole records it read
      const partial = line(this.cutTag, this.cutSent).slice(0, -2);
      // (a paused collector may hold the write back: cut anyway after a while)
      await Promise.race([new Promise<void>((r) => s.write(partial, () => r())), sleep(2_000)]);
      // not from within the write's callback: Node then closes with a FIN instead of a reset
      await sleep(20);
      s.resetAndDestroy();
    }
    await Promise.all(this.loops);
    await this.cutDone;
    return this.cutSent;
  }
}

async function query(chUrl: string, database: string, sql: string): Promise<string> {
  const r = await fetch(`${chUrl}/?database=${database}&query=${encodeURIComponent(sql)}`, {
    signal: AbortSignal.timeout(30_000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`ClickHouse: ${text}`);
  return text;
}

const storedRows = async (c: Cluster): Promise<number> =>
  Number((await query(c.clickhouseUrl, c.database, 'SELECT count() FROM events')).trim());

/** Rows per message id, counted in ClickHouse (quarantined records: their id ends the raw text). */
async function storedIds(
  c: Cluster,
  table: 'events' | 'quarantine' = 'events',
): Promise<Map<string, number>> {
  const id = table === 'events' ? `'msg="([^"]+)"'` : `'msg="([^"]+)$'`;
  const text = await query(
    c.clickhouseUrl,
    c.database,
    `SELECT extract(raw, ${id}) AS id, count() AS n FROM ${table} GROUP BY id FORMAT TabSeparated`,
  );
  const seen = new Map<string, number>();
  for (const l of text.split('\n')) {
    if (!l) continue;
    const [id, n] = l.split('\t');
    seen.set(id, Number(n));
  }
  return seen;
}

async function registerDevice(c: Cluster, pgUrl: string): Promise<void> {
  const db = await openStateDbPostgres(pgUrl, { schema: c.schema });
  const reg = await DeviceRegistry.open(db, { ownsDb: true });
  await reg.addDevice({ id: 'fw1', tenant: 'acme', sources: ['127.0.0.1'] });
  await reg.close();
}

/**
 * The end state: collectors stopped cleanly (everything spooled handed to the bus), the
 * bus empty, the writers still alive; then every acknowledged record stored once and the
 * cut stream a gap-free prefix.
 */
async function settleAndCheck(
  s: Scene,
  c: Cluster,
  traffic: Traffic,
  collectors: readonly RoleProcess[],
  writers: readonly RoleProcess[],
): Promise<void> {
  const cutSent = await traffic.stop();
  s.phase('senders stopped');
  expect(traffic.errors).toEqual([]);
  for (const p of collectors) expect(await p.stop(), `${p.name} stops cleanly`).toBe(0);
  s.phase(`collectors stopped (backlog ${await c.backlog()})`);
  await until('an empty ingest stream', async () => (await c.backlog()) === 0, 150_000);
  s.phase('bus empty');
  // a writer that died on a connection error would have left its batches to the other one
  for (const w of writers)
    expect(w.child.exitCode ?? w.child.signalCode, `${w.name} still running`).toBe(null);

  const seen = await storedIds(c);
  const dupes = [...seen].filter(([, n]) => n > 1);
  expect(dupes.slice(0, 5)).toEqual([]);
  expect(seen.has(''), 'a row without a message id').toBe(false);
  const missing = [...traffic.acked].filter((id) => !seen.has(id));
  expect(missing.length, `acknowledged but not stored, e.g. ${missing.slice(0, 5).join(', ')}`).toBe(0);
  // the cut stream: a gap-free prefix of what was written
  const cut = `${traffic.cutTag}-`;
  let prefix = 0;
  while (seen.has(`${cut}${prefix}`)) prefix++;
  const beyond = [...seen.keys()].filter((k) => k.startsWith(cut) && Number(k.slice(cut.length)) >= prefix);
  expect(beyond.slice(0, 5)).toEqual([]);
  expect(prefix).toBeGreaterThan(0);
  expect(prefix).toBeLessThanOrEqual(cutSent);
  const unknown = [...seen.keys()].filter((k) => !traffic.acked.has(k) && !k.startsWith(cut));
  expect(unknown.slice(0, 5)).toEqual([]);
  // quarantined records: none lost (a redelivery may write a batch's quarantine rows again)
  const quarantined = await storedIds(c, 'quarantine');
  expect(traffic.ackedTorn.size).toBeGreaterThan(0);
  const lostTorn = [...traffic.ackedTorn].filter((id) => !quarantined.has(id));
  expect(lostTorn.length, `quarantined but not stored, e.g. ${lostTorn.slice(0, 5).join(', ')}`).toBe(0);
  // (the cut stream's torn tail is dropped by the reset; were the cut a close, it would be quarantined)
  const strays = [...quarantined.keys()].filter((k) => !traffic.ackedTorn.has(k) && !k.startsWith(cut));
  expect(strays.slice(0, 5)).toEqual([]);
  console.log(
    `acknowledged ${traffic.acked.size} (+${traffic.ackedTorn.size} quarantined), stored ${seen.size}; cut stream: written ${cutSent}, stored prefix ${prefix}`,
  );
}

const verbose = process.env.OTASUKE_TEST_VERBOSE !== undefined;

/**
 * What one test started, undone after it even when it timed out (its body may still be
 * running then: the processes and private servers must not outlive the run).
 */
class Scene {
  readonly procs: RoleProcess[] = [];
  private readonly undo: (() => Promise<void>)[] = [];
  private readonly t0 = Date.now();

  constructor() {
    onTestFailed(() => this.dump());
  }

  /** What each process said (with OTASUKE_TEST_VERBOSE: after a failure, or always when it is "all"). */
  dump(): void {
    if (verbose) for (const p of this.procs) console.log(`--- ${p.name}\n${p.output()}`);
  }

  /** A timeline of the test, for a run with OTASUKE_TEST_VERBOSE. */
  phase(what: string): void {
    if (verbose) console.log(`[${((Date.now() - this.t0) / 1000).toFixed(1)} s] ${what}`);
  }

  onDispose(fn: () => Promise<void>): void {
    this.undo.push(fn);
  }

  /** Senders to `ports`, stopped with the scene if the test ends early. */
  traffic(tag: string, ports: readonly number[]): Traffic {
    const t = new Traffic(tag, ports);
    this.onDispose(async () => void (await t.stop()));
    return t;
  }

  async start(c: Cluster, name: string, roles: Parameters<Cluster['start']>[1]): Promise<RoleProcess> {
    const p = await c.start(name, roles);
    this.procs.push(p);
    return p;
  }

  async dispose(): Promise<void> {
    if (process.env.OTASUKE_TEST_VERBOSE === 'all') this.dump();
    for (const fn of this.undo.splice(0).reverse()) await fn().catch((e: Error) => console.warn(e.message));
  }
}

let scene: Scene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

/** A fresh cluster (on private servers when given) with the device the senders speak for. */
async function openScene(opts: { natsUrl?: string; clickhouseUrl?: string } = {}): Promise<[Scene, Cluster]> {
  const u = urls as ScaleUrls;
  const s = scene as Scene;
  const c = await openCluster(u, opts);
  s.onDispose(() => c.close());
  await registerDevice(c, u.postgres);
  return [s, c];
}

describe.skipIf(skip !== null)('scale-out faults (real processes)', () => {
  it('a writer killed with SIGKILL mid-stream and restarted loses and doubles nothing', async () => {
    scene = new Scene();
    const [s, c] = await openScene();
    const collectors = await Promise.all([
      s.start(c, 'collector-1', ['collector']),
      s.start(c, 'collector-2', ['collector']),
    ]);
    const traffic = s.traffic(
      'k',
      collectors.map((p) => p.syslog as number),
    );
    s.phase('sending');
    // the bus fills before any writer runs: writer-1 takes batches as soon as it starts
    await until('a backlog on the bus', async () => (await c.backlog()) >= 10);
    const w1 = await s.start(c, 'writer-1', ['writer']);
    await until('writer-1 storing', async () => (await storedRows(c)) > 0);
    // Frozen while it holds batches it has not acknowledged (it is the only writer, so
    // every batch in a writer's hands is its own), so the kill surely lands mid-batch.
    let held = 0;
    await until('writer-1 frozen with batches in hand', async () => {
      w1.child.kill('SIGSTOP');
      await sleep(300);
      held = await c.inHand();
      if (held === 0) w1.child.kill('SIGCONT');
      return held > 0;
    });
    s.phase(`writer-1 frozen with ${held} batches in hand (backlog ${await c.backlog()})`);
    const w2 = await s.start(c, 'writer-2', ['writer']);
    const atStart = await storedRows(c);
    await until('writer-2 storing', async () => (await storedRows(c)) > atStart);
    await w1.kill();
    s.phase(`kill -9 writer-1 (backlog ${await c.backlog()})`);
    // the other writer keeps going
    const atKill = await storedRows(c);
    await traffic.more('records acknowledged after the kill', 4);
    await until('writer-2 to keep storing', async () => (await storedRows(c)) > atKill);
    const restarted = await s.start(c, 'writer-1', ['writer']);
    s.phase('writer-1 restarted');
    await traffic.more('records acknowledged after the restart', 4);
    // writer-1's batches return to the group once their acknowledgement time is up
    await settleAndCheck(s, c, traffic, collectors, [restarted, w2]);
  }, 170_000);

  it.skipIf(noNats !== null)(
    'a NATS restart mid-stream: collectors keep spooling and republish, writers reconnect',
    async () => {
      scene = new Scene();
      const nats: PrivateServer = await startPrivateNats();
      scene.onDispose(() => nats.dispose());
      const [s, c] = await openScene({ natsUrl: nats.url });
      const writers = await Promise.all([
        s.start(c, 'writer-1', ['writer']),
        s.start(c, 'writer-2', ['writer']),
      ]);
      const collectors = await Promise.all([
        s.start(c, 'collector-1', ['collector']),
        s.start(c, 'collector-2', ['collector']),
      ]);
      const traffic = s.traffic(
        'n',
        collectors.map((p) => p.syslog as number),
      );
      s.phase('sending');
      await until('stored rows', async () => (await storedRows(c)) > 0);
      await nats.stop();
      s.phase('NATS stopped');
      // acknowledgements go on while the bus is away: the spools hold the records
      await Promise.all([sleep(OUTAGE_MS), traffic.more('records acknowledged while NATS is down', 4)]);
      await nats.start();
      s.phase('NATS started');
      const atRestart = await storedRows(c);
      await until('writers storing again', async () => (await storedRows(c)) > atRestart);
      s.phase('writers storing again');
      await traffic.more('records acknowledged after the restart', 4);
      await settleAndCheck(s, c, traffic, collectors, writers);
    },
    170_000,
  );

  it.skipIf(noClickHouse !== null)(
    'ClickHouse killed mid-stream and started again: writers retry, nothing is lost or doubled',
    async () => {
      scene = new Scene();
      const ch: PrivateServer = await startPrivateClickHouse();
      scene.onDispose(() => ch.dispose());
      const [s, c] = await openScene({ clickhouseUrl: ch.url });
      const writers = await Promise.all([
        s.start(c, 'writer-1', ['writer']),
        s.start(c, 'writer-2', ['writer']),
      ]);
      const collector = await s.start(c, 'collector-1', ['collector']);
      const traffic = s.traffic('h', [collector.syslog as number]);
      s.phase('sending');
      await until('stored rows', async () => (await storedRows(c)) > 0);
      // killed, not stopped: a clean stop keeps serving open connections for a quarter of
      // a minute under load; a kill also cuts an insert in the middle
      await ch.stop('SIGKILL');
      s.phase('ClickHouse killed');
      // the collector goes on publishing; the batches wait on the bus
      const atStop = await c.backlog();
      await Promise.all([
        sleep(OUTAGE_MS),
        until('the backlog to grow', async () => (await c.backlog()) > atStop + 2),
      ]);
      await ch.start();
      s.phase('ClickHouse started');
      const atRestart = await storedRows(c);
      await until('writers storing again', async () => (await storedRows(c)) > atRestart);
      s.phase('writers storing again');
      await traffic.more('records acknowledged after the restart', 4);
      await settleAndCheck(s, c, traffic, [collector], writers);
      // the writers handed the batches they could not store back to the bus
      expect(writers.map((w) => w.output()).join('\n')).toMatch(/failed, handed back/);
    },
    170_000,
  );
});
