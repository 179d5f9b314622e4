/**
 * Fault test: the NATS server restarts under a running writer and publishing collectors.
 * Starts a private nats-server (its own port and store folder), so it runs only when
 * NATS tests are wanted (OTASUKE_TEST_NATS_URL set) and the binary is installed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/ports.js';
import { waitFor } from './bus.contract.case.js';
import { NatsBus } from './nats-bus.js';

const BIN = ['/usr/sbin/nats-server', '/usr/bin/nats-server', 'nats-server'].find(
  (b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).error === undefined,
);
const wanted = process.env.OTASUKE_TEST_NATS_URL !== undefined;
const skip = !wanted
  ? 'OTASUKE_TEST_NATS_URL is not set'
  : BIN === undefined
    ? 'no nats-server binary (apt-get install nats-server)'
    : null;
if (skip) console.log(`NATS restart fault test skipped: ${skip}`);

function portOpen(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      r(true);
    });
    s.once('error', () => r(false));
  });
}

describe.skipIf(skip !== null)('NatsBus across a server restart', () => {
  // Made by the test itself: a skipped describe still runs its body.
  let dir = '';
  let server: ChildProcess | null = null;
  let port = 0;

  const start = async () => {
    server = spawn(BIN as string, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
      stdio: 'ignore',
    });
    await waitFor('nats-server to listen', () => portOpen(port));
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };
  afterAll(async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps publishing and consuming after the server comes back, losing nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-nats-'));
    port = await freePort();
    await start();
    const bus = await NatsBus.open({ servers: `nats://127.0.0.1:${port}`, stream: 'OTASUKE_FAULT' });
    try {
      const got = new Set<string>();
      const c = await bus.consume('writers', async (m) => void got.add(m.id), {
        ackWaitMs: 2_000,
        retryDelayMs: 50,
      });
      for (let i = 0; i < 5; i++) await bus.publish({ id: `before-${i}`, payload: new Uint8Array([i]) });
      await waitFor('the first batches', () => got.size === 5);

      await stop();
      await start();
      // A collector retries a publish that failed (its spool keeps the batch meanwhile).
      for (let i = 0; i < 5; i++) {
        const batch = { id: `after-${i}`, payload: new Uint8Array([i]) };
        await waitFor(`publish of ${batch.id}`, () =>
          bus.publish(batch).then(
            () => true,
            () => false,
          ),
        );
      }
      await waitFor('the batches published after the restart', () => got.size === 10);
      await waitFor('an empty queue', async () => (await bus.backlog()) === 0);
      expect([...got].sort()).toEqual(
        [
          ...Array.from({ length: 5 }, (_, i) => `after-${i}`),
          ...Array.from({ length: 5 }, (_, i) => `before-${i}`),
        ].sort(),
      );
      await c.stop();
    } finally {
      await bus.close();
    }
  });
});
