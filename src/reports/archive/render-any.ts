/** One entry point for every report kind a render job may carry. */
import { type CompanyReportData, renderCompanyReport } from '../company/index.js';
import type { ProgrammeReportData } from '../programme/model.js';
import { renderProgrammeReport } from '../programme/render.js';
import type { RenderJob } from './render-pool.js';

export async function renderReport(job: RenderJob): Promise<{ pdf: Uint8Array; pages: number }> {
  const createdAt = new Date(job.createdAt);
  switch (job.kind) {
    case 'company':
      return renderCompanyReport(job.data as CompanyReportData, { createdAt });
    case 'programme':
      return renderProgrammeReport(job.data as ProgrammeReportData, { createdAt });
  }
}
