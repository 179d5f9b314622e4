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

// E-mail notifications (issue 5): queued into the outbox, sent, and failed attempts (each
// failed try counts; a mail that gives up after the last try stays in the outbox as failed).
export const mailQueued = new Counter({
  name: 'otasuke_mail_queued_total',
  help: 'Notification mails put into the outbox, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const mailSent = new Counter({
  name: 'otasuke_mail_sent_total',
  help: 'Notification mails accepted by the SMTP server, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const mailFailed = new Counter({
  name: 'otasuke_mail_failed_total',
  help: 'Failed attempts to send a notification mail (retried with back-off), by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const mailNotifyErrors = new Counter({
  name: 'otasuke_mail_notify_errors_total',
  help: 'Notifications that could not be queued (recipients or templates failed), by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const ruleHits = new Counter({
  name: 'otasuke_rule_hits_total',
  help: 'Events that matched a detection rule (before correlation and suppression), by rule id',
  labelNames: ['rule'] as const,
  registers: [metricsRegistry],
});

export const alertSignals = new Counter({
  name: 'otasuke_alert_signals_total',
  help: 'Alert signals handed to the alert sink (new alerts and "still happening" updates), by rule id',
  labelNames: ['rule'] as const,
  registers: [metricsRegistry],
});

export const alertSinkFailures = new Counter({
  name: 'otasuke_alert_sink_failures_total',
  help: 'Failed deliveries of alert signals to the alert sink (each is retried)',
  registers: [metricsRegistry],
});

export const alertSignalsDropped = new Counter({
  name: 'otasuke_alert_signals_dropped_total',
  help: 'Alert signals given up on: the sink kept failing (retries-exhausted) or the queue was full (queue-full)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});
