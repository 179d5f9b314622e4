/** The incident desk's public surface (issue 5): the alert sink for detection and the routes. */
export { type AlertSignal, type AlertSink, type DeliverStats, DeskAlertSink } from './alerts-sink.js';
export { type CaseRow, getCase, loadCaseFor } from './cases-repo.js';
export { deskRoutes } from './routes.js';
export { caseTemplates } from './templates.js';
