/**
 * Syslog over UDP (RFC 5426): one record per datagram. The socket lives on a thread of
 * its own (udp-thread.ts) whose receive handler only files the datagram in a batch;
 * every `batchMaxDelayMs` or `batchMaxRecords` the batch goes to the main thread as a
 * few joined bodies (one per source address and host name), which are looked up,
 * spooled and parsed (in the parse workers) there. So the socket is drained however
 * busy the main thread is. The kernel buffer is enlarged (16 MiB asked; Linux caps it at
 * net.core.rmem_max, which is why the granted size is reported) and the kernel's drop
 * counter for the port is published as a gauge.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { udpKernelDrops } from '../../core/metrics.js';
import { drop, type LivePipeline } from '../live/pipeline.js';
import { startUdpBatcher, type UdpBatcher, type UdpGroup } from './udp-batcher.js';
import type { UdpThreadIn, UdpThreadOut } from './udp-thread.js';

export interface UdpReceiverOptions {
  host: string;
  port: number;
  pipeline: LivePipeline;
  /** Kernel receive buffer asked for (default 16 MiB). */
  recvBufferBytes?: number;
  batchMaxRecords?: number;
  batchMaxDelayMs?: number;
  /** Records handed over but not yet spooled above which new datagrams are dropped (default 200 000). */
  maxInflightRecords?: number;
  /** Receive on the main thread instead of a worker thread (default: a worker, when built). */
  inThread?: boolean;
}

export interface UdpReceiver {
  readonly host: string;
  readonly port: number;
  /** Receive buffer the kernel granted (Linux reports double the usable size). */
  readonly recvBufferBytes: number;
  /** Receiving on a thread of its own, and the nice value it got (null: default priority). */
  readonly receiverThread: { niceness: number | null } | null;
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

function threadPath(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return here.replace(/syslog-udp\.js$/, 'udp-thread.js');
  // running from src/*.ts (tests): use the build output when there is one
  const built = here.replace(
    /\/src\/ingest\/sources\/syslog-udp\.ts$/,
    '/dist/src/ingest/sources/udp-thread.js',
  );
  return existsSync(built) ? built : null;
}

/** The socket on a worker thread; `emit` runs on this thread for each hand-over. */
async function startUdpThread(
  path: string,
  opts: Parameters<typeof startUdpBatcher>[0],
  emit: (groups: UdpGroup[]) => void,
): Promise<UdpBatcher & { niceness: number | null }> {
  const worker = new Worker(path, { workerData: opts });
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  let closed: (() => void) | null = null;
  const ready = await new Promise<{ port: number; recvBufferBytes: number; niceness: number | null }>(
    (resolve, reject) => {
      worker.on('message', (m: UdpThreadOut) => {
        if (m.t === 'groups') emit(m.groups);
        else if (m.t === 'ready') resolve(m);
        else if (m.t === 'error') reject(new Error(m.message));
        else if (m.t === 'flushed') {
          waiting.get(m.id)?.();
          waiting.delete(m.id);
        } else closed?.();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`UDP receiver thread exited (${code})`)));
    },
  );
  worker.on('error', () => undefined);
  // should the thread die, nobody may wait for it forever (flush, close)
  let dead = false;
  worker.on('exit', () => {
    dead = true;
    for (const r of waiting.values()) r();
    waiting.clear();
    closed?.();
  });
  const send = (m: UdpThreadIn): void => worker.postMessage(m);
  return {
    port: ready.port,
    recvBufferBytes: ready.recvBufferBytes,
    niceness: ready.niceness,
    handOver() {
      if (dead) return Promise.resolve();
      const id = nextId++;
      const done = new Promise<void>((r) => waiting.set(id, r));
      send({ t: 'flush', id });
      return done;
    },
    async close() {
      if (!dead)
        await new Promise<void>((r) => {
          closed = r;
          send({ t: 'close' });
        });
      await worker.terminate();
    },
  };
}

export async function startUdpReceiver(o: UdpReceiverOptions): Promise<UdpReceiver> {
  const maxInflight = o.maxInflightRecords ?? 200_000;
  let inflight = 0;
  const writes = new Set<Promise<unknown>>();

  const take = (groups: UdpGroup[]): void => {
    for (const g of groups) {
      if (inflight >= maxInflight) {
        drop('udp', '', 'backlog', g.records);
        continue;
      }
      inflight += g.records;
      const body = Buffer.from(g.body.buffer, g.body.byteOffset, g.body.byteLength);
      const p = o.pipeline
        .acceptJoined(
          body,
          g.records,
          { address: g.address, hostname: g.hostname, transport: 'udp' },
          {
            dropWhenBehind: true,
          },
        )
        .catch(() => drop('udp', '', 'spool-error', g.records))
        .finally(() => {
          inflight -= g.records;
          writes.delete(p);
        });
      writes.add(p);
    }
  };

  const opts = {
    host: o.host,
    port: o.port,
    recvBufferBytes: o.recvBufferBytes ?? 16 * 1024 * 1024,
    batchMaxRecords: o.batchMaxRecords ?? 4000,
    batchMaxDelayMs: o.batchMaxDelayMs ?? 20,
  };
  const path = o.inThread ? null : threadPath();
  const thread = path ? await startUdpThread(path, opts, take) : null;
  const rx = thread ?? (await startUdpBatcher(opts, take));
  const port = rx.port;
  const base = readKernelDrops(port);
  const kernelDrops = (): number => Math.max(0, readKernelDrops(port) - base);
  const poll = setInterval(() => udpKernelDrops.set(kernelDrops()), 1000);
  poll.unref();
  return {
    host: o.host,
    port,
    recvBufferBytes: rx.recvBufferBytes,
    receiverThread: thread ? { niceness: thread.niceness } : null,
    kernelDrops,
    async flush() {
      // the thread answers after posting what it had: by then `take` has seen it
      await rx.handOver();
      await Promise.all([...writes]);
    },
    async close() {
      clearInterval(poll);
      udpKernelDrops.set(kernelDrops()); // the /proc row goes away with the socket
      await rx.close();
      await Promise.all([...writes]);
    },
  };
}
