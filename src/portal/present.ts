/** What leaves the server for the portal routes: every outgoing field is listed here. */
import type { NormalizedEvent } from '../event/event.js';
import { TLS_PORTS } from '../storage/events/event-store.js';
import type { PortalContent } from './content.js';
import type { ItemsView, TrendView, UsageView, VirusView, VisibilityView } from './dashboard.js';
import type { CompanyOverview, ProgrammeSummary } from './operator.js';
import { iso, type Period } from './period.js';
import type { ScenarioRating } from './scenarios.js';

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function presentPeriod(p: Period) {
  return { from: iso(p.from), to: iso(p.to) };
}

export function presentItems(v: ItemsView) {
  return {
    period: presentPeriod(v.period),
    previous: presentPeriod(v.previous),
    items: v.items.map((i) => ({
      item: i.item,
      count: i.count,
      previousCount: i.previousCount,
      change: i.change,
      actions: { ...i.actions },
      stopped: i.stopped,
      handled: i.handled,
    })),
  };
}

export function presentTrend(p: Period, v: TrendView) {
  return { period: presentPeriod(p), bucket: v.bucket, buckets: v.buckets.map(iso), series: v.series };
}

export function presentVirus(p: Period, v: VirusView) {
  return {
    period: presentPeriod(p),
    bucket: v.bucket,
    buckets: v.buckets.map(iso),
    byChannelOverTime: v.byChannelOverTime,
    byChannel: v.byChannel,
    byChannelCumulative: v.byChannelCumulative,
    byFamily: v.byFamily.map((f) => ({ family: f.family, n: f.n })),
    total: v.total,
  };
}

export function presentScenarios(p: Period, ratings: readonly ScenarioRating[], content: PortalContent) {
  return {
    period: presentPeriod(p),
    scenarios: ratings.map((r) => ({
      id: r.id,
      level: r.level,
      reason: r.reason,
      evidence: r.evidence.map((e) => ({ item: e.item, count: e.count })),
      frequency: content.scenarios[r.id].frequency,
      impact: content.scenarios[r.id].impact,
    })),
  };
}

export function presentUsage(p: Period, v: UsageView) {
  return {
    period: presentPeriod(p),
    items: v.items.map((i) => ({
      item: i.item,
      count: i.count,
      services: i.services.map((s) => ({ name: s.name, n: s.n })),
      hosts: i.hosts.map((h) => ({ host: h.host, n: h.n })),
    })),
  };
}

export function presentVisibility(p: Period, v: VisibilityView) {
  return {
    period: presentPeriod(p),
    encryptedShare: v.encryptedShare,
    outbound: v.outbound,
    encrypted: v.encrypted,
    tlsPorts: [...TLS_PORTS],
    uninspectedKinds: [...v.uninspectedKinds],
    kinds: { ...v.kinds },
    devices: v.devices.map((d) => ({
      id: d.id,
      vendor: d.vendor,
      lastSeenAt: isoOrNull(d.lastSeenAt),
      silent: d.silent,
      enabled: d.enabled,
    })),
  };
}

/** An event as the portal shows it: SPEC §3 without `raw`. */
export function presentEvent(e: NormalizedEvent) {
  return {
    ts: e.ts,
    tenant: e.tenant,
    device: e.device,
    vendor: e.vendor,
    kind: e.kind,
    action: e.action,
    direction: e.direction,
    src_ip: e.src_ip,
    src_port: e.src_port,
    dst_ip: e.dst_ip,
    dst_port: e.dst_port,
    proto: e.proto,
    category: e.category,
    channel: e.channel,
    threat: e.threat,
    threat_family: e.threat_family,
    url: e.url,
    domain: e.domain,
    app: e.app,
    user: e.user,
    bytes_in: e.bytes_in,
    bytes_out: e.bytes_out,
    severity: e.severity,
    rule: e.rule,
  };
}

export function presentCompanyOverview(c: CompanyOverview) {
  return {
    id: c.id,
    name: c.name,
    prefecture: c.prefecture,
    industry: c.industry,
    employees: c.employees,
    devices: { total: c.devices.total, silent: c.devices.silent },
    lastLogAt: isoOrNull(c.lastLogAt),
    openAlerts: c.openAlerts,
    events: c.events,
    items: { ...c.items },
  };
}

export function presentProgramme(s: ProgrammeSummary) {
  return {
    period: presentPeriod(s.period),
    utms: s.utms,
    reportingUtms: s.reportingUtms,
    companies: s.companies,
    items: s.items.map((i) => ({
      item: i.item,
      usage: i.usage,
      total: i.total,
      utms: i.utms,
      companies: i.companies,
      share: i.share,
    })),
  };
}

export function presentContent(c: PortalContent) {
  return {
    items: c.items,
    scenarios: c.scenarios,
    levels: c.levels,
    ratings: c.ratings,
    channels: c.channels,
    actions: c.actions,
    visibility: c.visibility,
  };
}
