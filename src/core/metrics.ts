/**
 * Process-wide counters in Prometheus form (served at GET /metrics). Every source and
 * the pipeline count received / parsed / quarantined / dropped records, labelled by
 * source (udp, tcp, tls, http, file) and device ('' when not yet assigned).
 */
import { Counter, Gauge, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

export const recordsReceived = new Counter({
  name: 'otasuke_records_received_total',
  help: 'Records received, before parsing',
  labelNames: ['source', 'device'] as const,
  registers: [metricsRegistry],
});

export const recordsParsed = new Counter({
  name: 'otasuke_records_parsed_total',
  help: 'Records parsed into normalized events',
  labelNames: ['source', 'device'] as const,
  registers: [metricsRegistry],
});

export const recordsQuarantined = new Counter({
  name: 'otasuke_records_quarantined_total',
  help: 'Records kept in quarantine, by reason code',
  labelNames: ['source', 'device', 'reason'] as const,
  registers: [metricsRegistry],
});

export const recordsDropped = new Counter({
  name: 'otasuke_records_dropped_total',
  help: 'Records refused before acceptance (rate limit, too large, connection limit, disabled device …)',
  labelNames: ['source', 'device', 'reason'] as const,
  registers: [metricsRegistry],
});

export const udpKernelDrops = new Gauge({
  name: 'otasuke_udp_kernel_drops',
  help: 'Datagrams the kernel dropped on the syslog UDP socket (/proc/net/udp drops column)',
  registers: [metricsRegistry],
});
