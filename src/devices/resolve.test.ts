/** resolve() precedence and the hot-path address forms sockets report. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeviceRegistry } from './index.js';
import type { DeviceRegistry } from './registry.js';

const FP_A = 'aa'.repeat(32);
const FP_PIN = 'cc'.repeat(32);

describe('DeviceRegistry.resolve precedence', () => {
  let dir: string;
  let reg: DeviceRegistry;
  let tokenHost: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-resolve-'));
    reg = await openDeviceRegistry(join(dir, 'state.sqlite'), { flushIntervalMs: 0, refreshIntervalMs: 0 });
    ({ token: tokenHost } = await reg.addDevice({ id: 'by-host', tenant: 't1', hostnames: ['fw-host'] }));
    await reg.addDevice({ id: 'by-addr', tenant: 't1', sources: ['192.0.2.10', '2001:db8::10'] });
    await reg.addDevice({ id: 'by-cert', tenant: 't2', tls_fingerprint: FP_A });
    await reg.addDevice({ id: 'by-wide', tenant: 't2', sources: ['192.0.2.0/24'] });
    await reg.addDevice({ id: 'by-narrow', tenant: 't3', sources: ['192.0.2.32/28'] });
    await reg.addDevice({ id: 'pinned', tenant: 't3', sources: ['198.51.100.7'], tls_fingerprint: FP_PIN });
  });
  afterAll(async () => {
    await reg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const id = (src: Parameters<DeviceRegistry['resolve']>[0]) => reg.resolve(src)?.id ?? null;

  it('token wins over everything else, and a wrong token resolves to nothing', () => {
    expect(id({ address: '192.0.2.10', hostname: 'fw-host', token: tokenHost, tlsFingerprint: FP_A })).toBe(
      'by-host',
    );
    expect(id({ address: '192.0.2.10', hostname: null, token: 'otk_' + 'x'.repeat(32) })).toBeNull();
  });

  it('certificate fingerprint beats address, in either spelling', () => {
    expect(id({ address: '192.0.2.10', hostname: 'fw-host', tlsFingerprint: FP_A })).toBe('by-cert');
    const colons = FP_A.toUpperCase().match(/../g)!.join(':');
    expect(id({ address: '203.0.113.1', hostname: null, tlsFingerprint: colons })).toBe('by-cert');
  });

  it('an unknown certificate falls back to the address', () => {
    expect(id({ address: '192.0.2.10', hostname: null, tlsFingerprint: 'ee'.repeat(32) })).toBe('by-addr');
  });

  it('exact address beats host name, host name beats CIDR', () => {
    expect(id({ address: '192.0.2.10', hostname: 'fw-host' })).toBe('by-addr');
    expect(id({ address: '192.0.2.99', hostname: 'FW-HOST' })).toBe('by-host');
    expect(id({ address: '192.0.2.99', hostname: 'other' })).toBe('by-wide');
  });

  it('the longest CIDR prefix wins, and memoised answers stay right', () => {
    expect(id({ address: '192.0.2.40', hostname: null })).toBe('by-narrow');
    expect(id({ address: '192.0.2.40', hostname: null })).toBe('by-narrow');
    expect(id({ address: '192.0.2.50', hostname: null })).toBe('by-wide');
    expect(id({ address: '203.0.113.50', hostname: null })).toBeNull();
  });

  it('matches IPv4-mapped and upper-case IPv6 peers', () => {
    expect(id({ address: '::ffff:192.0.2.10', hostname: null })).toBe('by-addr');
    expect(id({ address: '2001:DB8::10', hostname: null })).toBe('by-addr');
  });

  it('a device with a pinned certificate is not claimed by its address alone', () => {
    expect(id({ address: '198.51.100.7', hostname: null })).toBeNull();
    expect(id({ address: '198.51.100.7', hostname: null, tlsFingerprint: 'dd'.repeat(32) })).toBeNull();
    expect(id({ address: '198.51.100.7', hostname: null, tlsFingerprint: FP_PIN })).toBe('pinned');
  });

  it('records refused for a missing pin do not become unassigned', async () => {
    reg.noteUnassigned({ address: '198.51.100.7', hostname: null }, ['x'], Date.now());
    reg.noteUnassigned({ address: '198.51.100.8', hostname: null }, ['y'], Date.now());
    expect((await reg.listUnassigned()).map((u) => u.address)).toEqual(['198.51.100.8']);
  });

  it('returns the same profile object per device so the hot path does not allocate', () => {
    const a = reg.resolve({ address: '192.0.2.10', hostname: null });
    const b = reg.resolve({ address: '192.0.2.10', hostname: null });
    expect(a).toBe(b);
    expect(a?.profile).toEqual({
      tenant: 't1',
      device: 'by-addr',
      tz: 'Asia/Tokyo',
      format: 'auto',
      internal: null,
    });
  });
});
