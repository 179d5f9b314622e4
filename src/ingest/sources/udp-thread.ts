/** Worker thread: the syslog UDP socket (see udp-batcher.ts), handing groups to the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { startUdpBatcher, type UdpBatcherOptions, type UdpGroup } from './udp-batcher.js';

export type UdpThreadIn = { t: 'flush'; id: number } | { t: 'close' };
export type UdpThreadOut =
  | { t: 'ready'; port: number; recvBufferBytes: number }
  | { t: 'error'; message: string }
  | { t: 'groups'; groups: UdpGroup[] }
  | { t: 'flushed'; id: number }
  | { t: 'closed' };

const port = parentPort;
if (port) {
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
      post({ t: 'ready', port: b.port, recvBufferBytes: b.recvBufferBytes });
    },
    (err: Error) => post({ t: 'error', message: err.message }),
  );
}
