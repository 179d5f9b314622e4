/**
 * `otasuke start` as an operator runs it (the built bin/otasuke.js; npm test builds
 * first): one `listening:` line per listener, then `ready`; each listener answers; an
 * HTTP upload acknowledged before SIGTERM is stored; SIGTERM exits 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { openDeviceRegistry } from '../../src/devices/index.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';
import { fortigateLine, tags } from '../helpers/live-harness.js';
import { freePort } from '../helpers/ports.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'otasuke-start-'));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['bin/otasuke.js', 'start', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "ready" within 30 s: ${out} ${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve({ child, lines: out.trim().split('\n'), stderr: () => err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code}) before ready: ${err}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

describe('otasuke start', () => {
  it('prints one listening line per listener then ready, serves them, and exits 0 on SIGTERM', async () => {
    const registry = await openDeviceRegistry(join(dir, 'state.sqlite'));
    const { token } = await registry.addDevice({ id: 'fw1', tenant: 'acme', format: 'fortigate' });
    await registry.close();
    const [http, syslog, tls] = [await freePort(), await freePort(), await freePort()];
    const args = [
      '--data',
      dir,
      '--http-port',
      String(http),
      '--syslog-port',
      String(syslog),
      '--tls-port',
      String(tls),
      '--no-demo',
    ];
    const s = await start(args);
    // first start on an empty state database: the bootstrap operator login comes before ready
    expect(s.lines).toHaveLength(7);
    expect(s.lines[6]).toBe('ready');
    expect(s.lines[4]).toBe(`portal: http://127.0.0.1:${http}/`);
    expect(s.lines[5]).toMatch(
      /^operator login: admin \/ \S{16} \(one-time: you must change it at first login\)$/,
    );
    const listening = s.lines.slice(0, 4);
    for (const l of listening) expect(l).toMatch(/^listening: /);
    expect(listening).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^listening: syslog udp \\S+:${syslog} \\(receive buffer \\d+ bytes\\)$`),
        ),
        `listening: syslog tcp 0.0.0.0:${syslog}`,
        `listening: syslog tls 0.0.0.0:${tls}`,
        `listening: http http://127.0.0.1:${http}`,
      ]),
    );
    expect(existsSync(join(dir, 'tls', 'server.crt'))).toBe(true);

    const health = await fetch(`http://127.0.0.1:${http}/api/health`);
    expect(health.status).toBe(200);
    const up = await fetch(`http://127.0.0.1:${http}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: `${fortigateLine('s1')}\n${fortigateLine('s2')}`,
    });
    expect(up.status).toBe(202);
    expect(await up.json()).toMatchObject({ accepted: 2 });
    // the TLS listener completes a handshake
    await new Promise<void>((resolve, reject) => {
      const c = tlsConnect({ host: '127.0.0.1', port: tls, rejectUnauthorized: false }, () => {
        c.end();
        resolve();
      });
      c.on('error', reject);
    });

    const exit = stopped(s.child);
    s.child.kill('SIGTERM');
    expect(await exit).toEqual({ code: 0, signal: null });

    const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
    const raws: string[] = [];
    for await (const e of store.search('acme', {})) raws.push(e.raw);
    await store.close();
    expect(tags(raws)).toEqual(['s1', 's2']);

    // a second start reuses the generated certificate and stops cleanly too
    const again = await start(args);
    expect(again.stderr()).not.toContain('generated a self-signed');
    expect(again.lines.some((l) => l.startsWith('operator login:'))).toBe(false);
    const exit2 = stopped(again.child);
    again.child.kill('SIGTERM');
    expect(await exit2).toEqual({ code: 0, signal: null });
  }, 90_000);
});
