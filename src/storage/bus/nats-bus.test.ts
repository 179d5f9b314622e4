/**
 * The IngestBus contract on a real NATS server with JetStream (OTASUKE_TEST_NATS_URL, e.g.
 * nats://127.0.0.1:4222; docs/scale-out.md starts one). Each bus gets a stream and a
 * subject prefix of its own, deleted after the run.
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestBusContract } from './bus.contract.case.js';
import { NatsBus } from './nats-bus.js';

const url = process.env.OTASUKE_TEST_NATS_URL;

if (!url) {
  console.log('NATS ingest bus tests skipped: set OTASUKE_TEST_NATS_URL (see docs/scale-out.md)');
  describe.skip('IngestBus contract: nats (OTASUKE_TEST_NATS_URL not set)', () => {
    it('runs against a NATS server with JetStream', () => undefined);
  });
} else {
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const streams: string[] = [];
  const open = () => {
    const n = streams.length;
    const stream = `OTASUKE_TEST_${run}_${n}`;
    streams.push(stream);
    return NatsBus.open({
      servers: url,
      stream,
      subjectPrefix: `otasuke.test.${run}.${n}`,
      name: 'otasuke-test',
    });
  };
  afterAll(async () => {
    const nc = await connect({ servers: url });
    try {
      const jsm = await jetstreamManager(nc);
      for (const s of streams) await jsm.streams.delete(s).catch(() => false);
    } finally {
      await nc.close();
    }
  });

  ingestBusContract('nats', open);

  describe('NatsBus specifics', () => {
    it('serves one group (a work-queue stream takes one unfiltered consumer)', async () => {
      const bus = await open();
      const c = await bus.consume('writers', async () => undefined);
      await expect(bus.consume('others', async () => undefined)).rejects.toThrow(
        /work ?queue|non-filtered|unique/i,
      );
      await c.stop();
      await bus.close();
    });

    it('refuses batches when the stream is full instead of dropping unacknowledged ones', async () => {
      const n = streams.length;
      const stream = `OTASUKE_TEST_${run}_${n}`;
      streams.push(stream);
      const bus = await NatsBus.open({
        servers: url,
        stream,
        subjectPrefix: `otasuke.test.${run}.${n}`,
        maxBytes: 4096,
      });
      try {
        const payload = new Uint8Array(1000);
        let accepted = 0;
        let refused: unknown = null;
        for (let i = 0; i < 10 && refused === null; i++)
          await bus.publish({ id: `full-${i}`, payload }).then(
            () => void accepted++,
            (err: unknown) => {
              refused = err;
            },
          );
        expect(refused).not.toBeNull();
        expect(accepted).toBeGreaterThan(0);
        expect(await bus.backlog()).toBe(accepted);
      } finally {
        await bus.close();
      }
    });

    it('opens an existing stream again (a second collector or writer process)', async () => {
      const a = await open();
      await a.publish({ id: 'kept', tenant: 'acme', payload: new Uint8Array([7]) });
      const b = await NatsBus.open({ servers: url, stream: a.stream, subjectPrefix: a.subjectPrefix });
      expect(await b.backlog()).toBe(1);
      await b.close();
      await a.close();
    });
  });
}
