/**
 * The ingest bus on NATS JetStream (scale-out mode).
 *
 * - One stream (file storage, work-queue retention: a batch leaves the stream when a
 *   writer acknowledges it) on the subjects `<prefix>.<tenant-or-shard>`.
 * - Publish sets `msgID` = batch id: a collector that retries a publish whose ack it
 *   never saw gets a duplicate ack within the stream's duplicate window, not a second copy.
 * - Writers share one durable pull consumer (the group name): each batch goes to one of
 *   them, explicit ack after the handler, `nak(retryDelayMs)` when it throws, and
 *   `working()` while it runs so only a dead writer's batches time out (`ack_wait`).
 * - The connection reconnects forever; the pull consumer re-issues its pulls after a
 *   reconnect (idle heartbeats tell it the server is gone).
 */

import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { headers, type NatsConnection, nanos } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  type BusBatch,
  type BusConsumeOptions,
  type BusConsumer,
  type BusHandler,
  type ConsumeSettings,
  checkBatchId,
  consumeSettings,
  DEFAULT_DUPLICATE_WINDOW_MS,
  type IngestBus,
  subjectToken,
} from './bus.js';

const TENANT_HEADER = 'Otasuke-Tenant';
const MSG_ID_HEADER = 'Nats-Msg-Id';

export interface NatsBusOptions {
  /** e.g. nats://127.0.0.1:4222 (comma-separated for a cluster). */
  servers: string;
  /** Stream name (default OTASUKE_INGEST). */
  stream?: string;
  /** Subject prefix (default otasuke.ingest); the stream takes `<prefix>.>`. */
  subjectPrefix?: string;
  duplicateWindowMs?: number;
  /** Stream size cap; when full, publishes fail (collectors keep spooling) rather than old batches being dropped. */
  maxBytes?: number;
  /** Wait for a publish ack (default 5 s). */
  publishTimeoutMs?: number;
  /** Connection name shown by the server's monitoring. */
  name?: string;
}

export class NatsBus implements IngestBus {
  private readonly consumers = new Set<NatsConsumer>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    readonly subjectPrefix: string,
    private readonly publishTimeoutMs: number,
  ) {}

  static async open(o: NatsBusOptions): Promise<NatsBus> {
    const stream = o.stream ?? 'OTASUKE_INGEST';
    const prefix = o.subjectPrefix ?? 'otasuke.ingest';
    const nc = await connect({
      servers: o.servers.split(',').map((s) => s.trim()),
      name: o.name ?? 'otasuke',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const cfg = {
        subjects: [`${prefix}.>`],
        duplicate_window: nanos(o.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
        max_bytes: o.maxBytes ?? -1,
        // A full stream refuses new batches (collectors keep spooling) instead of
        // discarding the oldest unacknowledged ones.
        discard: DiscardPolicy.New,
      };
      try {
        await jsm.streams.info(stream);
        await jsm.streams.update(stream, cfg);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        await jsm.streams.add({
          name: stream,
          storage: StorageType.File,
          retention: RetentionPolicy.Workqueue,
          ...cfg,
        });
      }
      return new NatsBus(nc, jetstream(nc), jsm, stream, prefix, o.publishTimeoutMs ?? 5_000);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  /** The server's max_payload (headers included): what one message may carry. */
  get maxPayloadBytes(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  async publish(batch: BusBatch): Promise<void> {
    checkBatchId(batch.id);
    const h = headers();
    if (batch.tenant !== undefined) h.set(TENANT_HEADER, batch.tenant);
    // No retry loop here: a failed publish rejects and the collector keeps the batch
    // in its spool; publishing it again later is safe (same msgID, same batch id).
    await this.js.publish(`${this.subjectPrefix}.${subjectToken(batch.tenant)}`, batch.payload, {
      msgID: batch.id,
      headers: h,
      timeout: this.publishTimeoutMs,
    });
  }

  async consume(group: string, handler: BusHandler, opts?: BusConsumeOptions): Promise<BusConsumer> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(group))
      throw new Error(`group ${JSON.stringify(group)} is not 1-64 of [A-Za-z0-9_-]`);
    const s = consumeSettings(opts);
    const cfg = {
      ack_wait: nanos(s.ackWaitMs),
      max_deliver: s.maxDeliver,
      // Batches out at once across the group: enough for every writer's concurrency.
      max_ack_pending: 1_000,
    };
    try {
      await this.jsm.consumers.info(this.stream, group);
      await this.jsm.consumers.update(this.stream, group, cfg);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.jsm.consumers.add(this.stream, {
        durable_name: group,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...cfg,
      });
    }
    const consumer = await this.js.consumers.get(this.stream, group);
    const messages = await consumer.consume({
      max_messages: s.concurrency,
      idle_heartbeat: 5_000,
      expires: 30_000,
    });
    const c = new NatsConsumer(messages, handler, s, () => this.consumers.delete(c));
    this.consumers.add(c);
    c.start();
    return c;
  }

  /** Work-queue retention: the messages still in the stream are the unacknowledged ones. */
  async backlog(): Promise<number> {
    return (await this.jsm.streams.info(this.stream)).state.messages;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await this.nc.drain();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  const msg = String(e?.message ?? '');
  return /not found/i.test(msg) || e?.api_error?.err_code === 10059 || e?.api_error?.err_code === 10014;
}

type Messages = Awaited<ReturnType<Awaited<ReturnType<JetStreamClient['consumers']['get']>>['consume']>>;

class NatsConsumer implements BusConsumer {
  private readonly inFlight = new Set<Promise<void>>();
  private waiting: (() => void) | null = null;
  private stopping = false;
  private abandoned = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly messages: Messages,
    private readonly handler: BusHandler,
    private readonly s: ConsumeSettings,
    private readonly onDone: () => void,
  ) {}

  start(): void {
    this.loop = (async () => {
      for await (const m of this.messages) {
        if (this.stopping) {
          // Pulled but not started: back to the group at once, not after ack_wait.
          if (!this.abandoned) m.nak();
          continue;
        }
        const run = this.handle(m);
        this.inFlight.add(run);
        void run.finally(() => {
          this.inFlight.delete(run);
          this.waiting?.();
        });
        while (this.inFlight.size >= this.s.concurrency && !this.stopping)
          await new Promise<void>((r) => {
            this.waiting = r;
          });
      }
    })().catch(() => undefined);
  }

  private async handle(m: JsMsg): Promise<void> {
    const delivery = {
      id: m.headers?.get(MSG_ID_HEADER) || `seq-${m.seq}`,
      tenant: m.headers?.get(TENANT_HEADER) || null,
      payload: m.data,
      deliveries: m.info.deliveryCount,
    };
    // Progress while the handler runs: only a writer that stopped answering loses its batch.
    const beat = setInterval(
      () => {
        if (!this.abandoned) m.working();
      },
      Math.max(50, Math.floor(this.s.ackWaitMs / 3)),
    );
    try {
      await this.handler(delivery);
      clearInterval(beat);
      if (this.abandoned) return;
      // Confirmed ack: if it is lost anyway, the redelivery is skipped by the batch id.
      await m.ackAck().catch(() => false);
    } catch (err) {
      clearInterval(beat);
      if (this.abandoned) return;
      const final = this.s.maxDeliver !== -1 && delivery.deliveries >= this.s.maxDeliver;
      this.s.onError(err, { id: delivery.id, deliveries: delivery.deliveries, final });
      m.nak(this.s.retryDelayMs);
    }
  }

  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.waiting?.();
      await Promise.allSettled([...this.inFlight]);
      await this.messages.close();
      await this.loop;
      this.onDone();
    }
  }

  async abandon(): Promise<void> {
    this.abandoned = true;
    this.stopping = true;
    this.waiting?.();
    await this.messages.close();
    await this.loop;
    this.onDone();
  }
}
