/**
 * Opens the shared backends a scale-out configuration names: ClickHouse for events,
 * PostgreSQL for state, NATS JetStream for the two streams between the roles (parsed
 * batches: collectors → writers; rule hits: writers → the detector).
 */
import { DeviceRegistry, type RegistryOptions } from '../devices/registry.js';
import { NatsBus } from '../storage/bus/nats-bus.js';
import { ClickHouseEventStore } from '../storage/events/clickhouse/clickhouse-store.js';
import { openStateDbPostgres } from '../storage/state/state-db.js';
import type { ScaleConfig } from './config.js';

export function openClickHouseStore(c: ScaleConfig): Promise<ClickHouseEventStore> {
  return ClickHouseEventStore.open({ url: c.events.clickhouse.url, database: c.events.clickhouse.database });
}

/** The device registry (and every other state table) on PostgreSQL; closing it closes the pool. */
export async function openPostgresRegistry(
  c: ScaleConfig,
  opts: RegistryOptions = {},
): Promise<DeviceRegistry> {
  const db = await openStateDbPostgres(c.state.postgres.url, { schema: c.state.postgres.schema });
  return DeviceRegistry.open(db, { ...opts, ownsDb: true });
}

/** One of the deployment's streams; its subjects follow its name, so two deployments on one NATS never overlap. */
function openStream(c: ScaleConfig, stream: string, name: string): Promise<NatsBus> {
  const n = c.bus.nats;
  return NatsBus.open({
    servers: n.servers,
    stream,
    subjectPrefix: `otasuke.${stream}`,
    maxBytes: n.maxBytes,
    name,
  });
}

/** The stream of parsed batches (collectors publish, writers consume as one group). */
export function openIngestBus(c: ScaleConfig, name: string): Promise<NatsBus> {
  return openStream(c, c.bus.nats.stream, name);
}

/** The stream of rule hits of stored batches (writers publish, the detector consumes). */
export function openHitsBus(c: ScaleConfig, name: string): Promise<NatsBus> {
  return openStream(c, c.bus.nats.hitsStream, name);
}
