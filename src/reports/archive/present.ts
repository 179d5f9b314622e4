/** The fields of an archived report that leave the server (never the file path). */
import type { ReportRow } from './repo.js';

export function presentReport(r: ReportRow, tenantPath: string) {
  return {
    id: r.id,
    kind: r.kind,
    from: new Date(Number(r.period_from)).toISOString(),
    to: new Date(Number(r.period_to)).toISOString(),
    lang: r.lang,
    status: r.status,
    progress: r.progress,
    pages: r.pages,
    bytes: r.bytes === null ? null : Number(r.bytes),
    error: r.status === 'failed' ? 'the report could not be made; try again or ask the desk' : null,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)).toISOString(),
    scheduled: r.created_by === null,
    download: r.status === 'ready' ? `${tenantPath}/reports/${r.id}/pdf` : null,
  };
}
