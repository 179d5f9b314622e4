/**
 * What leaves the server (API responses, CLI output): every field listed here on
 * purpose, times as ISO-8601 UTC. The token hash is never among them.
 */
import type { Device, DeviceAlert, DeviceHealth, UnassignedSource } from './model.js';

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function presentDevice(d: Device) {
  return {
    id: d.id,
    tenant: d.tenant,
    format: d.format,
    timezone: d.timezone,
    sources: d.sources,
    hostnames: d.hostnames,
    internal_networks: d.internalNetworks,
    tls_fingerprint: d.tlsFingerprint,
    enabled: d.enabled,
    silent_after_minutes: Math.round(d.silentAfterMs / 60_000),
    has_token: d.hasToken,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    last_seen_at: iso(d.lastSeenAt),
  };
}

export function presentHealth(h: DeviceHealth) {
  return {
    device: h.device,
    tenant: h.tenant,
    enabled: h.enabled,
    last_seen_at: iso(h.lastSeenAt),
    silent: h.silent,
    silent_after_minutes: Math.round(h.silentAfterMs / 60_000),
    records_last_hour: h.recordsLastHour,
    errors_last_hour: h.errorsLastHour,
    records_24h: h.records24h,
    errors_24h: h.errors24h,
    hourly: h.hourly.map((x) => ({ hour: iso(x.hour), records: x.records, errors: x.errors })),
  };
}

export function presentUnassigned(u: UnassignedSource) {
  return {
    address: u.address,
    hostname: u.hostname,
    first_seen_at: iso(u.firstSeenAt),
    last_seen_at: iso(u.lastSeenAt),
    count: u.count,
    samples: u.samples,
  };
}

export function presentAlert(a: DeviceAlert) {
  return {
    id: a.id,
    tenant: a.tenant,
    device: a.device,
    kind: a.kind,
    status: a.status,
    raised_at: iso(a.raisedAt),
    cleared_at: iso(a.clearedAt),
    detail: {
      last_seen_at: iso(a.detail.lastSeenAt),
      silent_after_minutes: Math.round(a.detail.silentAfterMs / 60_000),
      ...(a.detail.reason ? { reason: a.detail.reason } : {}),
    },
  };
}
