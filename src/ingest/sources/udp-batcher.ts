/**
 * The receiving end of syslog over UDP, run on a dedicated thread (udp-thread.ts) or,
 * when the compiled worker is not there (tests from sources), on the caller's thread.
 *
 * The 'message' handler only trims the datagram and files it under its source address
 * and syslog host name; every `batchMaxRecords` datagrams or `batchMaxDelayMs` the
 * groups are joined into spool bodies (one record per line, see joinRecords) and
 * handed over in one piece each. The main thread thus gets a few messages per batch
 * instead of one event per datagram, and its pauses (GC, store writes) never stop the
 * socket from being drained.
 */
import { createSocket, type Socket } from 'node:dgram';
import { syslogHostname } from '../live/syslog-hostname.js';

export interface UdpBatcherOptions {
  host: string;
  port: number;
  /** Kernel receive buffer asked for. */
  recvBufferBytes: number;
  batchMaxRecords: number;
  batchMaxDelayMs: number;
}

/** Records of one source address and host name, joined: a spool body. */
export interface UdpGroup {
  address: string;
  hostname: string | null;
  records: number;
  /** Owns its memory (transferable). */
  body: Uint8Array;
}

export interface UdpBatcher {
  readonly port: number;
  readonly recvBufferBytes: number;
  /** Hands over what is buffered now; resolves once it has been emitted. */
  handOver(): Promise<void>;
  /** Closes the socket, then hands over what it had received. */
  close(): Promise<void>;
}

const ESCAPED_LF = Buffer.from('#012'); // rsyslog's escape for control characters

function trimmedEnd(msg: Buffer): number {
  let end = msg.length;
  while (end > 0 && (msg[end - 1] === 10 || msg[end - 1] === 13 || msg[end - 1] === 0)) end--;
  return end;
}

/** Datagrams → one LF-terminated body in memory of its own (an LF inside a record becomes `#012`). */
function join(recs: readonly Buffer[]): Uint8Array {
  let len = 0;
  let lfs = 0;
  for (const r of recs) {
    len += r.length + 1;
    for (let nl = r.indexOf(10); nl >= 0; nl = r.indexOf(10, nl + 1)) lfs++;
  }
  const out = Buffer.allocUnsafeSlow(len + lfs * (ESCAPED_LF.length - 1));
  let pos = 0;
  for (const r of recs) {
    if (lfs === 0) pos += r.copy(out, pos);
    else {
      let from = 0;
      for (let nl = r.indexOf(10); nl >= 0; nl = r.indexOf(10, from)) {
        pos += r.copy(out, pos, from, nl);
        pos += ESCAPED_LF.copy(out, pos);
        from = nl + 1;
      }
      pos += r.copy(out, pos, from);
    }
    out[pos++] = 10;
  }
  return new Uint8Array(out.buffer, out.byteOffset, pos);
}

export async function startUdpBatcher(
  o: UdpBatcherOptions,
  emit: (groups: UdpGroup[]) => void,
): Promise<UdpBatcher> {
  const type = o.host.includes(':') ? 'udp6' : 'udp4';
  const sock: Socket = createSocket({ type, recvBufferSize: o.recvBufferBytes });
  // address → host name → records
  let pending = new Map<string, Map<string | null, Buffer[]>>();
  let count = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastAddress = '';
  let lastByHost: Map<string | null, Buffer[]> | null = null;

  const handOver = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (count === 0) return;
    const batch = pending;
    pending = new Map();
    count = 0;
    lastByHost = null;
    const groups: UdpGroup[] = [];
    for (const [address, byHost] of batch)
      for (const [hostname, recs] of byHost)
        groups.push({ address, hostname, records: recs.length, body: join(recs) });
    emit(groups);
  };

  sock.on('message', (msg, rinfo) => {
    const end = trimmedEnd(msg);
    if (end === 0) return; // an empty datagram carries no record
    const rec = end === msg.length ? msg : msg.subarray(0, end);
    let byHost = lastByHost;
    if (byHost === null || rinfo.address !== lastAddress) {
      byHost = pending.get(rinfo.address) ?? null;
      if (!byHost) pending.set(rinfo.address, (byHost = new Map()));
      lastAddress = rinfo.address;
      lastByHost = byHost;
    }
    const host = syslogHostname(rec);
    let list = byHost.get(host);
    if (!list) byHost.set(host, (list = []));
    list.push(rec);
    if (++count >= o.batchMaxRecords) handOver();
    else if (!timer) timer = setTimeout(handOver, o.batchMaxDelayMs);
  });

  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(o.port, o.host, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  sock.on('error', () => undefined); // ICMP errors on a receive-only socket are harmless
  return {
    port: sock.address().port,
    recvBufferBytes: sock.getRecvBufferSize(),
    handOver: () => {
      handOver();
      return Promise.resolve();
    },
    async close() {
      await new Promise<void>((r) => sock.close(() => r()));
      handOver();
    },
  };
}
