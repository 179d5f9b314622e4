/**
 * Client-certificate pinning over real TLS connections on 127.0.0.1: a device that pins
 * a certificate gets its records only with that certificate; without it, or with
 * another, the connection is refused and counted, and nothing becomes "unassigned".
 */
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LiveHarness,
  fortigateLine as line,
  openLiveHarness,
  tags,
} from '../../../test/helpers/live-harness.js';
import { connectionsRefused } from './syslog-stream.js';
import type { StreamReceiver } from './syslog-tcp.js';
import { ensureServerCertificate, startTlsReceiver } from './syslog-tls.js';

interface Pem {
  key: string;
  cert: string;
  fp: string;
}

async function clientCert(cn: string): Promise<Pem> {
  const now = new Date();
  const p = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 86_400_000),
    extensions: [{ name: 'extKeyUsage', clientAuth: true }],
  });
  const fp = new X509Certificate(p.cert).fingerprint256.replace(/:/g, '').toLowerCase();
  return { key: p.private, cert: p.cert, fp };
}

/**
 * Sends the lines, half-closes, and resolves when the connection is over. A refused
 * connection also just ends (the client cannot tell a refusal from an acknowledgement:
 * syslog has no answer), so tests look at the counters and the store.
 */
function send(port: number, lines: readonly string[], cert?: Pem): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      ...(cert ? { key: cert.key, cert: cert.cert } : {}),
    });
    s.on('secureConnect', () => s.end(lines.map((l) => `${l}\n`).join('')));
    s.on('data', () => undefined);
    s.on('end', () => s.end());
    s.on('error', () => undefined);
    s.on('close', () => resolve());
  });
}

async function refusedCount(device: string): Promise<number> {
  const m = await connectionsRefused.get();
  return m.values
    .filter((v) => v.labels.source === 'tls' && v.labels.reason === 'certificate-mismatch')
    .filter((v) => v.labels.device === device)
    .reduce((n, v) => n + v.value, 0);
}

describe('syslog over TLS: client-certificate pinning', () => {
  let h: LiveHarness;
  let rx: StreamReceiver;
  let pinned: Pem;
  let other: Pem;
  let stranger: Pem;

  beforeAll(async () => {
    h = await openLiveHarness();
    [pinned, other, stranger] = await Promise.all([
      clientCert('fw-pin'),
      clientCert('fw-other'),
      clientCert('x'),
    ]);
    // the pinned device claims the loopback address; "other" is known by its certificate only
    await h.registry.addDevice({
      id: 'fw-pin',
      tenant: 'acme',
      sources: ['127.0.0.1'],
      tls_fingerprint: pinned.fp,
      format: 'fortigate',
    });
    await h.registry.addDevice({
      id: 'fw-other',
      tenant: 'beta',
      tls_fingerprint: other.fp,
      format: 'fortigate',
    });
    const server = await ensureServerCertificate(h.dir);
    rx = await startTlsReceiver({
      host: '127.0.0.1',
      port: 0,
      pipeline: h.pipeline,
      key: server.key,
      cert: server.cert,
      claims: h.registry,
    });
  });
  afterAll(async () => {
    await rx?.close();
    await h?.close();
  });

  it('takes records with the pinned certificate', async () => {
    const before = await refusedCount('fw-pin');
    await send(rx.port, [line('p1'), line('p2')], pinned);
    expect(await refusedCount('fw-pin')).toBe(before);
    expect(tags((await h.stored('acme')).events)).toEqual(['p1', 'p2']);
  });

  it('refuses the connection without a client certificate', async () => {
    const before = await refusedCount('fw-pin');
    await send(rx.port, [line('none')]);
    expect(await refusedCount('fw-pin')).toBe(before + 1);
    expect(tags((await h.stored('acme')).events)).toEqual(['p1', 'p2']);
  });

  it('refuses the connection with an unknown certificate', async () => {
    const before = await refusedCount('fw-pin');
    await send(rx.port, [line('wrong')], stranger);
    expect(await refusedCount('fw-pin')).toBe(before + 1);
    expect(tags((await h.stored('acme')).events)).toEqual(['p1', 'p2']);
  });

  it('takes a certificate that pins another device, for that device', async () => {
    const before = await refusedCount('fw-pin');
    await send(rx.port, [line('o1')], other);
    expect(await refusedCount('fw-pin')).toBe(before);
    expect(tags((await h.stored('beta')).events)).toEqual(['o1']);
  });

  it('refused records are stored nowhere and do not become unassigned', async () => {
    expect(tags((await h.stored('acme')).events)).toEqual(['p1', 'p2']);
    expect((await h.stored('beta')).events).toHaveLength(1);
    expect(await h.registry.listUnassigned()).toEqual([]);
  });

  it('an address no pinned device claims is served without a certificate', async () => {
    await h.registry.updateDevice('fw-pin', { sources: ['192.0.2.77'] });
    await h.registry.addDevice({
      id: 'fw-open',
      tenant: 'gamma',
      sources: ['127.0.0.1'],
      format: 'fortigate',
    });
    await new Promise((r) => setTimeout(r, 2100)); // the pipeline's resolve cache lives 2 s
    await send(rx.port, [line('u1')]);
    expect(tags((await h.stored('gamma')).events)).toEqual(['u1']);
  });
});
