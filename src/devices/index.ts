/** The device registry's public surface. */
import { openStateDb, type StateDb } from '../storage/state/state-db.js';
import { DeviceRegistry, type RegistryOptions } from './registry.js';

export type { DeviceDirectory, ResolvedDevice, SourceClaims, SourceIdentity } from './directory.js';
export { DEVICE_ERROR_CODES, DeviceError, type DeviceErrorCode } from './errors.js';
export {
  ALERT_STATUSES,
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
export { presentAlert, presentDevice, presentHealth, presentUnassigned } from './present.js';
export { DeviceRegistry, type RegistryOptions } from './registry.js';

/** Opens DATA/state.sqlite (creating and migrating it) and loads the registry. close() closes the database too. */
export async function openDeviceRegistry(
  stateDbPath: string,
  opts: RegistryOptions = {},
): Promise<DeviceRegistry> {
  const db = await openStateDb(stateDbPath);
  return DeviceRegistry.open(db, { ...opts, ownsDb: true });
}

/** Loads the registry over an already open state database (PostgreSQL in scale-out, shared SQLite). */
export async function openDeviceRegistryOn(db: StateDb, opts: RegistryOptions = {}): Promise<DeviceRegistry> {
  return DeviceRegistry.open(db, opts);
}
