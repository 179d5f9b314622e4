/** What the API needs from the rest of the process (the composition root supplies it). */
import type { AuditLog } from '../accounts/audit.js';
import type { ResolvedDevice } from '../devices/directory.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Notifier } from '../notify/model.js';
import type { ReportJobs } from '../reports/archive/jobs.js';
import type { EventStore } from '../storage/events/event-store.js';
import type { StateDb } from '../storage/state/state-db.js';

/** Progress of the demo programme loading in the background (GET /api/demo/status). */
export interface DemoStatus {
  state: 'off' | 'loading' | 'done' | 'failed';
  /** records written so far / planned */
  done: number;
  total: number;
  companies: number;
  message?: string;
}

export interface ApiDeps {
  registry: DeviceRegistry;
  store: EventStore;
  /** The state database (the registry's own connection). */
  db: StateDb;
  audit: AuditLog;
  /** Bearer token that acts as operator-admin for scripts and the CLI (DATA/admin-token). */
  adminToken: string;
  /** 32-byte key for secrets at rest (DATA/secret-key); absent = derived from adminToken. */
  secretKey?: Buffer;
  logger?: boolean;
  /** Serve /metrics without the operator token (for a scraper on a private network). Default false. */
  publicMetrics?: boolean;
  /** Mark session cookies Secure (the portal is served over HTTPS, directly or behind a proxy). */
  secureCookies?: boolean;
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For / -Proto (Fastify's `trustProxy`:
   * true, a hop count, or addresses / CIDRs), so login limits count the real client and
   * cookies are Secure when the proxy speaks HTTPS. Default: not trusted.
   */
  trustProxy?: boolean | number | string;
  /** The listeners of the running service, shown on the status page ("syslog udp 0.0.0.0:5514" …). */
  listeners?: () => readonly string[];
  /**
   * Feeds the kept sample lines of a newly assigned source into the live pipeline;
   * resolves to the number of lines accepted. Absent = samples are not replayed.
   */
  replay?: (device: ResolvedDevice, lines: readonly string[]) => Promise<number>;
  /** Demo loading progress; absent = no demo in this process. */
  demoStatus?: () => DemoStatus;
  /** E-mail notifications of the desk (alerts, cases, dispatches); absent = none. */
  notifier?: Notifier;
  /** Where case attachments are kept (DATA/attachments); absent = uploads refused (503). */
  attachmentsDir?: string;
  /** The report queue and archive (DATA/reports); absent = reports listed but not made (503). */
  reports?: ReportJobs;
  /** Clock for sessions, lock-outs and periods (tests inject one). */
  now?: () => number;
}
