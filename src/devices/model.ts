/**
 * Device registry model: the input schemas (snake_case, as the API and CLI take them)
 * and the domain types the registry returns. Validation happens here once; repo and
 * lookup code trust what passed these schemas.
 */
import { z } from 'zod';
import { DEFAULT_TZ, isValidZone } from '../core/time.js';
import { NetworkListError, NetworkSet } from '../ingest/classify/networks.js';
import { FORMAT_IDS } from '../ingest/parsers/registry.js';
import { type CanonicalSource, canonicalFingerprint, canonicalHostname, canonicalSource } from './sources.js';

export const DEFAULT_SILENT_AFTER_MINUTES = 120;
export const MAX_SOURCES = 256;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const idSchema = z
  .string()
  .regex(ID_RE, 'letters, digits, ".", "_" and "-" only, at most 64 characters');

export const formatSchema = z.string().refine((v) => v === 'auto' || FORMAT_IDS.includes(v), {
  message: `one of: auto, ${FORMAT_IDS.join(', ')}`,
});

export const zoneSchema = z
  .string()
  .refine(isValidZone, { message: 'not an IANA time zone (e.g. Asia/Tokyo, UTC)' });

const sourceSchema = z.string().transform((v, ctx): CanonicalSource => {
  const c = canonicalSource(v);
  if (!c) {
    ctx.addIssue({ code: 'custom', message: `"${v.slice(0, 80)}" is not an IP address or CIDR block` });
    return z.NEVER;
  }
  return c;
});

const hostnameSchema = z.string().transform((v, ctx): string => {
  const h = canonicalHostname(v);
  if (!h) {
    ctx.addIssue({ code: 'custom', message: `"${v.slice(0, 80)}" is not a host name` });
    return z.NEVER;
  }
  return h;
});

const cidrSchema = z.string().refine(
  (v) => {
    try {
      NetworkSet.parse([v], { includeLocal: false });
      return !v.includes('%');
    } catch (e) {
      if (e instanceof NetworkListError) return false;
      throw e;
    }
  },
  { message: 'not a CIDR block (e.g. 192.168.0.0/16)' },
);

const fingerprintSchema = z.string().transform((v, ctx): string => {
  const f = canonicalFingerprint(v);
  if (!f) {
    ctx.addIssue({ code: 'custom', message: 'not a SHA-256 fingerprint (64 hex digits, colons allowed)' });
    return z.NEVER;
  }
  return f;
});

const silentAfterSchema = z
  .number()
  .int('a whole number of minutes')
  .min(5, 'at least 5 minutes')
  .max(43_200, 'at most 30 days');

const editable = {
  format: formatSchema,
  sources: z.array(sourceSchema).max(MAX_SOURCES),
  hostnames: z.array(hostnameSchema).max(MAX_SOURCES),
  timezone: zoneSchema,
  internal_networks: z.array(cidrSchema).min(1).max(MAX_SOURCES).nullable(),
  tls_fingerprint: fingerprintSchema.nullable(),
  enabled: z.boolean(),
  silent_after_minutes: silentAfterSchema,
};

export const deviceInputSchema = z.strictObject({
  id: idSchema,
  tenant: idSchema,
  format: editable.format.default('auto'),
  sources: editable.sources.default([]),
  hostnames: editable.hostnames.default([]),
  timezone: editable.timezone.default(DEFAULT_TZ),
  internal_networks: editable.internal_networks.default(null),
  tls_fingerprint: editable.tls_fingerprint.default(null),
  enabled: editable.enabled.default(true),
  silent_after_minutes: editable.silent_after_minutes.default(DEFAULT_SILENT_AFTER_MINUTES),
});

export const devicePatchSchema = z
  .strictObject({
    format: editable.format.optional(),
    sources: editable.sources.optional(),
    hostnames: editable.hostnames.optional(),
    timezone: editable.timezone.optional(),
    internal_networks: editable.internal_networks.optional(),
    tls_fingerprint: editable.tls_fingerprint.optional(),
    enabled: editable.enabled.optional(),
    silent_after_minutes: editable.silent_after_minutes.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

/** What callers pass (defaults optional). */
export type DeviceInput = z.input<typeof deviceInputSchema>;
export type DevicePatch = z.input<typeof devicePatchSchema>;
/** After validation: sources canonical, defaults filled in. */
export type ValidDeviceInput = z.output<typeof deviceInputSchema>;
export type ValidDevicePatch = z.output<typeof devicePatchSchema>;

export interface Device {
  id: string;
  tenant: string;
  format: string;
  timezone: string;
  /** Exact addresses and CIDR blocks, canonical text. */
  sources: string[];
  hostnames: string[];
  /** null = the default internal networks. */
  internalNetworks: string[] | null;
  tlsFingerprint: string | null;
  enabled: boolean;
  silentAfterMs: number;
  hasToken: boolean;
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number | null;
}

export interface UnassignedSource {
  address: string;
  hostname: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  count: number;
  samples: string[];
}

export type AlertStatus = 'open' | 'cleared';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'cleared'];

export interface DeviceAlert {
  id: string;
  tenant: string;
  device: string;
  kind: 'device-silent';
  status: AlertStatus;
  raisedAt: number;
  clearedAt: number | null;
  detail: { lastSeenAt: number | null; silentAfterMs: number; reason?: string };
}

export interface HourCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  records: number;
  errors: number;
}

export interface DeviceHealth {
  device: string;
  tenant: string;
  enabled: boolean;
  lastSeenAt: number | null;
  silent: boolean;
  silentAfterMs: number;
  recordsLastHour: number;
  errorsLastHour: number;
  records24h: number;
  errors24h: number;
  /** 24 entries, oldest first, the last one being the current (partial) hour. */
  hourly: HourCount[];
}

export interface SilenceChanges {
  raised: DeviceAlert[];
  cleared: DeviceAlert[];
}

/** Who may be read: one tenant, or every tenant (operator staff). */
export const ALL_TENANTS: unique symbol = Symbol('all-tenants');
export type TenantScope = string | typeof ALL_TENANTS;
