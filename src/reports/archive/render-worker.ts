/** Worker thread: renders a report's PDF from its gathered data, off the API's event loop. */
import { parentPort } from 'node:worker_threads';
import { renderReport } from './render-any.js';
import type { RenderJob } from './render-pool.js';

parentPort?.on('message', async (m: { id: number } & RenderJob) => {
  try {
    const { pdf, pages } = await renderReport(m);
    // a fresh buffer of its own: pdfkit's chunks may share Node's buffer pool
    const out = new Uint8Array(pdf.byteLength);
    out.set(pdf);
    parentPort?.postMessage({ id: m.id, result: { pdf: out, pages } }, [out.buffer]);
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: (err as Error).stack ?? String(err) });
  }
});
