/**
 * `otasuke start`: the service until SIGTERM / SIGINT — embedded (receivers, API, store
 * in one process on the data folder), or with `--config` one or more roles of a
 * scale-out deployment (docs/scale-out.md).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { startDemo } from '../demo/seed.js';
import { ROLES, type Role, type RunningServer, startServer } from '../ingest/live/server.js';
import { loadScaleConfig, type ScaleConfig } from '../scale/config.js';
import { die } from './common.js';

interface Opts {
  data: string;
  role: Role[] | 'all';
  config?: string;
  host: string;
  httpHost: string;
  httpPort: number;
  syslogPort: number;
  tlsPort: number;
  demo: boolean;
  scheduler: boolean;
  deviceRate: number;
  tlsKey?: string;
  tlsCert?: string;
  trustProxy?: string;
  smtpUrl?: string;
  mailFrom?: string;
  portalUrl?: string;
}

/** --trust-proxy: "true", a hop count, or comma-separated addresses / CIDRs. */
function trustProxyValue(v: string | undefined): boolean | number | string | undefined {
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port number 0-65535 (0 = any free port)');
  return n;
}

/** --role: all, or a comma-separated list of roles. */
function roles(v: string): Role[] | 'all' {
  if (v === 'all') return 'all';
  const out: Role[] = [];
  for (const r of v.split(',').map((x) => x.trim())) {
    if (!(ROLES as readonly string[]).includes(r))
      throw new InvalidArgumentError(`all, or one or more of ${ROLES.join(', ')} (comma-separated)`);
    if (!out.includes(r as Role)) out.push(r as Role);
  }
  return out;
}

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the service: syslog UDP/TCP/TLS and HTTP ingest, operator API, event store')
    .option('--data <dir>', "data folder (scale-out: this process's spool, node id and keys)", './data')
    .option(
      '--config <file>',
      'scale-out: JSON file naming the shared ClickHouse, PostgreSQL and NATS (docs/scale-out.md)',
    )
    .option(
      '--role <role>',
      `what this process runs: all, or ${ROLES.join(' | ')} (comma-separated); other than all needs --config`,
      roles,
      'all' as const,
    )
    .option('--host <addr>', 'syslog bind address', '0.0.0.0')
    .option('--http-host <addr>', 'HTTP bind address (operator API and HTTP ingest)', '127.0.0.1')
    .option('--http-port <n>', 'HTTP port', port, 8080)
    .option('--syslog-port <n>', 'syslog UDP and TCP port', port, 5514)
    .option('--tls-port <n>', 'syslog TLS port', port, 6514)
    .option('--tls-key <file>', 'TLS private key (PEM); default: generated into DATA/tls/')
    .option('--tls-cert <file>', 'TLS certificate (PEM)')
    .option('--device-rate <n>', 'records per second per device (0 = unlimited)', count, 50_000)
    .option(
      '--trust-proxy <value>',
      'a reverse proxy serves the portal: "true", a hop count, or its addresses/CIDRs (comma-separated)',
    )
    .option(
      '--smtp-url <url>',
      'SMTP server for notification mail, e.g. smtp://user:pass@host:587 (env OTASUKE_SMTP_URL)',
    )
    .option('--mail-from <address>', 'sender of notification mail (env OTASUKE_MAIL_FROM)')
    .option('--portal-url <url>', 'the portal address used in mail links (env OTASUKE_PORTAL_URL)')
    .option('--no-demo', 'do not seed the demo programme into an empty data folder')
    .option(
      '--no-scheduler',
      'do not run scheduled jobs (weekly summary mail, monthly reports) in this process',
    )
    .action(async (opts: Opts) => {
      if ((opts.tlsKey === undefined) !== (opts.tlsCert === undefined))
        die('--tls-key and --tls-cert go together', 2);
      if (opts.role !== 'all' && opts.config === undefined)
        die('--role other than all needs --config naming the shared backends (docs/scale-out.md)', 2);
      let scale: ScaleConfig | null = null;
      if (opts.config !== undefined) {
        try {
          scale = loadScaleConfig(opts.config);
        } catch (err) {
          die((err as Error).message, 2);
        }
      }
      let server: RunningServer | null = null;
      let signalled: string | null = null;
      const shutdown = (signal: string): void => {
        signalled = signal;
        if (!server) return; // still starting: stopped as soon as it is up
        process.stderr.write(`otasuke: ${signal}: storing what was accepted, then stopping\n`);
        server.stop().then(
          () => process.exit(0),
          (err: Error) => die(`stop failed: ${err.message}`),
        );
      };
      // installed before "ready" is printed, so a supervisor may signal right after it
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
      try {
        server = await startServer({
          dataDir: opts.data,
          scale,
          roles: opts.role === 'all' ? undefined : opts.role,
          host: opts.host,
          httpHost: opts.httpHost,
          httpPort: opts.httpPort,
          syslogPort: opts.syslogPort,
          tlsPort: opts.tlsPort,
          demo: opts.demo,
          scheduler: opts.scheduler,
          startDemo: ({ dataDir, store, registry, alerts }) =>
            startDemo({
              dataDir,
              store,
              registry,
              alerts,
              print: (l) => process.stdout.write(`${l}\n`),
              // a bar on a terminal, plain lines for a log file or a supervisor
              progress: process.stdout.isTTY ? 'bar' : 'lines',
            }),
          tls: opts.tlsKey && opts.tlsCert ? { key: opts.tlsKey, cert: opts.tlsCert } : undefined,
          rate: { perSec: opts.deviceRate },
          trustProxy: trustProxyValue(opts.trustProxy),
          mail: { smtpUrl: opts.smtpUrl, mailFrom: opts.mailFrom, portalUrl: opts.portalUrl },
        });
      } catch (err) {
        die(`could not start: ${(err as Error).message}`);
      }
      if (signalled) shutdown(signalled);
    });
}
