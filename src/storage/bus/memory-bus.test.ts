import { describe, expect, it } from 'vitest';
import { ingestBusContract } from './bus.contract.case.js';
import { MemoryBus } from './memory-bus.js';

ingestBusContract('in-process', async () => new MemoryBus());

describe('MemoryBus specifics', () => {
  it('accepts a batch id again once the duplicate window has passed', async () => {
    let now = 1_000_000;
    const bus = new MemoryBus({ duplicateWindowMs: 60_000, now: () => now });
    await bus.publish({ id: 'x', payload: new Uint8Array([1]) });
    await bus.publish({ id: 'x', payload: new Uint8Array([1]) });
    expect(await bus.backlog()).toBe(1);
    now += 60_000;
    await bus.publish({ id: 'x', payload: new Uint8Array([1]) });
    expect(await bus.backlog()).toBe(2);
    await bus.close();
  });

  it('serves one group (a work queue)', async () => {
    const bus = new MemoryBus();
    const c = await bus.consume('writers', async () => undefined);
    await expect(bus.consume('others', async () => undefined)).rejects.toThrow(/one group/);
    await c.stop();
    await bus.close();
  });
});
