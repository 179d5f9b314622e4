/**
 * SQL of the device registry. Tenant data is always read and written with the tenant
 * first (or ALL_TENANTS, spelled out, for operator staff). Two reads are global by
 * nature and say so: the lookup snapshot (which device owns a packet's source) and
 * source ownership (a source belongs to one device across all tenants).
 */
import type { Transaction } from 'kysely';
import type { DevicesTable, StateDb, StateTables } from '../storage/state/state-db.js';
import {
  ALL_TENANTS,
  type AlertStatus,
  type Device,
  type DeviceAlert,
  type TenantScope,
  type UnassignedSource,
} from './model.js';
import type { SourceKind } from './sources.js';

type Db = StateDb | Transaction<StateTables>;

export interface SourceRow {
  kind: SourceKind;
  value: string;
}

/** A device as the lookup cache needs it, token hash included (never leaves the process). */
export interface LookupRow extends DevicesTable {
  sources: SourceRow[];
}

export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toDevice(row: DevicesTable, sources: SourceRow[]): Device {
  return {
    id: row.id,
    tenant: row.tenant,
    format: row.format,
    timezone: row.timezone,
    sources: sources.filter((s) => s.kind !== 'hostname').map((s) => s.value),
    hostnames: sources.filter((s) => s.kind === 'hostname').map((s) => s.value),
    internalNetworks: row.internal_networks === null ? null : (JSON.parse(row.internal_networks) as string[]),
    tlsFingerprint: row.tls_fingerprint,
    enabled: Number(row.enabled) === 1,
    silentAfterMs: Number(row.silent_after_ms),
    hasToken: row.token_hash !== null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
  };
}

function groupSources(
  rows: { device_id: string; kind: SourceKind; value: string }[],
): Map<string, SourceRow[]> {
  const by = new Map<string, SourceRow[]>();
  for (const r of rows) {
    let list = by.get(r.device_id);
    if (!list) by.set(r.device_id, (list = []));
    list.push({ kind: r.kind, value: r.value });
  }
  for (const list of by.values()) list.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return by;
}

export async function selectDevices(db: Db, scope: TenantScope, id?: string): Promise<Device[]> {
  let q = db.selectFrom('devices').selectAll();
  let s = db.selectFrom('device_sources').select(['device_id', 'kind', 'value']);
  if (scope !== ALL_TENANTS) {
    q = q.where('tenant', '=', scope);
    s = s.where('tenant', '=', scope);
  }
  if (id !== undefined) {
    q = q.where('id', '=', id);
    s = s.where('device_id', '=', id);
  }
  const [rows, sources] = await Promise.all([q.orderBy('tenant').orderBy('id').execute(), s.execute()]);
  const by = groupSources(sources);
  return rows.map((r) => toDevice(r, by.get(r.id) ?? []));
}

export async function selectDevice(db: Db, scope: TenantScope, id: string): Promise<Device | null> {
  return (await selectDevices(db, scope, id))[0] ?? null;
}

/** Every device with its sources and token hash: the snapshot behind resolve(). Global by design. */
export async function selectLookupRows(db: Db): Promise<LookupRow[]> {
  const [rows, sources] = await Promise.all([
    db.selectFrom('devices').selectAll().execute(),
    db.selectFrom('device_sources').select(['device_id', 'kind', 'value']).execute(),
  ]);
  const by = groupSources(sources);
  return rows.map((r) => ({ ...r, sources: by.get(r.id) ?? [] }));
}

/** Which device owns a source, whatever its tenant (sources are unique across tenants). */
export async function selectSourceOwner(
  db: Db,
  src: SourceRow,
): Promise<{ device_id: string; tenant: string } | null> {
  const row = await db
    .selectFrom('device_sources')
    .select(['device_id', 'tenant'])
    .where('kind', '=', src.kind)
    .where('value', '=', src.value)
    .executeTakeFirst();
  return row ?? null;
}

export async function selectFingerprintOwner(db: Db, fingerprint: string): Promise<string | null> {
  const row = await db
    .selectFrom('devices')
    .select('id')
    .where('tls_fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function deviceIdExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertDevice(
  db: Db,
  tenant: string,
  row: Omit<DevicesTable, 'tenant'>,
  sources: SourceRow[],
) {
  await db
    .insertInto('devices')
    .values({ ...row, tenant })
    .execute();
  await replaceSources(db, tenant, row.id, sources);
}

export async function updateDeviceRow(
  db: Db,
  tenant: string,
  id: string,
  set: Partial<Omit<DevicesTable, 'id' | 'tenant' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('devices').set(set).where('tenant', '=', tenant).where('id', '=', id).execute();
}

export async function replaceSources(
  db: Db,
  tenant: string,
  id: string,
  sources: SourceRow[],
): Promise<void> {
  await db.deleteFrom('device_sources').where('tenant', '=', tenant).where('device_id', '=', id).execute();
  if (sources.length === 0) return;
  await db
    .insertInto('device_sources')
    .values(sources.map((s) => ({ kind: s.kind, value: s.value, tenant, device_id: id })))
    .execute();
}

export async function addSource(db: Db, tenant: string, id: string, src: SourceRow): Promise<void> {
  await db
    .insertInto('device_sources')
    .values({ kind: src.kind, value: src.value, tenant, device_id: id })
    .execute();
}

export async function registryVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('registry_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function bumpRegistryVersion(db: Db): Promise<void> {
  await db
    .updateTable('registry_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

// ---- activity (last seen, traffic buckets) ----

export async function setLastSeen(db: Db, tenant: string, id: string, atMs: number): Promise<void> {
  // Never move backwards: two processes may flush out of order.
  await db
    .updateTable('devices')
    .set({ last_seen_at: atMs })
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', atMs)]))
    .execute();
}

export interface TrafficRow {
  device_id: string;
  tenant: string;
  bucket_at: number;
  records: number;
  errors: number;
}

export async function addTraffic(db: Db, rows: TrafficRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('device_traffic')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['device_id', 'bucket_at']).doUpdateSet((eb) => ({
        records: eb('device_traffic.records', '+', eb.ref('excluded.records')),
        errors: eb('device_traffic.errors', '+', eb.ref('excluded.errors')),
      })),
    )
    .execute();
}

export async function selectTraffic(db: Db, scope: TenantScope, sinceMs: number, device?: string) {
  let q = db
    .selectFrom('device_traffic')
    .select(['device_id', 'bucket_at', 'records', 'errors'])
    .where('bucket_at', '>=', sinceMs);
  if (scope !== ALL_TENANTS) q = q.where('tenant', '=', scope);
  if (device !== undefined) q = q.where('device_id', '=', device);
  const rows = await q.execute();
  return rows.map((r) => ({
    device: r.device_id,
    bucketAt: Number(r.bucket_at),
    records: Number(r.records),
    errors: Number(r.errors),
  }));
}

/** Retention of the health buckets, all tenants alike. */
export async function pruneTraffic(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('device_traffic').where('bucket_at', '<', beforeMs).execute();
}

// ---- unassigned sources (not tenant data: nobody owns them yet) ----

export async function selectUnassigned(db: Db, address?: string): Promise<UnassignedSource[]> {
  let q = db.selectFrom('unassigned_sources').selectAll().orderBy('last_seen_at', 'desc');
  if (address !== undefined) q = q.where('address', '=', address);
  const rows = await q.execute();
  return rows.map((r) => ({
    address: r.address,
    hostname: r.hostname,
    firstSeenAt: Number(r.first_seen_at),
    lastSeenAt: Number(r.last_seen_at),
    count: Number(r.count),
    samples: JSON.parse(r.samples) as string[],
  }));
}

export async function upsertUnassigned(db: Db, u: UnassignedSource): Promise<void> {
  await db
    .insertInto('unassigned_sources')
    .values({
      address: u.address,
      hostname: u.hostname,
      first_seen_at: u.firstSeenAt,
      last_seen_at: u.lastSeenAt,
      count: u.count,
      samples: JSON.stringify(u.samples),
    })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        hostname: u.hostname,
        last_seen_at: u.lastSeenAt,
        count: u.count,
        samples: JSON.stringify(u.samples),
      }),
    )
    .execute();
}

export async function deleteUnassigned(db: Db, address: string): Promise<void> {
  await db.deleteFrom('unassigned_sources').where('address', '=', address).execute();
}

// ---- alerts ----

interface AlertRowOut {
  id: string;
  tenant: string;
  device_id: string;
  kind: string;
  status: AlertStatus;
  raised_at: number;
  cleared_at: number | null;
  detail: string;
}

function toAlert(r: AlertRowOut): DeviceAlert {
  return {
    id: r.id,
    tenant: r.tenant,
    device: r.device_id,
    kind: 'device-silent',
    status: r.status,
    raisedAt: Number(r.raised_at),
    clearedAt: r.cleared_at === null ? null : Number(r.cleared_at),
    detail: JSON.parse(r.detail) as DeviceAlert['detail'],
  };
}

export async function selectAlerts(
  db: Db,
  scope: TenantScope,
  q: { status?: AlertStatus; device?: string; kind?: string; limit?: number } = {},
): Promise<DeviceAlert[]> {
  let s = db.selectFrom('alerts').selectAll();
  if (scope !== ALL_TENANTS) s = s.where('tenant', '=', scope);
  if (q.status) s = s.where('status', '=', q.status);
  if (q.device) s = s.where('device_id', '=', q.device);
  if (q.kind) s = s.where('kind', '=', q.kind);
  const rows = await s
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .limit(q.limit ?? 1000)
    .execute();
  return rows.map(toAlert);
}

export async function insertAlert(db: Db, tenant: string, a: DeviceAlert): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id: a.id,
      tenant,
      device_id: a.device,
      kind: a.kind,
      status: a.status,
      raised_at: a.raisedAt,
      cleared_at: a.clearedAt,
      detail: JSON.stringify(a.detail),
    })
    .execute();
}

export async function clearAlert(
  db: Db,
  tenant: string,
  id: string,
  atMs: number,
  detail: DeviceAlert['detail'],
) {
  await db
    .updateTable('alerts')
    .set({ status: 'cleared', cleared_at: atMs, detail: JSON.stringify(detail) })
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}
