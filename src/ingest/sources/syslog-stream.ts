/**
 * Connection handling shared by syslog over TCP and TLS: de-framing, batching,
 * acknowledgement by flow control, and limits.
 *
 * TCP has no application-level ack in syslog, so "accepted" means: the bytes were read
 * from the socket. The receiver therefore never reads more than `max_unacked_bytes`
 * past what the spool has made durable — the socket is paused until the spool catches
 * up, and the kernel's window pushes back on the sender. The same pause is applied to
 * every connection while the store is behind (LivePipeline.behind).
 */
import type { Socket } from 'node:net';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../../core/metrics.js';
import { drop, type LivePipeline, type Transport } from '../live/pipeline.js';
import { SyslogDeframer } from './syslog-framing.js';

export const connectionsRefused = new Counter({
  name: 'otasuke_connections_refused_total',
  help: 'Syslog TCP/TLS connections refused, by reason (connection limits, TLS client certificate); device is set when the refusal concerns a known device',
  labelNames: ['source', 'reason', 'device'] as const,
  registers: [metricsRegistry],
});

export interface StreamLimits {
  maxRecordBytes?: number;
  /** Concurrent connections from one address (default 64). */
  maxConnectionsPerAddress?: number;
  /** Concurrent connections in all (default 4096). */
  maxConnections?: number;
  batchMaxRecords?: number;
  batchMaxDelayMs?: number;
  /** Bytes read but not yet durable, per connection, before reading pauses (default 4 MiB). */
  maxUnackedBytes?: number;
  /** A batch is handed to the spool once it holds this many bytes (default a quarter of maxUnackedBytes). */
  batchMaxBytes?: number;
}

interface Conn {
  socket: Socket;
  update(): void;
  flush(): void;
}

/** Tracks connections of one listener; pauses them all while the pipeline is behind. */
export class StreamConnections {
  private readonly conns = new Set<Conn>();
  private readonly perAddress = new Map<string, number>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly pipeline: LivePipeline,
    private readonly transport: Transport,
    private readonly limits: StreamLimits = {},
  ) {
    this.unsubscribe = pipeline.onBehindChange(() => {
      for (const c of this.conns) c.update();
    });
  }

  get size(): number {
    return this.conns.size;
  }

  /** Takes over a connected socket; `tlsFingerprint` is the verified client certificate's. */
  handle(socket: Socket, tlsFingerprint?: string): void {
    const address = socket.remoteAddress ?? '';
    const n = this.perAddress.get(address) ?? 0;
    if (
      n >= (this.limits.maxConnectionsPerAddress ?? 64) ||
      this.conns.size >= (this.limits.maxConnections ?? 4096)
    ) {
      connectionsRefused.inc({
        source: this.transport,
        reason: n > 0 ? 'per-address-limit' : 'connection-limit',
      });
      socket.destroy();
      return;
    }
    this.perAddress.set(address, n + 1);
    const maxRecords = this.limits.batchMaxRecords ?? 4000;
    const maxDelay = this.limits.batchMaxDelayMs ?? 20;
    const maxUnacked = this.limits.maxUnackedBytes ?? 4 * 1024 * 1024;
    // hand over before the unacked bound is reached, so reading never waits for a timer
    const maxBytes = Math.max(1, Math.min(this.limits.batchMaxBytes ?? maxUnacked / 4, maxUnacked / 2));
    const deframer = new SyslogDeframer({ maxRecordBytes: this.limits.maxRecordBytes });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let inflight = 0;
    let timer: NodeJS.Timeout | null = null;
    let paused = false;
    const src = { address, transport: this.transport, tlsFingerprint };

    const conn: Conn = {
      socket,
      update: () => {
        // read but not yet durable: buffered records, records being spooled, a partial record
        const unacked = pendingBytes + inflight + deframer.buffered;
        const stop = unacked > maxUnacked || this.pipeline.behind;
        if (stop && !paused) socket.pause();
        if (!stop && paused) socket.resume();
        paused = stop;
      },
      flush: () => {
        if (timer) clearTimeout(timer);
        timer = null;
        if (pending.length === 0) return;
        const recs = pending;
        const bytes = pendingBytes;
        pending = [];
        pendingBytes = 0;
        inflight += bytes;
        const p = this.pipeline
          .accept(recs, src)
          .catch(() => drop(this.transport, '', 'spool-error', recs.length))
          .finally(() => {
            inflight -= bytes;
            this.writes.delete(p);
            conn.update();
          });
        this.writes.add(p);
      },
    };
    this.conns.add(conn);

    socket.on('data', (data: Buffer) => {
      for (const r of deframer.push(data)) {
        pending.push(r);
        pendingBytes += r.length;
      }
      if (pending.length >= maxRecords || pendingBytes >= maxBytes) conn.flush();
      else if (pending.length && !timer) timer = setTimeout(conn.flush, maxDelay);
      conn.update();
    });
    // The sender half-closed: once everything it sent is durable, close our side too.
    // A sender that waits for that close has an end-to-end acknowledgement of its stream
    // (syslog has none of its own); listeners must be created with allowHalfOpen.
    socket.on('end', () => {
      for (const r of deframer.end()) {
        pending.push(r);
        pendingBytes += r.length;
      }
      conn.flush();
      const waitDurable = (): void => {
        if (inflight === 0) socket.end();
        else setTimeout(waitDurable, 5);
      };
      waitDurable();
    });
    socket.on('error', () => undefined); // resets are normal; 'close' follows
    socket.on('close', () => {
      conn.flush();
      if (timer) clearTimeout(timer);
      this.conns.delete(conn);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
  }

  /** Hands over every connection's buffered records and waits until they are spooled. */
  async flush(): Promise<void> {
    for (const c of this.conns) c.flush();
    await Promise.all([...this.writes]);
  }

  /** Closes every connection (after handing over what was read). */
  async closeAll(): Promise<void> {
    await this.flush();
    for (const c of this.conns) c.socket.destroy();
    this.unsubscribe();
  }
}
