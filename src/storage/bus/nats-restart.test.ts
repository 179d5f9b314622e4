/**
 * Fault test: the NATS server restarts under a running writer and publishing collectors.
 * Starts a private nats-server (its own port and store folder), so it runs only when
 * NATS tests are wanted (OTASUKE_TEST_NATS_URL set) and the binary is installed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  natsServerBinary,
  type PrivateServer,
  startPrivateNats,
} from '../../../test/helpers/scale-cluster.js';
import { waitFor } from './bus.contract.case.js';
import { NatsBus } from './nats-bus.js';

const wanted = process.env.OTASUKE_TEST_NATS_URL !== undefined;
const skip = !wanted
  ? 'OTASUKE_TEST_NATS_URL is not set'
  : natsServerBinary() === null
    ? 'no nats-server binary (apt-get install nats-server)'
    : null;
if (skip) console.log(`NATS restart fault test skipped: ${skip}`);

describe.skipIf(skip !== null)('NatsBus across a server restart', () => {
  let server: PrivateServer | null = null;
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps publishing and consuming after the server comes back, losing nothing', async () => {
    const nats = await startPrivateNats();
    server = nats;
    const bus = await NatsBus.open({ servers: nats.url, stream: 'OTASUKE_FAULT' });
    try {
      const got = new Set<string>();
      const c = await bus.consume('writers', async (m) => void got.add(m.id), {
        ackWaitMs: 2_000,
        retryDelayMs: 50,
      });
      for (let i = 0; i < 5; i++) await bus.publish({ id: `before-${i}`, payload: new Uint8Array([i]) });
      await waitFor('the first batches', () => got.size === 5);

      await nats.stop();
      await nats.start();
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
