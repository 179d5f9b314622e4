/**
 * Worker threads that parse + classify + encode chunks in parallel while the caller
 * (the single store writer) keeps its thread for I/O. Falls back to in-thread parsing
 * when `size` is 0 or when running from TypeScript sources (tests), where the compiled
 * worker does not exist.
 */
import { availableParallelism } from 'node:os';
import { compiledWorkerPath, WorkerPool } from '../../core/worker-pool.js';
import { type ChunkOptions, type ChunkResult, processChunk } from './chunk-processor.js';

export class ParsePool {
  private readonly workers: WorkerPool<ChunkResult>;

  constructor(size = Math.max(1, availableParallelism())) {
    const path = compiledWorkerPath(import.meta.url, 'src/ingest/parse', 'parse-worker');
    this.workers = new WorkerPool(path, size, 'parse worker');
  }

  get size(): number {
    return this.workers.size;
  }

  /** Parses a chunk of whole lines. The bytes are copied into a transferable buffer. */
  run(bytes: Uint8Array, opts: ChunkOptions): Promise<ChunkResult> {
    if (this.workers.size === 0) {
      try {
        return Promise.resolve(processChunk(bytes, opts));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return this.workers.post({ bytes: copy, opts }, [copy.buffer]);
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
