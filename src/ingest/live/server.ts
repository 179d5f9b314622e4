/**
 * The embedded service (`otasuke start`): event store, device registry, spool replay,
 * operator API + HTTP ingest, syslog UDP/TCP/TLS receivers, device-silence timer.
 *
 * Bind addresses: syslog listens on all interfaces (0.0.0.0) by default, since UTMs
 * send from the LAN; the HTTP API binds 127.0.0.1 by default because it carries the
 * operator API and bearer tokens in clear — expose it through a TLS reverse proxy, or
 * pass --http-host explicitly.
 */

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
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
import { Scheduler, scheduledJobs } from '../../schedule/index.js';
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
  pipeline: LivePipeline;
  alerts: DemoAlerts;
}

export interface StartOptions {
  dataDir: string;
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
  pipeline: LivePipeline;
  registry: DeviceRegistry;
  store: EventStore;
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

  const store = await openEventStore(paths.dir);
  const registry = await openDeviceRegistry(paths.state);
  const browse =
    httpHost === '0.0.0.0' || httpHost === '::'
      ? 'localhost'
      : httpHost.includes(':')
        ? `[${httpHost}]`
        : httpHost;
  // mail before anything that may raise a notification (alerts during replay, the desk)
  const mail = startMail({
    db: registry.db,
    env: process.env,
    flags: opts.mail,
    log,
    fallbackPortalUrl: `http://${browse}:${opts.httpPort || 8080}`,
  });
  const alertSink = new DeskAlertSink({ db: registry.db, notifier: mail.notifier });
  const reports = new ReportJobs({
    db: registry.db,
    store,
    registry,
    dir: join(paths.dir, 'reports'),
    log,
    // a finished monthly report is mailed to the company's people
    outbox: mail.outbox,
  });
  // each period runs once even with several processes on one state database (docs/scheduling.md)
  const scheduler = opts.scheduler === false ? null : new Scheduler({ db: registry.db, log });
  for (const job of scheduledJobs({ db: registry.db, store, outbox: mail.outbox })) scheduler?.add(job);
  scheduler?.add(monthlyReportsJob({ db: registry.db, reports }));
  const detection = new DetectionEngine({
    sink: alertSink,
    rulesDir: opts.rulesDir,
    log,
  });
  const recovery = Spool.open(join(paths.dir, 'spool'), { noSync: opts.noSync });
  if (recovery.truncatedBytes > 0)
    log(`spool: cut a torn tail of ${recovery.truncatedBytes} bytes (never acknowledged)`);
  const pool = new ParsePool(opts.parseWorkers ?? Math.max(1, availableParallelism()));
  const pipeline = new LivePipeline({
    directory: registry,
    health: registry,
    store,
    spool: recovery.spool,
    pool,
    rate: opts.rate ?? { perSec: 50_000 },
    maxBacklogBytes: opts.maxBacklogBytes,
    detection,
    log,
  });
  const replay = await pipeline.recover(recovery.batches);
  if (replay.replayedBatches > 0)
    log(
      `spool: replayed ${replay.replayedBatches} batches (${replay.replayedRecords} records) into the store`,
    );

  let demo: DemoRun | null = null;
  if (opts.demo && opts.startDemo) {
    try {
      const alerts = { rulesDir: detection.rulesDir, rules: detection.rules, sink: alertSink };
      demo = await opts.startDemo({ dataDir: paths.dir, store, registry, pipeline, alerts });
    } catch (err) {
      log(`demo: could not prepare the demo programme: ${(err as Error).message}`);
    }
  }

  let app: FastifyInstance | null = null;
  let httpPort: number | null = null;
  let udp: UdpReceiver | null = null;
  let tcp: StreamReceiver | null = null;
  let tls: StreamReceiver | null = null;
  const lines: string[] = [];
  try {
    if (opts.syslogPort !== null) {
      const port = opts.syslogPort ?? 5514;
      udp = await startUdpReceiver({ host, port, pipeline });
      lines.push(`listening: syslog udp ${host}:${udp.port} (receive buffer ${udp.recvBufferBytes} bytes)`);
      const rt = udp.receiverThread;
      log(
        rt
          ? `udp: receiving on a thread of its own${rt.niceness !== null ? ` at raised priority (nice ${rt.niceness})` : ''}`
          : 'udp: receiving on the main thread',
      );
      tcp = await startTcpReceiver({ host, port: udp.port, pipeline });
      lines.push(`listening: syslog tcp ${host}:${tcp.port}`);
    }
    if (opts.tlsPort !== null) {
      const cert = await ensureServerCertificate(paths.dir, opts.tls);
      if (cert.generated) log(`generated a self-signed syslog TLS certificate: ${cert.certPath}`);
      tls = await startTlsReceiver({
        host,
        port: opts.tlsPort ?? 6514,
        pipeline,
        key: cert.key,
        cert: cert.cert,
        // a device with a pinned client certificate is refused at the handshake, not record by record
        claims: registry,
      });
      lines.push(`listening: syslog tls ${host}:${tls.port}`);
    }
    if (opts.httpPort !== null) {
      // First start only: an operator-admin to log in with, printed before "ready".
      const admin = await ensureBootstrapAdmin(registry.db, { password: process.env.OTASUKE_ADMIN_PASSWORD });
      app = await buildApp({
        registry,
        db: registry.db,
        audit: auditLog(registry.db),
        trustProxy: opts.trustProxy,
        store,
        adminToken: loadOrCreateAdminToken(paths.dir),
        secretKey: loadOrCreateSecretKey(paths.dir),
        notifier: mail.notifier,
        attachmentsDir: join(paths.dir, 'attachments'),
        reports,
        listeners: () => lines.filter((l) => l.startsWith('listening: ')).map((l) => l.slice(11)),
        demoStatus: demo ? () => (demo as DemoRun).status() : undefined,
        replay: async (dev, sample) => {
          await pipeline.spoolRecords(
            dev,
            sample.map((l) => Buffer.from(l)),
            'replay',
          );
          return sample.length;
        },
      });
      await registerIngestRoute(app, { pipeline, maxBodyBytes: opts.maxBodyBytes });
      await app.listen({ host: httpHost, port: opts.httpPort ?? 8080 });
      const a = app.server.address();
      httpPort = typeof a === 'object' && a ? a.port : (opts.httpPort ?? 8080);
      const hostPart = httpHost.includes(':') ? `[${httpHost}]` : httpHost;
      lines.push(`listening: http http://${hostPart}:${httpPort}`);
      // a wildcard bind is reachable locally; print an address a browser can open
      lines.push(`portal: http://${browse}:${httpPort}/`);
      if (admin) lines.push(bootstrapAdminLine(admin));
    }
  } catch (err) {
    await demo?.stop();
    await Promise.allSettled([udp?.close(), tcp?.close(), tls?.close(), app?.close()]);
    await pipeline.close();
    await detection.close();
    await recovery.spool.close();
    await pool.close();
    await reports.close();
    await mail.stop();
    await registry.close();
    await store.close();
    throw err;
  }

  const silence = setInterval(() => {
    const now = Date.now();
    registry
      .checkSilence(now)
      .then(({ raised }) =>
        // a silent UTM is an alert on the desk too (rule device-silent in the pack)
        detection.observeEvents(
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

  for (const l of lines) print(l);
  print('ready');
  // first tick at once: a Monday mail missed while the service was down goes out now
  scheduler?.start();
  // reports a stop or crash left half-made are made now
  void reports.recover().catch((e: Error) => log(`reports: ${e.message}`));
  // the demo's logs load in the background: the portal is usable meanwhile; then last
  // month's reports are filed, so the archive shows what the 1st of the month brings
  void demo?.load().then(async () => {
    if (demo?.status().state !== 'done') return;
    const key = reportMonthKey(Date.now());
    await fileMonthlyReports(
      { db: registry.db, reports },
      key,
      { signal: new AbortController().signal, log },
      { anyUtm: true },
    ).catch((e: Error) => log(`demo: monthly reports: ${e.message}`));
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(silence);
      await demo?.stop();
      // lets a run in progress finish (or stop at a safe point) while the store and mail are open
      await scheduler?.stop();
      // stop accepting first; each close hands over what was already read
      await Promise.allSettled([app?.close(), udp?.close(), tcp?.close(), tls?.close()]);
      await pipeline.close();
      await detection.close();
      await recovery.spool.close();
      await pool.close();
      await reports.close();
      await mail.stop();
      await registry.close();
      await store.close();
    })();
    return stopping;
  };
  return { pipeline, registry, store, app, udp, tcp, tls, httpPort, scheduler, stop };
}
