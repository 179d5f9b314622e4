/** The programme-wide results report (issue 6): gather the data, render the PDF, write the CSV, the routes. */
export { programmeReportCsv } from './csv.js';
export { gatherProgrammeReport, type ProgrammeReportDeps, type ProgrammeReportRequest } from './gather.js';
export type { ProgrammeReportData } from './model.js';
export { type RenderOptions, renderProgrammeReport } from './render.js';
export { programmeReportRoutes, reportFileName } from './routes.js';
