/**
 * Renders report PDFs in a worker thread so a report (charts, font subsetting: about a
 * second) never stalls the API. From TypeScript sources (tests) it renders in-thread.
 */
import { compiledWorkerPath, WorkerPool } from '../../core/worker-pool.js';
import { renderReport } from './render-any.js';

export interface RenderJob {
  kind: 'company' | 'programme';
  /** The gathered, JSON-serialisable report data. */
  data: unknown;
  /** Epoch ms printed as the creation date. */
  createdAt: number;
}

export interface RenderedPdf {
  pdf: Uint8Array;
  pages: number;
}

export class RenderPool {
  private pool: WorkerPool<RenderedPdf> | null = null;
  private readonly path: string | null;

  constructor(private readonly size = 1) {
    this.path = compiledWorkerPath(import.meta.url, 'src/reports/archive', 'render-worker');
  }

  render(job: RenderJob): Promise<RenderedPdf> {
    if (!this.path || this.size <= 0) return renderReport(job);
    // started on first use: most processes never render a report
    this.pool ??= new WorkerPool<RenderedPdf>(this.path, this.size, 'report worker');
    return this.pool.post({ ...job });
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
