/**
 * DeviceRegistry: the DeviceDirectory live ingest calls per batch (in-memory lookup),
 * plus the operator operations (CLI, API) over the state database. Activity noted by
 * the receivers is accumulated in memory and flushed every `flush_interval_ms`; the
 * registry version is polled so a change made by another process (the CLI while
 * `start` runs) reaches the lookup cache within `refresh_interval_ms`.
 */
import { randomBytes } from 'node:crypto';
import { recordsDropped } from '../core/metrics.js';
import type { StateDb } from '../storage/state/state-db.js';
import { ActivityBuffer, BUCKET_MS, mergeSamples } from './activity.js';
import * as commands from './commands.js';
import type { DeviceDirectory, ResolvedDevice, SourceClaims, SourceIdentity } from './directory.js';
import { DeviceError } from './errors.js';
import { computeHealth, healthWindowStart, isSilent } from './health.js';
import { deviceLastSeen, deviceSilent, unassignedSources } from './health-metrics.js';
import { DeviceLookup } from './lookup-cache.js';
import {
  ALL_TENANTS,
  type AlertStatus,
  type Device,
  type DeviceAlert,
  type DeviceHealth,
  type DeviceInput,
  type DevicePatch,
  type SilenceChanges,
  type TenantScope,
  type UnassignedSource,
} from './model.js';
import * as repo from './repo.js';
import { lookupAddress } from './sources.js';

export interface RegistryOptions {
  /** How often noted activity is written to the database (default 5 s). */
  flushIntervalMs?: number;
  /** How often the registry version is polled for changes by other processes (default 2 s). */
  refreshIntervalMs?: number;
  /** Clock for created/updated times (tests inject one). */
  now?: () => number;
}

/** Health buckets older than this are deleted on flush. */
const TRAFFIC_RETENTION_MS = 8 * 24 * 3_600_000;

function scopeOf(tenant: string | undefined): TenantScope {
  return tenant === undefined ? ALL_TENANTS : tenant;
}

export class DeviceRegistry implements DeviceDirectory, SourceClaims {
  private lookup = new DeviceLookup([]);
  private version = -1;
  private readonly activity = new ActivityBuffer();
  private timers: NodeJS.Timeout[] = [];
  /** Serialises flushes and reloads so two never interleave. */
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private closed = false;
  private lastPruneMs = 0;

  private constructor(
    readonly db: StateDb,
    private readonly ownsDb: boolean,
    opts: RegistryOptions,
  ) {
    this.now = opts.now ?? Date.now;
    const flushMs = opts.flushIntervalMs ?? 5_000;
    const refreshMs = opts.refreshIntervalMs ?? 2_000;
    if (flushMs > 0) this.timers.push(setInterval(() => this.background(() => this.flushNow()), flushMs));
    if (refreshMs > 0)
      this.timers.push(setInterval(() => this.background(() => this.reloadIfChanged()), refreshMs));
    // Timers must not keep a CLI process alive.
    for (const t of this.timers) t.unref();
  }

  static async open(db: StateDb, opts: RegistryOptions & { ownsDb?: boolean } = {}): Promise<DeviceRegistry> {
    const r = new DeviceRegistry(db, opts.ownsDb ?? false, opts);
    await r.reload();
    return r;
  }

  // ---- DeviceDirectory (hot path: synchronous, Map lookups only) ----

  resolve(src: SourceIdentity): ResolvedDevice | null {
    return this.lookup.resolve(src);
  }

  /**
   * The device whose address, host name or block covers this source, ignoring tokens and
   * certificates (unlike resolve(), a device that pins a certificate is returned too, with
   * its `pinnedFingerprint`, so a TLS receiver can refuse a connection that lacks it).
   */
  claimant(src: SourceIdentity): ResolvedDevice | null {
    return this.lookup.claimant(src);
  }

  noteUnassigned(src: SourceIdentity, lines: readonly string[], nowMs: number): void {
    const claimant = this.lookup.claimant(src);
    if (claimant !== null) {
      // Known address of a device that pins a client certificate, sent without it: refused,
      // not "unassigned" (an operator assigning it would defeat the pin).
      recordsDropped.inc(
        { source: 'syslog', device: claimant.id, reason: 'certificate-required' },
        lines.length,
      );
      return;
    }
    this.activity.noteUnassigned(lookupAddress(src.address), src.hostname, lines, nowMs);
  }

  /** The directory entry of a device by id (what resolve() would return for its sources). */
  resolvedDevice(id: string): ResolvedDevice | null {
    return this.lookup.byDeviceId(id) ?? null;
  }

  /** Counts records (and parse errors) received from a device; flushed to the database later. */
  noteSeen(deviceId: string, counts: { records: number; errors: number }, nowMs: number): void {
    const d = this.lookup.byDeviceId(deviceId);
    if (!d) return;
    this.activity.noteSeen(deviceId, d.tenant, counts.records, counts.errors, nowMs);
  }

  // ---- operator operations ----

  async addDevice(input: DeviceInput): Promise<{ device: Device; token: string }> {
    const out = await commands.addDevice(this.db, input, this.now());
    await this.reload();
    return out;
  }

  async listDevices(tenant?: string): Promise<Device[]> {
    await this.flush();
    return repo.selectDevices(this.db, scopeOf(tenant));
  }

  /** The device, or null when it does not exist (or belongs to another tenant than `tenant`). */
  async getDevice(id: string, tenant?: string): Promise<Device | null> {
    await this.flush();
    return repo.selectDevice(this.db, scopeOf(tenant), id);
  }

  async updateDevice(id: string, patch: DevicePatch, tenant?: string): Promise<Device> {
    const d = await commands.updateDevice(this.db, scopeOf(tenant), id, patch, this.now());
    await this.reload();
    return d;
  }

  async rotateToken(id: string, tenant?: string): Promise<string> {
    const token = await commands.rotateToken(this.db, scopeOf(tenant), id, this.now());
    await this.reload();
    return token;
  }

  async listUnassigned(): Promise<UnassignedSource[]> {
    await this.flush();
    return repo.selectUnassigned(this.db);
  }

  /**
   * Adds the address to the device's sources. Returns the device and the unassigned entry
   * (with its sample lines, the only earlier records kept, for the caller to replay).
   */
  async assignUnassigned(
    address: string,
    deviceId: string,
    tenant?: string,
  ): Promise<{ device: Device; source: UnassignedSource }> {
    await this.flush();
    const out = await commands.assignUnassigned(this.db, scopeOf(tenant), address, deviceId, this.now());
    this.activity.forgetUnassigned(out.source.address);
    await this.reload();
    return out;
  }

  async health(tenant?: string, nowMs: number = this.now()): Promise<DeviceHealth[]> {
    await this.flush();
    const scope = scopeOf(tenant);
    const [devices, buckets] = await Promise.all([
      repo.selectDevices(this.db, scope),
      repo.selectTraffic(this.db, scope, healthWindowStart(nowMs)),
    ]);
    return computeHealth(devices, buckets, nowMs);
  }

  async deviceHealth(id: string, tenant?: string, nowMs: number = this.now()): Promise<DeviceHealth | null> {
    await this.flush();
    const scope = scopeOf(tenant);
    const device = await repo.selectDevice(this.db, scope, id);
    if (!device) return null;
    const buckets = await repo.selectTraffic(this.db, scope, healthWindowStart(nowMs), id);
    return computeHealth([device], buckets, nowMs)[0];
  }

  /**
   * Raises a device-silent alert for each enabled device quiet for longer than its
   * threshold and clears open ones whose device sent again (or was disabled). Safe to
   * run from several processes: the database allows one open alert per device.
   */
  async checkSilence(nowMs: number = this.now()): Promise<SilenceChanges> {
    await this.flush();
    const devices = await repo.selectDevices(this.db, ALL_TENANTS);
    const open = await repo.selectAlerts(this.db, ALL_TENANTS, { status: 'open', kind: 'device-silent' });
    const openBy = new Map(open.map((a) => [a.device, a]));
    const changes: SilenceChanges = { raised: [], cleared: [] };
    for (const d of devices) {
      const current = openBy.get(d.id);
      const silent = isSilent(d, nowMs);
      if (silent && !current) {
        const alert: DeviceAlert = {
          id: 'al_' + randomBytes(12).toString('base64url'),
          tenant: d.tenant,
          device: d.id,
          kind: 'device-silent',
          status: 'open',
          raisedAt: nowMs,
          clearedAt: null,
          detail: { lastSeenAt: d.lastSeenAt, silentAfterMs: d.silentAfterMs },
        };
        try {
          await repo.insertAlert(this.db, d.tenant, alert);
          changes.raised.push(alert);
        } catch (e) {
          if (!repo.isUniqueViolation(e)) throw e; // another process raised it first
        }
      } else if (!silent && current) {
        const detail = {
          ...current.detail,
          lastSeenAt: d.lastSeenAt,
          ...(d.enabled ? {} : { reason: 'disabled' }),
        };
        await repo.clearAlert(this.db, d.tenant, current.id, nowMs, detail);
        changes.cleared.push({ ...current, status: 'cleared', clearedAt: nowMs, detail });
      }
    }
    this.setGauges(devices, nowMs);
    return changes;
  }

  /**
   * Runs checkSilence every `intervalMs` (the start command calls this once); `onChange`
   * hears about raised and cleared alerts (logging, later notifications).
   */
  startSilenceWatch(intervalMs = 60_000, onChange?: (c: SilenceChanges) => void): void {
    const t = setInterval(() => {
      if (this.closed) return;
      this.checkSilence().then(
        (c) => {
          if (onChange && (c.raised.length > 0 || c.cleared.length > 0)) onChange(c);
        },
        (e: unknown) => process.emitWarning(`device silence check: ${(e as Error).message}`),
      );
    }, intervalMs);
    t.unref();
    this.timers.push(t);
  }

  async listAlerts(tenant?: string, status?: AlertStatus, device?: string): Promise<DeviceAlert[]> {
    return repo.selectAlerts(this.db, scopeOf(tenant), { status, device });
  }

  /** Refreshes the device gauges (called by GET /metrics just before rendering). */
  async updateGauges(nowMs: number = this.now()): Promise<void> {
    await this.flush();
    const [devices, unassigned] = await Promise.all([
      repo.selectDevices(this.db, ALL_TENANTS),
      repo.selectUnassigned(this.db),
    ]);
    this.setGauges(devices, nowMs);
    unassignedSources.set(unassigned.length);
  }

  private setGauges(devices: readonly Device[], nowMs: number): void {
    deviceLastSeen.reset();
    deviceSilent.reset();
    for (const d of devices) {
      const labels = { tenant: d.tenant, device: d.id };
      deviceLastSeen.set(labels, d.lastSeenAt === null ? 0 : d.lastSeenAt / 1000);
      deviceSilent.set(labels, isSilent(d, nowMs) ? 1 : 0);
    }
  }

  // ---- persistence ----

  /** Writes noted activity now (also runs on a timer and on close). */
  flush(): Promise<void> {
    return this.serial(() => this.flushNow());
  }

  /** Reloads the lookup cache if another process changed the registry. */
  refresh(): Promise<void> {
    return this.serial(() => this.reloadIfChanged());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.flush();
    if (this.ownsDb) await this.db.destroy();
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private background(task: () => Promise<void>): void {
    if (this.closed) return;
    // A failed background flush keeps its data (restore) and retries next tick; nothing to report here.
    this.serial(task).catch((e: unknown) => process.emitWarning(`device registry: ${(e as Error).message}`));
  }

  private reload(): Promise<void> {
    return this.serial(async () => {
      const version = await repo.registryVersion(this.db);
      this.lookup = new DeviceLookup(await repo.selectLookupRows(this.db));
      this.version = version;
    });
  }

  private async reloadIfChanged(): Promise<void> {
    const version = await repo.registryVersion(this.db);
    if (version === this.version) return;
    this.lookup = new DeviceLookup(await repo.selectLookupRows(this.db));
    this.version = version;
  }

  private async flushNow(): Promise<void> {
    if (this.activity.isEmpty) return;
    const pending = this.activity.drain();
    try {
      const rows: repo.TrafficRow[] = [];
      for (const [id, p] of pending.traffic) {
        for (const [bucketAt, b] of p.buckets) {
          rows.push({
            device_id: id,
            tenant: p.tenant,
            bucket_at: bucketAt,
            records: b.records,
            errors: b.errors,
          });
        }
      }
      await this.db.transaction().execute(async (trx) => {
        await repo.addTraffic(trx, rows);
        for (const [id, p] of pending.traffic) await repo.setLastSeen(trx, p.tenant, id, p.lastSeenAt);
        for (const u of pending.unassigned.values()) {
          // Assigned meanwhile (maybe by another process): its records are no longer unassigned.
          if (this.lookup.claimant({ address: u.address, hostname: null }) !== null) continue;
          const [stored] = await repo.selectUnassigned(trx, u.address);
          await repo.upsertUnassigned(
            trx,
            stored
              ? {
                  ...u,
                  firstSeenAt: Math.min(stored.firstSeenAt, u.firstSeenAt),
                  lastSeenAt: Math.max(stored.lastSeenAt, u.lastSeenAt),
                  count: stored.count + u.count,
                  samples: mergeSamples(stored.samples, u.samples),
                }
              : u,
          );
        }
      });
    } catch (e) {
      this.activity.restore(pending);
      throw e;
    }
    const now = this.now();
    if (now - this.lastPruneMs > 3_600_000) {
      this.lastPruneMs = now;
      await repo.pruneTraffic(this.db, now - (now % BUCKET_MS) - TRAFFIC_RETENTION_MS);
    }
  }
}

export { DeviceError };
