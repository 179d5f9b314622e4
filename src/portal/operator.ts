/**
 * Operator views across companies: the companies list with device health and item
 * counts, and the programme-wide table of the seed (per item the total across all
 * UTMs and, for usage items, on how many of the UTMs it was seen).
 */
import { type CompanyRow, listCompanies } from '../accounts/companies-repo.js';
import type { Principal } from '../accounts/model.js';
import { canReadCompany } from '../api/guard.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { CATEGORIES, type Category } from '../event/event.js';
import type { EventStore } from '../storage/events/event-store.js';
import type { StateDb } from '../storage/state/state-db.js';
import { USAGE_ITEMS } from './dashboard.js';
import { iso, type Period } from './period.js';

export interface CompanyOverview {
  id: string;
  name: string;
  prefecture: string | null;
  industry: string | null;
  employees: number | null;
  devices: { total: number; silent: number };
  lastLogAt: number | null;
  openAlerts: number;
  events: number;
  items: Record<Category, number>;
}

const zeroItems = (): Record<Category, number> =>
  Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

export async function operatorCompanies(
  deps: { db: StateDb; registry: DeviceRegistry; store: EventStore },
  principal: Principal,
  period: Period,
  nowMs: number,
): Promise<CompanyOverview[]> {
  const [companies, health, alerts, counts] = await Promise.all([
    listCompanies(deps.db),
    deps.registry.health(undefined, nowMs),
    deps.registry.listAlerts(undefined, 'open'),
    deps.store.tenantCounts({ from: iso(period.from), to: iso(period.to) }),
  ]);
  const byId = new Map<string, CompanyRow | null>(companies.map((c) => [c.id, c]));
  // a tenant with devices but no company record yet is still listed (by its id)
  for (const h of health) if (!byId.has(h.tenant)) byId.set(h.tenant, null);
  const out: CompanyOverview[] = [];
  for (const [id, c] of byId) {
    if (!canReadCompany(principal, id)) continue;
    const devs = health.filter((h) => h.tenant === id);
    let last: number | null = null;
    for (const d of devs)
      if (d.lastSeenAt !== null && (last === null || d.lastSeenAt > last)) last = d.lastSeenAt;
    const items = zeroItems();
    let events = 0;
    for (const r of counts) {
      if (r.tenant !== id) continue;
      events += r.n;
      if (r.category !== null && r.category in items) items[r.category as Category] += r.n;
    }
    out.push({
      id,
      name: c?.name ?? id,
      prefecture: c?.prefecture ?? null,
      industry: c?.industry ?? null,
      employees: c?.employees ?? null,
      devices: { total: devs.length, silent: devs.filter((d) => d.silent).length },
      lastLogAt: last,
      openAlerts: alerts.filter((a) => a.tenant === id).length,
      events,
      items,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export interface ProgrammeSummary {
  period: Period;
  /** UTMs registered in the programme. */
  utms: number;
  /** UTMs that sent any event in the period. */
  reportingUtms: number;
  companies: number;
  items: {
    item: Category;
    usage: boolean;
    total: number;
    utms: number;
    companies: number;
    share: number | null;
  }[];
}

export async function programmeSummary(
  deps: { db: StateDb; registry: DeviceRegistry; store: EventStore },
  period: Period,
): Promise<ProgrammeSummary> {
  const [totals, devices, companies] = await Promise.all([
    deps.store.programmeTotals({ from: iso(period.from), to: iso(period.to) }),
    deps.registry.listDevices(),
    listCompanies(deps.db),
  ]);
  const utms = devices.length;
  const tenants = new Set([...companies.map((c) => c.id), ...devices.map((d) => d.tenant)]);
  const usage = new Set<string>(USAGE_ITEMS);
  return {
    period,
    utms,
    reportingUtms: totals.devices,
    companies: tenants.size,
    items: CATEGORIES.map((item) => {
      const r = totals.items.find((x) => x.category === item);
      const seenOn = r?.devices ?? 0;
      return {
        item,
        usage: usage.has(item),
        total: r?.n ?? 0,
        utms: seenOn,
        companies: r?.tenants ?? 0,
        share: utms > 0 ? Math.round((seenOn / utms) * 10_000) / 10_000 : null,
      };
    }),
  };
}
