/** What the operator API needs from the rest of the process (the composition root supplies it). */
import type { ResolvedDevice } from '../devices/directory.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { EventStore } from '../storage/events/event-store.js';

export interface ApiDeps {
  registry: DeviceRegistry;
  store: EventStore;
  adminToken: string;
  logger?: boolean;
  /** Serve /metrics without the operator token (for a scraper on a private network). Default false. */
  publicMetrics?: boolean;
  /** The listeners of the running service, shown on the status page ("syslog udp 0.0.0.0:5514" …). */
  listeners?: () => readonly string[];
  /**
   * Feeds the kept sample lines of a newly assigned source into the live pipeline;
   * resolves to the number of lines accepted. Absent = samples are not replayed.
   */
  replay?: (device: ResolvedDevice, lines: readonly string[]) => Promise<number>;
}
