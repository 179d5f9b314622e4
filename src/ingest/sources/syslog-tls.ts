/**
 * Syslog over TLS (RFC 5425), same framing as TCP. Without a configured certificate a
 * self-signed one is generated into DATA/tls/ on first start (devices pin it or skip
 * verification, as UTM syslog-over-TLS setups commonly allow).
 *
 * Client certificates are optional: the server asks for one but accepts connections
 * without (rejectUnauthorized false, since devices use self-signed certificates that no
 * CA vouches for). Authentication is by pinning instead: when the device a connection
 * resolves to has a certificate fingerprint on record, the presented certificate's
 * SHA-256 fingerprint must equal it, else the connection is refused and counted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import type { ResolvedDevice } from '../../devices/directory.js';
import type { LivePipeline } from '../live/pipeline.js';
import { connectionsRefused, StreamConnections, type StreamLimits } from './syslog-stream.js';
import { closeServer, listen, type StreamReceiver } from './syslog-tcp.js';

export interface TlsFiles {
  key: string;
  cert: string;
}

/** The configured key/certificate, or DATA/tls/server.{key,crt}, generated when missing. */
export async function ensureServerCertificate(
  dataDir: string,
  configured?: TlsFiles,
): Promise<{ key: Buffer; cert: Buffer; generated: boolean; keyPath: string; certPath: string }> {
  const keyPath = configured?.key ?? join(dataDir, 'tls', 'server.key');
  const certPath = configured?.cert ?? join(dataDir, 'tls', 'server.crt');
  let generated = false;
  if (!configured && !(existsSync(keyPath) && existsSync(certPath))) {
    mkdirSync(join(dataDir, 'tls'), { recursive: true, mode: 0o700 });
    const now = new Date();
    const pems = await generate([{ name: 'commonName', value: 'otasuke-syslog' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + 10 * 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    writeFileSync(keyPath, pems.private, { mode: 0o600 });
    writeFileSync(certPath, pems.cert);
    generated = true;
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), generated, keyPath, certPath };
}

/** "AB:CD:…" → "abcd…" (the registry's canonical form). */
export function canonicalFingerprint(fp: string): string {
  return fp.replace(/:/g, '').toLowerCase();
}

/** The pinned fingerprint of a resolved device, when the registry exposes one. */
function pinnedFingerprint(dev: ResolvedDevice): string | null {
  const v: unknown = (dev as ResolvedDevice & { tlsFingerprint?: unknown }).tlsFingerprint;
  return typeof v === 'string' && v.length > 0 ? canonicalFingerprint(v) : null;
}

export async function startTlsReceiver(o: {
  host: string;
  port: number;
  pipeline: LivePipeline;
  key: Buffer;
  cert: Buffer;
  limits?: StreamLimits;
}): Promise<StreamReceiver> {
  const connections = new StreamConnections(o.pipeline, 'tls', o.limits);
  const server = createServer(
    { key: o.key, cert: o.cert, requestCert: true, rejectUnauthorized: false, allowHalfOpen: true },
    (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate();
      const fp =
        peer && typeof peer.fingerprint256 === 'string'
          ? canonicalFingerprint(peer.fingerprint256)
          : undefined;
      const dev = o.pipeline.resolve({
        address: socket.remoteAddress ?? '',
        hostname: null,
        tlsFingerprint: fp,
      });
      const pinned = dev ? pinnedFingerprint(dev) : null;
      if (pinned !== null && pinned !== fp) {
        connectionsRefused.inc({
          source: 'tls',
          reason: fp ? 'tls-fingerprint-mismatch' : 'tls-certificate-missing',
        });
        socket.destroy();
        return;
      }
      connections.handle(socket, fp);
    },
  );
  server.on('tlsClientError', () => connectionsRefused.inc({ source: 'tls', reason: 'tls-handshake' }));
  const port = await listen(server, o.host, o.port);
  return { host: o.host, port, connections, close: () => closeServer(server, connections) };
}
