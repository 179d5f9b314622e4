/** The monitoring-item table (SPEC §4) for one company and period: the `stats` contract. */
import { CATEGORIES, CHANNELS } from '../event/event.js';
import type { EventStore } from '../storage/events/event-store.js';

export interface ItemStats {
  tenant: string;
  from: string | null;
  to: string | null;
  events: number;
  quarantined: number;
  items: Record<string, number>;
  virus_by_channel: Record<string, number>;
}

export async function itemStats(
  store: EventStore,
  tenant: string,
  from?: string,
  to?: string,
): Promise<ItemStats> {
  const range = { from, to };
  const rows = await store.counts(tenant, { ...range, groupBy: ['category', 'channel'] });
  const items = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
  const virus = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<string, number>;
  let events = 0;
  for (const r of rows) {
    events += r.n;
    const c = r.keys.category;
    if (c && c in items) items[c] += r.n;
    if (c === 'virus') virus[r.keys.channel ?? 'other'] += r.n;
  }
  const q = await store.quarantineCounts(tenant, range);
  return {
    tenant,
    from: from ?? null,
    to: to ?? null,
    events,
    quarantined: q.reduce((n, r) => n + r.n, 0),
    items,
    virus_by_channel: virus,
  };
}
