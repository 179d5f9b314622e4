/**
 * Sender process for the live-ingest benchmark (forked, so sending does not share a
 * thread with receiving). Message in: {mode, port, rate?, durationMs}; out: {sent}.
 * UDP is paced at a fixed rate; TCP and TLS write as fast as the receiver reads, then
 * half-close and wait for the server's close (= everything sent is in the spool).
 */
import { createSocket } from 'node:dgram';
import { type Socket, connect as tcpConnect } from 'node:net';
import { setPriority } from 'node:os';
import { connect as tlsConnect } from 'node:tls';

export interface SenderJob {
  mode: 'udp' | 'tcp' | 'tls';
  port: number;
  /** UDP messages per second. */
  rate?: number;
  durationMs: number;
  /** TCP / TLS: stop after about this many records (whole 256 KiB chunks), or at durationMs. */
  records?: number;
  /** Raise the sender's priority (UDP). */
  boost?: boolean;
}

/** FortiGate-like and PAN-OS-like records, varied so parsing does real work. */
export function benchLines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = `192.0.2.${i % 250}`;
    const dst = `198.51.100.${(i * 7) % 250}`;
    if (i % 2 === 0) {
      out.push(
        `<189>date=2026-01-05 time=10:${String(i % 60).padStart(2, '0')}:00 devname="fw1" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${src} srcport=${40000 + (i % 20000)} srcintf="internal" dstip=${dst} dstport=443 dstintf="wan1" proto=6 action="${i % 5 ? 'accept' : 'deny'}" policyid=1 service="HTTPS" sentbyte=${i % 9000} rcvdbyte=${i % 70000} app="HTTPS.BROWSER"`,
      );
    } else {
      out.push(
        `<14>Jan  5 10:00:00 pa-fw1 1,2026/01/05 10:00:00,012801000001,TRAFFIC,end,2561,2026/01/05 10:00:00,${src},${dst},0.0.0.0,0.0.0.0,allow-web,,,ssl,vsys1,trust,untrust,ethernet1/2,ethernet1/1,log-fwd,2026/01/05 10:00:00,1234,1,${40000 + (i % 20000)},443,0,0,0x400000,tcp,allow,${i % 9000},${i % 5000},${i % 4000},10,2026/01/05 09:59:50,10,any,0,${i},0x0,192.0.2.0-192.0.2.255,United States,0,5,5,tcp-fin`,
      );
    }
  }
  return out;
}

async function sendUdp(job: SenderJob, lines: Buffer[]): Promise<number> {
  // Devices send from other machines; on a small box the paced sender competes with the
  // server it measures and "sent" can fall short of the rate asked. `boost` raises its
  // priority (needs root) so the rate is met, at the server's expense.
  if (job.boost) {
    try {
      setPriority(-10);
    } catch {
      // not allowed
    }
  }
  const sock = createSocket('udp4');
  sock.connect(job.port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  const rate = job.rate ?? 100_000;
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const el = performance.now() - t0;
      if (el >= job.durationMs) {
        resolve();
        return;
      }
      const target = Math.min(Math.floor((el / 1000) * rate), sent + 2000);
      while (sent < target) sock.send(lines[sent++ % lines.length]);
      setImmediate(tick);
    };
    tick();
  });
  await new Promise((r) => setTimeout(r, 200));
  sock.close();
  return sent;
}

async function sendStream(job: SenderJob, lines: string[]): Promise<number> {
  const s: Socket =
    job.mode === 'tls'
      ? tlsConnect({ port: job.port, host: '127.0.0.1', rejectUnauthorized: false })
      : tcpConnect({ port: job.port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((r) => s.once(job.mode === 'tls' ? 'secureConnect' : 'connect', r));
  // pre-built 256 KiB chunks of whole lines
  const chunks: { buf: Buffer; n: number }[] = [];
  for (let c = 0; c < 8; c++) {
    let text = '';
    let n = 0;
    for (let i = c * 997; text.length < 256 * 1024; i++, n++) text += `${lines[i % lines.length]}\n`;
    chunks.push({ buf: Buffer.from(text), n });
  }
  const t0 = performance.now();
  let sent = 0;
  let k = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (performance.now() - t0 < job.durationMs && sent < (job.records ?? Number.POSITIVE_INFINITY)) {
        const c = chunks[k++ % chunks.length];
        sent += c.n;
        if (!s.write(c.buf)) {
          s.once('drain', pump);
          return;
        }
      }
      resolve();
    };
    pump();
  });
  s.on('data', () => undefined);
  const closed = new Promise((r) => s.once('end', r));
  s.end();
  await closed;
  s.destroy();
  return sent;
}

process.on('message', (job: SenderJob) => {
  const lines = benchLines(10_000);
  const p =
    job.mode === 'udp'
      ? sendUdp(
          job,
          lines.map((l) => Buffer.from(l)),
        )
      : sendStream(job, lines);
  p.then(
    (sent) => {
      process.send?.({ sent });
      process.exit(0);
    },
    (err: Error) => {
      process.send?.({ error: err.message });
      process.exit(1);
    },
  );
});
