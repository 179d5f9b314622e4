/**
 * The service (`otasuke start`): event store, device registry, spool replay, operator
 * API + HTTP ingest, syslog UDP/TCP/TLS receivers, device-silence timer, scheduled jobs.
 *
 * Without a scale-out configuration everything runs in this process on the data
 * folder's DuckDB and SQLite. With one (`scale`), the process runs the roles it is given
 * against the shared backends (docs/scale-out.md):
 *
 * - collector: receivers → spool → parse → the ingest bus (NATS JetStream);
 * - writer: the ingest bus → ClickHouse, then the batch's rule hits → the hits stream;
 * - api: the portal and operator API on PostgreSQL + ClickHouse (and the demo);
 * - scheduler: scheduled jobs, device-silence checks and the detector (hits → alerts),
 *   one per deployment.
 *
 * Bind addresses: syslog listens on all interfaces (0.0.0.0) by default, since UTMs
 * send from the LAN; the HTTP API binds 127.0.0.1 by default because it carries the
 * operator API and bearer tokens in clear — expose it through a TLS reverse proxy, or
 * pass --http-host explicitly.
 */

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditLog } from '../../accounts/audit.js';
import { bootstrapAdminLine, ensureBootstrapAdmin } from '../../accounts/bootstrap.js';
import { loadOrCreateAdminToken, loadOrCreateSecretKey } from '../../api/admin-token.js';
import { buildApp } from '../../api/app.js';
import { registerIngestRoute } from '../../api/ingest-route.js';
import { dataPaths, openEventStore } from '../../cli/common.js';
import type { DemoAlerts, DemoRun } from '../../demo/seed.js';
import { DeskAlertSink } from '../../desk/alerts-sink.js';
import { DetectionEngine, deviceSilentEvent } from '../../detect/index.js';
import { type DeviceRegistry, openDeviceRegistry } from '../../devices/index.js';
import { type MailFlags, startMail } from '../../notify/index.js';
import { ReportJobs } from '../../reports/archive/jobs.js';
import { fileMonthlyReports, monthlyReportsJob, reportMonthKey } from '../../reports/archive/monthly-job.js';
import {
  openClickHouseStore,
  openHitsBus,
  openIngestBus,
  openPostgresRegistry,
} from '../../scale/backends.js';
import { busSink, loadOrCreateNodeId } from '../../scale/bus-sink.js';
import type { ScaleConfig } from '../../scale/config.js';
import { detectorHandler, forwardHitsTo } from '../../scale/hits.js';
import { Scheduler, scheduledJobs } from '../../schedule/index.js';
import type { BusConsumer, IngestBus } from '../../storage/bus/bus.js';
import { storeBatchHandler, WRITER_CONCURRENCY } from '../../storage/bus/store-writer.js';
import type { EventStore } from '../../storage/events/event-store.js';
import { ParsePool } from '../parse/parse-pool.js';
import { type StreamReceiver, startTcpReceiver } from '../sources/syslog-tcp.js';
import { ensureServerCertificate, startTlsReceiver, type TlsFiles } from '../sources/syslog-tls.js';
import { startUdpReceiver, type UdpReceiver } from '../sources/syslog-udp.js';
import { Spool } from '../spool/spool.js';
import { LivePipeline } from './pipeline.js';
import type { RateLimit } from './rate-limiter.js';

export interface DemoContext {
  dataDir: string;
  store: EventStore;
  registry: DeviceRegistry;
  alerts: DemoAlerts;
}

/** The parts of the service a process runs (scale-out); without a configuration, all. */
export const ROLES = ['collector', 'writer', 'api', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export interface StartOptions {
  dataDir: string;
  /** Scale-out: the shared backends (null / absent: embedded DuckDB + SQLite in dataDir). */
  scale?: ScaleConfig | null;
  /** Scale-out: the roles of this process (default all). */
  roles?: readonly Role[];
  /** Syslog bind address (default 0.0.0.0). */
  host?: string;
  /** HTTP bind address (default 127.0.0.1). */
  httpHost?: string;
  /** 0 = any free port; null = listener off. */
  httpPort?: number | null;
  syslogPort?: number | null;
  tlsPort?: number | null;
  /** Run the demo programme when the data folder is empty (`--no-demo` turns it off). */
  demo?: boolean;
  /**
   * Prepares the demo programme (companies, devices, logins) before the listeners start;
   * its logs load in the background after "ready". Wired by the composition root, called
   * only when `demo` is on; null = no demo for this data folder.
   */
  startDemo?: (ctx: DemoContext) => Promise<DemoRun | null>;
  tls?: TlsFiles;
  /** Per-device record rate (default 50 000/s sustained, 2 s burst). */
  rate?: RateLimit;
  maxBacklogBytes?: number;
  maxBodyBytes?: number;
  /** Reverse proxy in front of the HTTP port (see ApiDeps.trustProxy). */
  trustProxy?: boolean | number | string;
  parseWorkers?: number;
  /** Run the scheduled jobs (weekly mail, monthly reports); default on, `--no-scheduler` turns it off. */
  scheduler?: boolean;
  /** SMTP server, sender address and portal address for mail (flags win over OTASUKE_* env). */
  mail?: MailFlags;
  /** Rule pack folder (default content/rules). */
  rulesDir?: string;
  /** Benchmarks only: skip fdatasync in the spool. */
  noSync?: boolean;
  /** One line per listener, then "ready" (default: stdout). */
  print?: (line: string) => void;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** null when this process is not a collector */
  pipeline: LivePipeline | null;
  registry: DeviceRegistry;
  /** null for a collector-only process */
  store: EventStore | null;
  app: FastifyInstance | null;
  udp: UdpReceiver | null;
  tcp: StreamReceiver | null;
  tls: StreamReceiver | null;
  httpPort: number | null;
  /** null when started with `scheduler: false` */
  scheduler: Scheduler | null;
  /** Stops accepting, stores everything accepted, closes. */
  stop(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const log = opts.log ?? ((l: string) => process.stderr.write(`otasuke: ${l}\n`));
  const paths = dataPaths(opts.dataDir);
  mkdirSync(paths.dir, { recursive: true });
  const host = opts.host ?? '0.0.0.0';
  const httpHost = opts.httpHost ?? '127.0.0.1';
  const scale = opts.scale ?? null;
  const roles = new Set<Role>(opts.roles ?? ROLES);
  const is = (r: Role): boolean => roles.has(r);
  // Undo list: whatever is opened is closed again, in reverse, on a failed start or a stop.
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) await c().catch((e: Error) => log(`stop: ${e.message}`));
  };
  const node = scale ? loadOrCreateNodeId(paths.dir) : 'local';
  const filesDir = scale?.files?.dir ?? paths.dir;

  let pipeline: LivePipeline | null = null;
  let store: EventStore | null = null;
  let app: FastifyInstance | null = null;
  let httpPort: number | null = null;
  let udp: UdpReceiver | null = null;
  let tcp: StreamReceiver | null = null;
  let tls: StreamReceiver | null = null;
  let scheduler: Scheduler | null = null;
  let demo: DemoRun | null = null;
  let detection: DetectionEngine | null = null;
  const consumers: BusConsumer[] = [];
  const lines: string[] = [];
  let registry: DeviceRegistry;

  try {
    // a collector alone never reads the store: its batches go to the bus
    if (!scale) store = await openEventStore(paths.dir);
    else if (is('writer') || is('api') || is('scheduler')) store = await openClickHouseStore(scale);
    const s = store;
    if (s) closers.push(() => s.close());
    registry = scale ? await openPostgresRegistry(scale) : await openDeviceRegistry(paths.state);
    const reg = registry;
    closers.push(() => reg.close());
    const browse =
      httpHost === '0.0.0.0' || httpHost === '::'
        ? 'localhost'
        : httpHost.includes(':')
          ? `[${httpHost}]`
          : httpHost;
    // mail before anything that may raise a notification (alerts during replay, the desk)
    // only the processes that mail (the desk, reports, scheduled summaries) run the outbox
    const mail =
      !scale || is('api') || is('scheduler')
        ? startMail({
            db: registry.db,
            env: process.env,
            flags: opts.mail,
            log,
            fallbackPortalUrl: `http://${browse}:${opts.httpPort || 8080}`,
          })
        : null;
    if (mail) closers.push(() => mail.stop());
    const alertSink = new DeskAlertSink({ db: registry.db, notifier: mail?.notifier });
    const reports =
      store && (is('api') || is('scheduler'))
        ? new ReportJobs({
            db: registry.db,
            store,
            registry,
            dir: join(filesDir, 'reports'),
            log,
            // a finished monthly report is mailed to the company's people
            outbox: mail?.outbox,
          })
        : null;
    if (reports) closers.push(() => reports.close());

    // Detection: in one process, the pipeline's writer feeds the engine; in scale-out the
    // collector only matches (its hits travel with the batch) and the scheduler's detector
    // correlates the hits every writer forwards.
    const correlates = !scale || is('scheduler');
    if (correlates || is('collector')) {
      const d = new DetectionEngine({
        sink: correlates ? alertSink : { deliver: async () => undefined },
        rulesDir: opts.rulesDir,
        log,
      });
      detection = d;
      closers.push(() => d.close());
    }

    if (is('scheduler')) {
      // each period runs once even with several processes on one state database (docs/scheduling.md)
      const sch = opts.scheduler === false || !store ? null : new Scheduler({ db: registry.db, log });
      if (sch && store && mail) {
        for (const job of scheduledJobs({ db: registry.db, store, outbox: mail.outbox })) sch.add(job);
        if (reports) sch.add(monthlyReportsJob({ db: registry.db, reports }));
        scheduler = sch;
        // lets a run in progress finish (or stop at a safe point) while the store and mail are open
        closers.push(() => sch.stop());
      }
    }

    if (is('collector')) {
      const recovery = Spool.open(join(paths.dir, 'spool'), { noSync: opts.noSync });
      closers.push(() => recovery.spool.close());
      if (recovery.truncatedBytes > 0)
        log(`spool: cut a torn tail of ${recovery.truncatedBytes} bytes (never acknowledged)`);
      const pool = new ParsePool(opts.parseWorkers ?? Math.max(1, availableParallelism()));
      closers.push(() => pool.close());
      let bus: IngestBus | null = null;
      if (scale) {
        const b = await openIngestBus(scale, `otasuke collector ${node}`);
        bus = b;
        closers.push(() => b.close());
      }
      const p = new LivePipeline({
        directory: registry,
        health: registry,
        ...(bus ? { sink: busSink(bus, node) } : { store: store as EventStore }),
        spool: recovery.spool,
        pool,
        rate: opts.rate ?? { perSec: 50_000 },
        maxBacklogBytes: opts.maxBacklogBytes,
        detection,
        log,
      });
      pipeline = p;
      closers.push(() => p.close());
      const replay = await p.recover(recovery.batches);
      if (replay.replayedBatches > 0)
        log(
          `spool: replayed ${replay.replayedBatches} batches (${replay.replayedRecords} records) ${bus ? 'onto the bus' : 'into the store'}`,
        );
    }

    if (scale && is('writer') && store) {
      const ingest = await openIngestBus(scale, `otasuke writer ${node}`);
      const hits = await openHitsBus(scale, `otasuke writer ${node}`);
      closers.push(
        () => hits.close(),
        () => ingest.close(),
      );
      const c = await ingest.consume(
        'writers',
        storeBatchHandler(store, { forwardHits: forwardHitsTo(hits) }),
        {
          // several batches in hand, so the handler can gather them into one store write
          concurrency: WRITER_CONCURRENCY,
          onError: (e, m) =>
            log(
              `writer: batch ${m.id} (delivery ${m.deliveries}) failed, handed back: ${(e as Error).message}`,
            ),
        },
      );
      consumers.push(c);
      log(`writer: consuming ${scale.bus.nats.stream} into ClickHouse ${scale.events.clickhouse.database}`);
    }

    if (scale && is('scheduler') && detection) {
      const hits = await openHitsBus(scale, `otasuke detector ${node}`);
      closers.push(() => hits.close());
      const c = await hits.consume('detector', detectorHandler(detection), {
        onError: (e, m) => log(`detector: hits ${m.id} failed, handed back: ${(e as Error).message}`),
      });
      consumers.push(c);
    }

    if (is('api') && opts.demo && opts.startDemo && store) {
      try {
        const det = detection ?? new DetectionEngine({ sink: alertSink, rulesDir: opts.rulesDir, log });
        const alerts = { rulesDir: det.rulesDir, rules: det.rules, sink: alertSink };
        if (det !== detection) await det.close();
        demo = await opts.startDemo({ dataDir: paths.dir, store, registry, alerts });
      } catch (err) {
        log(`demo: could not prepare the demo programme: ${(err as Error).message}`);
      }
      const d = demo;
      if (d) closers.push(() => d.stop());
    }

    const p = pipeline;
    if (p && opts.syslogPort !== null) {
      const port = opts.syslogPort ?? 5514;
      udp = await startUdpReceiver({ host, port, pipeline: p });
      lines.push(`listening: syslog udp ${host}:${udp.port} (receive buffer ${udp.recvBufferBytes} bytes)`);
      const rt = udp.receiverThread;
      log(
        rt
          ? `udp: receiving on a thread of its own${rt.niceness !== null ? ` at raised priority (nice ${rt.niceness})` : ''}`
          : 'udp: receiving on the main thread',
      );
      tcp = await startTcpReceiver({ host, port: udp.port, pipeline: p });
      lines.push(`listening: syslog tcp ${host}:${tcp.port}`);
    }
    if (p && opts.tlsPort !== null) {
      const cert = await ensureServerCertificate(paths.dir, opts.tls);
      if (cert.generated) log(`generated a self-signed syslog TLS certificate: ${cert.certPath}`);
      tls = await startTlsReceiver({
        host,
        port: opts.tlsPort ?? 6514,
        pipeline: p,
        key: cert.key,
        cert: cert.cert,
        // a device with a pinned client certificate is refused at the handshake, not record by record
        claims: registry,
      });
      lines.push(`listening: syslog tls ${host}:${tls.port}`);
    }
    const receivers = [udp, tcp, tls];
    // stop accepting first; each close hands over what was already read
    closers.push(() => Promise.allSettled(receivers.map((r) => r?.close())));

    const serveApi = is('api') && store !== null;
    if (opts.httpPort !== null && (serveApi || p)) {
      // First start only: an operator-admin to log in with, printed before "ready".
      const admin = serveApi
        ? await ensureBootstrapAdmin(registry.db, { password: process.env.OTASUKE_ADMIN_PASSWORD })
        : null;
      const a: FastifyInstance =
        serveApi && store
          ? await buildApp({
              registry,
              db: registry.db,
              audit: auditLog(registry.db),
              trustProxy: opts.trustProxy,
              store,
              adminToken: loadOrCreateAdminToken(paths.dir),
              secretKey: loadOrCreateSecretKey(paths.dir),
              notifier: mail?.notifier,
              attachmentsDir: join(filesDir, 'attachments'),
              reports: reports ?? undefined,
              listeners: () => lines.filter((l) => l.startsWith('listening: ')).map((l) => l.slice(11)),
              demoStatus: demo ? () => (demo as DemoRun).status() : undefined,
              replay: p
                ? async (dev, sample) => {
                    await p.spoolRecords(
                      dev,
                      sample.map((l) => Buffer.from(l)),
                      'replay',
                    );
                    return sample.length;
                  }
                : undefined,
            })
          : bareIngestApp();
      app = a;
      closers.push(() => a.close());
      if (p) await registerIngestRoute(a, { pipeline: p, maxBodyBytes: opts.maxBodyBytes });
      await a.listen({ host: httpHost, port: opts.httpPort ?? 8080 });
      const addr = a.server.address();
      httpPort = typeof addr === 'object' && addr ? addr.port : (opts.httpPort ?? 8080);
      const hostPart = httpHost.includes(':') ? `[${httpHost}]` : httpHost;
      lines.push(`listening: http http://${hostPart}:${httpPort}`);
      // a wildcard bind is reachable locally; print an address a browser can open
      if (serveApi) lines.push(`portal: http://${browse}:${httpPort}/`);
      if (admin) lines.push(bootstrapAdminLine(admin));
    }

    if (!scale || is('scheduler')) {
      const det = detection;
      const silence = setInterval(() => {
        const now = Date.now();
        reg
          .checkSilence(now)
          .then(({ raised }) =>
            // a silent UTM is an alert on the desk too (rule device-silent in the pack)
            det?.observeEvents(
              raised.map((a) =>
                deviceSilentEvent({
                  tenant: a.tenant,
                  device: a.device,
                  nowMs: now,
                  lastSeenMs: a.detail.lastSeenAt,
                  silentAfterMs: a.detail.silentAfterMs,
                }),
              ),
            ),
          )
          .catch((e: Error) => log(`device silence check failed: ${e.message}`));
      }, 60_000);
      silence.unref();
      closers.push(async () => clearInterval(silence));
    }
    // consumers stop before the buses and the store close (they were pushed earlier)
    closers.push(() => Promise.allSettled(consumers.map((c) => c.stop())));

    if (scale) lines.push(`roles: ${[...roles].join(', ')} (node ${node})`);
    for (const l of lines) print(l);
    print('ready');
    // first tick at once: a Monday mail missed while the service was down goes out now
    scheduler?.start();
    // reports a stop or crash left half-made are made now
    if (reports) void reports.recover().catch((e: Error) => log(`reports: ${e.message}`));
    // the demo's logs load in the background: the portal is usable meanwhile; then last
    // month's reports are filed, so the archive shows what the 1st of the month brings
    const rj = reports;
    void demo?.load().then(async () => {
      if (demo?.status().state !== 'done' || !rj) return;
      const key = reportMonthKey(Date.now());
      await fileMonthlyReports(
        { db: reg.db, reports: rj },
        key,
        { signal: new AbortController().signal, log },
        { anyUtm: true },
      ).catch((e: Error) => log(`demo: monthly reports: ${e.message}`));
    });
  } catch (err) {
    await closeAll();
    throw err;
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= closeAll();
    return stopping;
  };
  return { pipeline, registry, store, app, udp, tcp, tls, httpPort, scheduler, stop };
}

/** A collector without the API serves only HTTP ingest (and answers nothing else). */
function bareIngestApp(): FastifyInstance {
  return Fastify({ logger: false });
}
