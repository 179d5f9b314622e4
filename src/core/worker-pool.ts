/**
 * A fixed set of worker threads that each answer `{ id, result }` or `{ id, error }` to a
 * posted `{ id, ... }`: a job goes to the least-loaded worker, its answer settles its promise.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';

/**
 * The compiled worker `name` beside the module at `moduleUrl`, which lives in `srcDir`
 * (e.g. 'src/demo'); null when there is none (so the caller works in-thread).
 */
export function compiledWorkerPath(moduleUrl: string, srcDir: string, name: string): string | null {
  const here = fileURLToPath(moduleUrl);
  const dir = dirname(here);
  if (here.endsWith('.js')) return join(dir, `${name}.js`);
  // running from src/*.ts (tests): use the build output (npm test builds first)
  if (!dir.endsWith(`/${srcDir}`)) return null;
  const built = `${dir.slice(0, -srcDir.length)}dist/${srcDir}/${name}.js`;
  return existsSync(built) ? built : null;
}

interface Pending<R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

export class WorkerPool<R> {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending<R>>();
  private readonly load: number[] = [];
  private nextId = 0;

  /** `label` names the worker in the errors it reports. No `path` or `size` 0: no workers. */
  constructor(path: string | null, size: number, label: string) {
    if (!path || size <= 0) return;
    for (let i = 0; i < size; i++) {
      const w = new Worker(path);
      w.on('message', (m: { id: number; result?: R; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[i]--;
        if (m.error !== undefined) p.reject(new Error(`${label}: ${m.error}`));
        else p.resolve(m.result as R);
      });
      w.on('error', (err) => this.rejectPending(err));
      this.workers.push(w);
      this.load.push(0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  post(message: Record<string, unknown>, transfer?: readonly TransferListItem[]): Promise<R> {
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[best]) best = i;
    const id = this.nextId++;
    this.load[best]++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[best].postMessage({ id, ...message }, transfer);
    });
  }

  rejectPending(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
