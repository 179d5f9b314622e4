/**
 * Business rules of the device registry: validation, uniqueness of ids, sources and
 * certificate fingerprints, token issuance. Every change bumps the registry version
 * in the same transaction so every process's lookup cache notices it.
 */
import type { z } from 'zod';
import type { DevicesTable, StateDb } from '../storage/state/state-db.js';
import { DeviceError } from './errors.js';
import {
  type Device,
  deviceInputSchema,
  devicePatchSchema,
  type TenantScope,
  type UnassignedSource,
  type ValidDeviceInput,
  type ValidDevicePatch,
} from './model.js';
import type { SourceRow } from './repo.js';
import * as repo from './repo.js';
import { canonicalSource } from './sources.js';
import { hashToken, newIngestToken } from './token.js';

/** Validates with a zod schema; the first problem becomes an invalid-input error naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  let field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    field = [...issue.path.map(String), issue.keys[0]].join('.');
    throw new DeviceError('invalid-input', `unknown field "${issue.keys[0]}"`, field);
  }
  const message = field ? `${field}: ${issue.message}` : issue.message;
  throw new DeviceError('invalid-input', message, field || undefined);
}

function sourceRows(p: { sources?: ValidDeviceInput['sources']; hostnames?: string[] }): SourceRow[] {
  const rows: SourceRow[] = [];
  const seen = new Set<string>();
  for (const s of p.sources ?? []) {
    if (!seen.has(`${s.kind}:${s.value}`)) rows.push({ kind: s.kind, value: s.value });
    seen.add(`${s.kind}:${s.value}`);
  }
  for (const h of p.hostnames ?? []) {
    if (!seen.has(`hostname:${h}`)) rows.push({ kind: 'hostname', value: h });
    seen.add(`hostname:${h}`);
  }
  return rows;
}

async function checkSourcesFree(db: StateDb, rows: SourceRow[], self: string | null): Promise<void> {
  for (const s of rows) {
    const owner = await repo.selectSourceOwner(db, s);
    // The owner's id is not named: it may belong to another company.
    if (owner && owner.device_id !== self) {
      throw new DeviceError(
        'source-taken',
        `${s.value} already belongs to another device`,
        s.kind === 'hostname' ? 'hostnames' : 'sources',
      );
    }
  }
}

async function checkFingerprintFree(db: StateDb, fp: string | null, self: string | null): Promise<void> {
  if (fp === null) return;
  const owner = await repo.selectFingerprintOwner(db, fp);
  if (owner !== null && owner !== self)
    throw new DeviceError('fingerprint-taken', undefined, 'tls_fingerprint');
}

function uniqueToDeviceError(e: unknown): never {
  // Lost a race with another writer between our checks and the insert.
  if (repo.isUniqueViolation(e))
    throw new DeviceError('source-taken', 'conflicts with another device’s id, source or certificate');
  throw e;
}

export async function addDevice(
  db: StateDb,
  input: unknown,
  nowMs: number,
): Promise<{ device: Device; token: string }> {
  const v = parseInput(deviceInputSchema, input);
  if (await repo.deviceIdExists(db, v.id)) throw new DeviceError('device-exists', undefined, 'id');
  const sources = sourceRows(v);
  await checkSourcesFree(db, sources, null);
  await checkFingerprintFree(db, v.tls_fingerprint, null);
  const token = newIngestToken();
  const row: Omit<DevicesTable, 'tenant'> = {
    id: v.id,
    format: v.format,
    timezone: v.timezone,
    internal_networks: v.internal_networks === null ? null : JSON.stringify(v.internal_networks),
    token_hash: hashToken(token),
    tls_fingerprint: v.tls_fingerprint,
    enabled: v.enabled ? 1 : 0,
    silent_after_ms: v.silent_after_minutes * 60_000,
    created_at: nowMs,
    updated_at: nowMs,
    last_seen_at: null,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertDevice(trx, v.tenant, row, sources);
      await repo.bumpRegistryVersion(trx);
    });
  } catch (e) {
    uniqueToDeviceError(e);
  }
  const device = await repo.selectDevice(db, v.tenant, v.id);
  return { device: device!, token };
}

async function mustGet(db: StateDb, scope: TenantScope, id: string): Promise<Device> {
  const d = await repo.selectDevice(db, scope, id);
  if (!d) throw new DeviceError('device-not-found');
  return d;
}

export async function updateDevice(
  db: StateDb,
  scope: TenantScope,
  id: string,
  patch: unknown,
  nowMs: number,
): Promise<Device> {
  const p: ValidDevicePatch = parseInput(devicePatchSchema, patch);
  const current = await mustGet(db, scope, id);
  const set: Partial<DevicesTable> = { updated_at: nowMs };
  if (p.format !== undefined) set.format = p.format;
  if (p.timezone !== undefined) set.timezone = p.timezone;
  if (p.internal_networks !== undefined) {
    set.internal_networks = p.internal_networks === null ? null : JSON.stringify(p.internal_networks);
  }
  if (p.tls_fingerprint !== undefined) {
    await checkFingerprintFree(db, p.tls_fingerprint, id);
    set.tls_fingerprint = p.tls_fingerprint;
  }
  if (p.enabled !== undefined) set.enabled = p.enabled ? 1 : 0;
  if (p.silent_after_minutes !== undefined) set.silent_after_ms = p.silent_after_minutes * 60_000;
  let sources: SourceRow[] | null = null;
  if (p.sources !== undefined || p.hostnames !== undefined) {
    // Sources and host names are replaced independently: patching one keeps the other.
    const keepSources = p.sources ?? current.sources.map(canonicalSource).filter((s) => s !== null);
    const keepHostnames = p.hostnames ?? current.hostnames;
    sources = sourceRows({ sources: keepSources, hostnames: keepHostnames });
    await checkSourcesFree(db, sources, id);
  }
  try {
    await db.transaction().execute(async (trx) => {
      await repo.updateDeviceRow(trx, current.tenant, id, set);
      if (sources !== null) await repo.replaceSources(trx, current.tenant, id, sources);
      await repo.bumpRegistryVersion(trx);
    });
  } catch (e) {
    uniqueToDeviceError(e);
  }
  return mustGet(db, current.tenant, id);
}

/** Issues a new ingest token; the old one stops working at once. */
export async function rotateToken(
  db: StateDb,
  scope: TenantScope,
  id: string,
  nowMs: number,
): Promise<string> {
  const current = await mustGet(db, scope, id);
  const token = newIngestToken();
  await db.transaction().execute(async (trx) => {
    await repo.updateDeviceRow(trx, current.tenant, id, { token_hash: hashToken(token), updated_at: nowMs });
    await repo.bumpRegistryVersion(trx);
  });
  return token;
}

/**
 * Claims an unassigned source for a device: its address joins the device's sources
 * and the unassigned entry goes. Returns the kept sample lines so the caller can
 * replay them into the pipeline (earlier records beyond the samples were not kept).
 */
export async function assignUnassigned(
  db: StateDb,
  scope: TenantScope,
  address: string,
  deviceId: string,
  nowMs: number,
): Promise<{ device: Device; source: UnassignedSource }> {
  const canon = canonicalSource(address);
  if (canon?.kind !== 'address')
    throw new DeviceError('invalid-input', 'address: not an IP address', 'address');
  const [source] = await repo.selectUnassigned(db, canon.value);
  if (!source) throw new DeviceError('unassigned-not-found');
  const device = await mustGet(db, scope, deviceId);
  const row: SourceRow = { kind: 'address', value: canon.value };
  await checkSourcesFree(db, [row], device.id);
  try {
    await db.transaction().execute(async (trx) => {
      if (!device.sources.includes(canon.value)) await repo.addSource(trx, device.tenant, device.id, row);
      await repo.updateDeviceRow(trx, device.tenant, device.id, { updated_at: nowMs });
      await repo.deleteUnassigned(trx, canon.value);
      await repo.bumpRegistryVersion(trx);
    });
  } catch (e) {
    uniqueToDeviceError(e);
  }
  return { device: await mustGet(db, device.tenant, device.id), source };
}
