/**
 * Syslog over UDP (RFC 5426): one record per datagram. The receive handler only
 * stores the datagram in a batch buffer; device lookup, spooling and parsing happen
 * when the batch is handed over (every `batch_max_delay_ms` or `batch_max_records`),
 * and parsing runs in worker threads — so the socket is drained as fast as possible.
 * The kernel buffer is enlarged (≥ 4 MiB asked; Linux caps it at net.core.rmem_max,
 * which is why the granted size is reported) and the kernel's drop counter for the
 * port is published as a gauge.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { udpKernelDrops } from '../../core/metrics.js';
import { drop, type LivePipeline } from '../live/pipeline.js';

export interface UdpReceiverOptions {
  host: string;
  port: number;
  pipeline: LivePipeline;
  /** Kernel receive buffer asked for (default 8 MiB). */
  recvBufferBytes?: number;
  batchMaxRecords?: number;
  batchMaxDelayMs?: number;
  /** Records handed over but not yet spooled above which new datagrams are dropped (default 200 000). */
  maxInflightRecords?: number;
}

export interface UdpReceiver {
  readonly host: string;
  readonly port: number;
  /** Receive buffer the kernel granted (Linux reports double the usable size). */
  readonly recvBufferBytes: number;
  /** Datagrams the kernel dropped on this port since the socket opened. */
  kernelDrops(): number;
  /** Hands over what is buffered and waits until it is spooled. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Sums the `drops` column of /proc/net/udp{,6} rows bound to `port`. */
export function readKernelDrops(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let total = 0;
  for (const f of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue; // not Linux, or no IPv6
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13) continue;
      if (cols[1].slice(cols[1].lastIndexOf(':') + 1) !== hexPort) continue;
      total += Number(cols[cols.length - 1]) || 0;
    }
  }
  return total;
}

function trimEnd(msg: Buffer): Buffer {
  let end = msg.length;
  while (end > 0 && (msg[end - 1] === 10 || msg[end - 1] === 13 || msg[end - 1] === 0)) end--;
  return end === msg.length ? msg : msg.subarray(0, end);
}

export async function startUdpReceiver(o: UdpReceiverOptions): Promise<UdpReceiver> {
  const maxRecords = o.batchMaxRecords ?? 4000;
  const maxDelay = o.batchMaxDelayMs ?? 20;
  const maxInflight = o.maxInflightRecords ?? 200_000;
  const type = o.host.includes(':') ? 'udp6' : 'udp4';
  const sock: Socket = createSocket({ type, recvBufferSize: o.recvBufferBytes ?? 8 * 1024 * 1024 });
  let pending = new Map<string, Buffer[]>();
  let pendingCount = 0;
  let inflight = 0;
  let timer: NodeJS.Timeout | null = null;
  const writes = new Set<Promise<unknown>>();

  const handOver = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = new Map();
    const n = pendingCount;
    pendingCount = 0;
    inflight += n;
    for (const [address, recs] of batch) {
      const p = o.pipeline
        .accept(recs, { address, transport: 'udp' }, { dropWhenBehind: true })
        .catch(() => drop('udp', '', 'spool-error', recs.length))
        .finally(() => {
          inflight -= recs.length;
          writes.delete(p);
        });
      writes.add(p);
    }
  };

  sock.on('message', (msg, rinfo) => {
    if (inflight + pendingCount >= maxInflight) {
      drop('udp', '', 'backlog', 1);
      return;
    }
    let list = pending.get(rinfo.address);
    if (!list) pending.set(rinfo.address, (list = []));
    list.push(trimEnd(msg));
    if (++pendingCount >= maxRecords) handOver();
    else if (!timer) timer = setTimeout(handOver, maxDelay);
  });

  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(o.port, o.host, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  sock.on('error', () => undefined); // ICMP errors on a receive-only socket are harmless
  const port = sock.address().port;
  const base = readKernelDrops(port);
  const kernelDrops = (): number => Math.max(0, readKernelDrops(port) - base);
  const poll = setInterval(() => udpKernelDrops.set(kernelDrops()), 1000);
  poll.unref();

  return {
    host: o.host,
    port,
    recvBufferBytes: sock.getRecvBufferSize(),
    kernelDrops,
    async flush() {
      handOver();
      await Promise.all([...writes]);
    },
    async close() {
      clearInterval(poll);
      udpKernelDrops.set(kernelDrops()); // the /proc row goes away with the socket
      await new Promise<void>((r) => sock.close(() => r()));
      handOver();
      await Promise.all([...writes]);
    },
  };
}
