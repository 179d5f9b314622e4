/** Worker thread: parses chunks posted by ParsePool. */
import { parentPort } from 'node:worker_threads';
import { type ChunkOptions, processChunk } from './chunk-processor.js';

interface Job {
  id: number;
  bytes: Uint8Array;
  opts: ChunkOptions;
}

parentPort?.on('message', (job: Job) => {
  try {
    const result = processChunk(job.bytes, job.opts);
    // the encoded rows move to the writer without a copy
    parentPort?.postMessage({ id: job.id, result }, [result.batch.csv.buffer as ArrayBuffer]);
  } catch (err) {
    // Only a bug gets here (parsers never throw on input); report it instead of dying silently.
    parentPort?.postMessage({
      id: job.id,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
});
