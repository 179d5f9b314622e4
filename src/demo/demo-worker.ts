/** Worker thread: runs demo jobs posted by DemoPool (seed.ts). */
import { parentPort } from 'node:worker_threads';
import { type DemoJob, runDemoJob } from './demo-job.js';

parentPort?.on('message', (m: { id: number; job: DemoJob }) => {
  try {
    const result = runDemoJob(m.job);
    parentPort?.postMessage({ id: m.id, result }, [result.batch.csv.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({
      id: m.id,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
});
