/** `otasuke device …` as a user runs it: the built CLI (npm test builds first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeviceRegistry } from '../devices/index.js';

const BIN = join(import.meta.dirname, '../../bin/otasuke.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'device', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('otasuke device', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-cli-device-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('add prints the device as JSON with a new ingest token', () => {
    const r = run(
      'add',
      '--data',
      dir,
      '--tenant',
      'acme',
      '--id',
      'fw1',
      '--source',
      '192.0.2.10',
      '--source',
      '198.51.100.0/24',
      '--hostname',
      'FW1.example.jp',
      '--format',
      'fortigate',
      '--tz',
      'UTC',
      '--internal',
      '10.0.0.0/8',
      '--silent-after-minutes',
      '30',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d).toMatchObject({
      id: 'fw1',
      tenant: 'acme',
      format: 'fortigate',
      timezone: 'UTC',
      sources: ['192.0.2.10', '198.51.100.0/24'],
      hostnames: ['fw1.example.jp'],
      internal_networks: ['10.0.0.0/8'],
      silent_after_minutes: 30,
      enabled: true,
    });
    expect(d.token).toMatch(/^otk_[A-Za-z0-9_-]{32}$/);
  });

  it('refuses a duplicate id (exit 1), a bad CIDR, an unknown zone or format, a missing option (exit 2)', () => {
    const dup = run('add', '--data', dir, '--tenant', 'acme', '--id', 'fw1');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('already exists');
    const cidr = run('add', '--data', dir, '--tenant', 'acme', '--id', 'fw2', '--source', '10.0.0.0/33');
    expect(cidr.code).toBe(2);
    expect(cidr.err).toContain('10.0.0.0/33');
    const zone = run('add', '--data', dir, '--tenant', 'acme', '--id', 'fw2', '--tz', 'Mars/Olympus');
    expect(zone.code).toBe(2);
    expect(zone.err).toContain('IANA');
    const fmt = run('add', '--data', dir, '--tenant', 'acme', '--id', 'fw2', '--format', 'nope');
    expect(fmt.code).toBe(2);
    const missing = run('add', '--data', dir, '--id', 'fw2');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--tenant');
    const taken = run('add', '--data', dir, '--tenant', 'beta', '--id', 'fw3', '--source', '192.0.2.10');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('another device');
  });

  it('list prints JSON when not on a terminal, filtered by tenant', () => {
    expect(run('add', '--data', dir, '--tenant', 'beta', '--id', 'b1').code).toBe(0);
    const all = run('list', '--data', dir);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).map((d: { id: string }) => d.id)).toEqual(['fw1', 'b1']);
    const beta = run('list', '--data', dir, '--tenant', 'beta', '--json');
    expect(JSON.parse(beta.out).map((d: { id: string }) => d.id)).toEqual(['b1']);
    expect(all.out).not.toContain('otk_');
  });

  it('token prints only a new token, which replaces the old one', async () => {
    const r = run('token', '--data', dir, 'fw1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^otk_[A-Za-z0-9_-]{32}\n$/);
    const reg = await openDeviceRegistry(join(dir, 'state.sqlite'), {
      flushIntervalMs: 0,
      refreshIntervalMs: 0,
    });
    try {
      expect(reg.resolve({ address: '::1', hostname: null, token: r.out.trim() })?.id).toBe('fw1');
    } finally {
      await reg.close();
    }
    const unknown = run('token', '--data', dir, 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no such device');
  });

  it('unassigned lists unknown sources and assign hands one to a device', async () => {
    const reg = await openDeviceRegistry(join(dir, 'state.sqlite'), {
      flushIntervalMs: 0,
      refreshIntervalMs: 0,
    });
    reg.noteUnassigned({ address: '203.0.113.9', hostname: 'branch' }, ['line 1', 'line 2'], Date.now());
    await reg.close();
    const list = run('unassigned', '--data', dir);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([
      expect.objectContaining({
        address: '203.0.113.9',
        hostname: 'branch',
        count: 2,
        samples: ['line 1', 'line 2'],
      }),
    ]);
    const a = run('assign', '--data', dir, '203.0.113.9', 'b1');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({
      assigned: '203.0.113.9',
      samples: 2,
      device: { sources: ['203.0.113.9'] },
    });
    expect(JSON.parse(run('unassigned', '--data', dir).out)).toEqual([]);
    const again = run('assign', '--data', dir, '203.0.113.9', 'b1');
    expect(again.code).toBe(1);
    expect(again.err).toContain('no unassigned source');
  });
});
