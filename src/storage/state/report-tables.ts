/** Row types of the report archive (migration 0005-reports). */

export interface ReportsTable {
  id: string;
  tenant: string | null;
  /** 'monthly' | 'on-demand' | 'programme' */
  kind: string;
  period_from: number;
  period_to: number;
  lang: string;
  /** 'queued' | 'running' | 'ready' | 'failed' */
  status: string;
  progress: number;
  /** path relative to DATA/reports */
  file: string | null;
  bytes: number | null;
  pages: number | null;
  error: string | null;
  dedup_key: string | null;
  created_by: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface ReportTables {
  reports: ReportsTable;
}
