/** Syslog over TCP (RFC 6587): LF-delimited and octet-counted framing on one port. */
import { createServer, type Server } from 'node:net';
import type { LivePipeline } from '../live/pipeline.js';
import { StreamConnections, type StreamLimits } from './syslog-stream.js';

export interface StreamReceiver {
  readonly host: string;
  readonly port: number;
  readonly connections: StreamConnections;
  /** Stops accepting; hands over what open connections have read. */
  close(): Promise<void>;
}

export async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 511 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address();
  return typeof a === 'object' && a ? a.port : port;
}

export async function closeServer(server: Server, conns: StreamConnections): Promise<void> {
  const closed = new Promise<void>((r) => server.close(() => r()));
  await conns.closeAll();
  await closed;
}

export async function startTcpReceiver(o: {
  host: string;
  port: number;
  pipeline: LivePipeline;
  limits?: StreamLimits;
}): Promise<StreamReceiver> {
  const connections = new StreamConnections(o.pipeline, 'tcp', o.limits);
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => connections.handle(socket));
  const port = await listen(server, o.host, o.port);
  return { host: o.host, port, connections, close: () => closeServer(server, connections) };
}
