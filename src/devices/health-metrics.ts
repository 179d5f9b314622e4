/** Device health as Prometheus gauges, refreshed by the registry just before /metrics is served. */
import { Gauge } from 'prom-client';
import { metricsRegistry } from '../core/metrics.js';

export const deviceLastSeen = new Gauge({
  name: 'otasuke_device_last_seen_timestamp_seconds',
  help: 'When a record from the device was last received (0 = never)',
  labelNames: ['tenant', 'device'] as const,
  registers: [metricsRegistry],
});

export const deviceSilent = new Gauge({
  name: 'otasuke_device_silent',
  help: '1 when the device has been silent for longer than its threshold',
  labelNames: ['tenant', 'device'] as const,
  registers: [metricsRegistry],
});

export const unassignedSources = new Gauge({
  name: 'otasuke_unassigned_sources',
  help: 'Sources sending records that no device claims',
  registers: [metricsRegistry],
});
