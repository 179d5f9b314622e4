/** The per-company diagnostic report: gather the data (state + events), render the PDF. */
export {
  bucketFor,
  type CompanyReportDeps,
  CompanyReportError,
  type CompanyReportErrorCode,
  gatherCompanyReport,
  hasEvents,
  sevenMonths,
} from './gather.js';
export type {
  CompanyReportData,
  CompanyReportRequest,
  DeskContact,
  Recommendation,
  ReportKind,
  ReportLang,
} from './model.js';
export { recommend } from './recommend.js';
export { type RenderCompanyOptions, renderCompanyReport } from './render.js';
