/**
 * Worker thread: the syslog UDP socket (see udp-batcher.ts), handing groups to the main
 * thread. It asks for a higher scheduling priority (allowed for root or with
 * CAP_SYS_NICE): it only runs when datagrams arrive, and when the CPUs are busy with
 * parsing, receiving must come first — what is received is spooled and parsed later,
 * what the kernel drops is lost.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { startUdpBatcher, type UdpBatcherOptions, type UdpGroup } from './udp-batcher.js';

export type UdpThreadIn = { t: 'flush'; id: number } | { t: 'close' };
export type UdpThreadOut =
  | { t: 'ready'; port: number; recvBufferBytes: number; niceness: number | null }
  | { t: 'error'; message: string }
  | { t: 'groups'; groups: UdpGroup[] }
  | { t: 'flushed'; id: number }
  | { t: 'closed' };

/** Raises this thread's priority (Linux: setpriority on the thread id); the nice value got, or null. */
function raisePriority(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, -10);
    return -10;
  } catch {
    return null; // not Linux, or not allowed
  }
}

const port = parentPort;
if (port) {
  const niceness = raisePriority();
  const post = (m: UdpThreadOut, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  startUdpBatcher(workerData as UdpBatcherOptions, (groups) =>
    post(
      { t: 'groups', groups },
      groups.map((g) => g.body.buffer as ArrayBuffer),
    ),
  ).then(
    (b) => {
      port.on('message', (m: UdpThreadIn) => {
        if (m.t === 'flush') {
          b.handOver().then(() => post({ t: 'flushed', id: m.id }));
        } else {
          b.close().then(() => post({ t: 'closed' }));
        }
      });
      post({ t: 'ready', port: b.port, recvBufferBytes: b.recvBufferBytes, niceness });
    },
    (err: Error) => post({ t: 'error', message: err.message }),
  );
}
