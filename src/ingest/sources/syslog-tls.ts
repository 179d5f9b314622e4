/**
 * Syslog over TLS (RFC 5425), same framing as TCP. Without a configured certificate a
 * self-signed one is generated into DATA/tls/ on first start (devices pin it or skip
 * verification, as UTM syslog-over-TLS setups commonly allow).
 *
 * Client certificates are optional: the server asks for one but accepts connections
 * without (rejectUnauthorized false, since devices use self-signed certificates that no
 * CA vouches for). Authentication is by pinning instead: when the address of a
 * connection is claimed by a device with a certificate fingerprint on record, the
 * presented certificate's SHA-256 fingerprint must equal it (or identify another device
 * by itself), else the connection is refused and counted (connections_refused, reason
 * certificate-mismatch, with the device). A device claimed only by its syslog host name
 * is known per record, not at connection time: such records without the certificate
 * are refused one by one by the registry (records_dropped, certificate-required).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import type { ResolvedDevice, SourceClaims } from '../../devices/directory.js';
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

/**
 * Why a connection must be refused, or null to take it. `fp` is the presented client
 * certificate's fingerprint (undefined = none). A certificate that identifies a device
 * by itself is always taken (the device is named by the certificate, not the address).
 * Otherwise, when the address is claimed by a device that pins a certificate, the
 * connection is refused: its records would not be that device's (resolve() refuses
 * them), and treating them as an unknown source would let an operator defeat the pin.
 */
export function tlsRefusal(
  pipeline: Pick<LivePipeline, 'resolve'>,
  claims: SourceClaims | undefined,
  address: string,
  fp: string | undefined,
): { device: ResolvedDevice; reason: 'certificate-mismatch' } | null {
  if (!claims) return null;
  const claimant = claims.claimant({ address, hostname: null });
  const pin = claimant?.pinnedFingerprint ?? null;
  if (claimant === null || pin === null || pin === fp) return null;
  if (fp !== undefined) {
    // the certificate pins another device: its records are that device's, by certificate
    const byCert = pipeline.resolve({ address, hostname: null, tlsFingerprint: fp });
    if (byCert !== null && byCert.pinnedFingerprint === fp) return null;
  }
  return { device: claimant, reason: 'certificate-mismatch' };
}

export async function startTlsReceiver(o: {
  host: string;
  port: number;
  pipeline: LivePipeline;
  key: Buffer;
  cert: Buffer;
  limits?: StreamLimits;
  /**
   * The device registry, to refuse connections to devices that pin a client certificate
   * (without it, records of such connections are still refused one by one by the
   * registry, but the connection stays open).
   */
  claims?: SourceClaims;
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
      const refusal = tlsRefusal(o.pipeline, o.claims, socket.remoteAddress ?? '', fp);
      if (refusal !== null) {
        // Nothing of the connection is read, so the refusal is counted per connection,
        // labelled with the device whose certificate is missing or wrong.
        connectionsRefused.inc({ source: 'tls', reason: refusal.reason, device: refusal.device.id });
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
