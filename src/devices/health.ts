/**
 * Device health from the registry rows and the five-minute traffic buckets: pure
 * functions of (devices, buckets, now), so silence is testable with any clock.
 */
import { BUCKET_MS } from './activity.js';
import type { Device, DeviceHealth, HourCount } from './model.js';

const HOUR_MS = 3_600_000;

export interface TrafficBucket {
  device: string;
  bucketAt: number;
  records: number;
  errors: number;
}

/** Start of the 24-hour window: the hour 23 hours before the current one. */
export function healthWindowStart(nowMs: number): number {
  return nowMs - (nowMs % HOUR_MS) - 23 * HOUR_MS;
}

/**
 * A device is silent when it has been enabled and quiet for longer than its threshold;
 * one that never sent anything counts from its registration, so a UTM that was never
 * connected is noticed too.
 */
export function isSilent(d: Device, nowMs: number): boolean {
  if (!d.enabled) return false;
  return nowMs - (d.lastSeenAt ?? d.createdAt) > d.silentAfterMs;
}

export function computeHealth(
  devices: readonly Device[],
  buckets: readonly TrafficBucket[],
  nowMs: number,
): DeviceHealth[] {
  const start = healthWindowStart(nowMs);
  // "Last hour" = the last 12 five-minute buckets, the current one included.
  const lastHourFrom = nowMs - (nowMs % BUCKET_MS) - 11 * BUCKET_MS;
  const byDevice = new Map<string, TrafficBucket[]>();
  for (const b of buckets) {
    let list = byDevice.get(b.device);
    if (!list) byDevice.set(b.device, (list = []));
    list.push(b);
  }
  return devices.map((d) => {
    const hourly: HourCount[] = [];
    for (let h = 0; h < 24; h++) hourly.push({ hour: start + h * HOUR_MS, records: 0, errors: 0 });
    let recordsLastHour = 0;
    let errorsLastHour = 0;
    for (const b of byDevice.get(d.id) ?? []) {
      if (b.bucketAt < start || b.bucketAt > nowMs) continue;
      const slot = hourly[Math.floor((b.bucketAt - start) / HOUR_MS)];
      slot.records += b.records;
      slot.errors += b.errors;
      if (b.bucketAt >= lastHourFrom) {
        recordsLastHour += b.records;
        errorsLastHour += b.errors;
      }
    }
    return {
      device: d.id,
      tenant: d.tenant,
      enabled: d.enabled,
      lastSeenAt: d.lastSeenAt,
      silent: isSilent(d, nowMs),
      silentAfterMs: d.silentAfterMs,
      recordsLastHour,
      errorsLastHour,
      records24h: hourly.reduce((n, h) => n + h.records, 0),
      errors24h: hourly.reduce((n, h) => n + h.errors, 0),
      hourly,
    };
  });
}
