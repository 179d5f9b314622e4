/**
 * Events Otasuke makes itself (vendor `otasuke`, kind `system`), so rules can alert on
 * them like on any device log: the health checker's "device went silent".
 */
import { eventWith, type NormalizedEvent } from '../event/event.js';

export const OTASUKE_VENDOR = 'otasuke';
export const DEVICE_SILENT_RULE = 'device-silent';

export interface DeviceSilentInput {
  tenant: string;
  device: string;
  /** When the check ran (epoch ms): the event time. */
  nowMs: number;
  /** Last record from the device (epoch ms), null when it never sent one. */
  lastSeenMs: number | null;
  silentAfterMs: number;
}

/** The synthetic event the health checker feeds to DetectionEngine.observeEvents when a device goes silent. */
export function deviceSilentEvent(i: DeviceSilentInput): NormalizedEvent {
  const since =
    i.lastSeenMs === null ? 'never sent a record' : `last record at ${new Date(i.lastSeenMs).toISOString()}`;
  return eventWith({
    ts: new Date(i.nowMs).toISOString(),
    tenant: i.tenant,
    device: i.device,
    vendor: OTASUKE_VENDOR,
    kind: 'system',
    action: 'detect',
    severity: 3,
    rule: DEVICE_SILENT_RULE,
    raw: `otasuke health: device ${i.device} is silent (${since}; threshold ${Math.round(i.silentAfterMs / 60_000)} min)`,
  });
}
