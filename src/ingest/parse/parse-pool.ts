/**
 * Worker threads that parse + classify + encode chunks in parallel while the caller
 * (the single store writer) keeps its thread for I/O. Falls back to in-thread parsing
 * when `size` is 0 or when running from TypeScript sources (tests), where the compiled
 * worker does not exist.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ChunkOptions, type ChunkResult, processChunk } from './chunk-processor.js';

function workerPath(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return here.replace(/parse-pool\.js$/, 'parse-worker.js');
  // running from src/*.ts: use the build output (npm test builds first)
  const built = here.replace(
    /\/src\/ingest\/parse\/parse-pool\.ts$/,
    '/dist/src/ingest/parse/parse-worker.js',
  );
  return existsSync(built) ? built : null;
}

interface Pending {
  resolve: (r: ChunkResult) => void;
  reject: (e: Error) => void;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[] = [];
  private nextId = 0;

  constructor(size = Math.max(1, availableParallelism())) {
    const path = size > 0 ? workerPath() : null;
    if (!path) return;
    for (let i = 0; i < size; i++) {
      const w = new Worker(path);
      w.on('message', (m: { id: number; result?: ChunkResult; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[i]--;
        if (m.error !== undefined) p.reject(new Error(`parse worker: ${m.error}`));
        else p.resolve(m.result as ChunkResult);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Parses a chunk of whole lines. The bytes are copied into a transferable buffer. */
  run(bytes: Uint8Array, opts: ChunkOptions): Promise<ChunkResult> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(processChunk(bytes, opts));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[best]) best = i;
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const id = this.nextId++;
    this.load[best]++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[best].postMessage({ id, bytes: copy, opts }, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
