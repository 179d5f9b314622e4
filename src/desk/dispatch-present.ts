/**
 * The fields of a dispatch that leave the server: `dispatch` for staff, and
 * `companyDispatch` for the company (no requester, no staff ids; the engineer's display
 * name stays, the company needs to know who is coming).
 */
import type { Selectable } from 'kysely';
import type { DeskDispatchesTable } from '../storage/state/desk-tables.js';
import { travelMinutes, type VisitTimes, workMinutes } from './dispatch-model.js';
import type { DispatchStatus } from './model.js';

export interface DispatchRecord extends Selectable<DeskDispatchesTable> {
  case_number: string | null;
  company_name: string | null;
  engineer_name: string | null;
  requested_by_name: string | null;
  filed_by_name: string | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface DispatchView {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string | null;
  tenant: string;
  companyName: string | null;
  status: DispatchStatus;
  reason: string;
  siteAddress: string | null;
  siteContact: string | null;
  requestedAt: string;
  requestedBy: PersonRef | null;
  engineer: PersonRef | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  leftAt: string | null;
  returnedAt: string | null;
  travelMinutes: number | null;
  workMinutes: number | null;
  report: {
    findings: string;
    actionsTaken: string;
    advice: string;
    filedAt: string;
    filedBy: PersonRef | null;
  } | null;
  signOff: { name: string; comment: string | null; at: string } | null;
  cancelReason: string | null;
}

export type CompanyDispatchView = Omit<DispatchView, 'requestedBy' | 'engineer' | 'report'> & {
  engineer: { name: string } | null;
  report:
    | (Omit<NonNullable<DispatchView['report']>, 'filedBy'> & { filedBy: { name: string } | null })
    | null;
};

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function person(id: string | null, name: string | null): PersonRef | null {
  // a user deleted since keeps their id, shown without a name rather than dropped
  return id === null ? null : { id, name: name ?? '' };
}

export function visitTimes(r: DispatchRecord | Selectable<DeskDispatchesTable>): VisitTimes {
  return { departedAt: r.departed_at, arrivedAt: r.arrived_at, leftAt: r.left_at, returnedAt: r.returned_at };
}

export function presentDispatch(r: DispatchRecord): DispatchView {
  const times = visitTimes(r);
  return {
    id: r.id,
    number: r.number,
    caseId: r.case_id,
    caseNumber: r.case_number,
    tenant: r.tenant,
    companyName: r.company_name,
    status: r.status as DispatchStatus,
    reason: r.reason,
    siteAddress: r.site_address,
    siteContact: r.site_contact,
    requestedAt: new Date(r.requested_at).toISOString(),
    requestedBy: person(r.requested_by, r.requested_by_name),
    engineer: person(r.engineer_id, r.engineer_name),
    scheduledStart: iso(r.scheduled_start),
    scheduledEnd: iso(r.scheduled_end),
    departedAt: iso(r.departed_at),
    arrivedAt: iso(r.arrived_at),
    leftAt: iso(r.left_at),
    returnedAt: iso(r.returned_at),
    travelMinutes: travelMinutes(times),
    workMinutes: workMinutes(times),
    report:
      r.report_filed_at === null
        ? null
        : {
            findings: r.findings ?? '',
            actionsTaken: r.actions_taken ?? '',
            advice: r.advice ?? '',
            filedAt: new Date(r.report_filed_at).toISOString(),
            filedBy: person(r.report_filed_by, r.filed_by_name),
          },
    signOff:
      r.signed_off_at === null
        ? null
        : {
            name: r.sign_off_name ?? '',
            comment: r.sign_off_comment,
            at: new Date(r.signed_off_at).toISOString(),
          },
    cancelReason: r.cancel_reason,
  };
}

export function presentCompanyDispatch(r: DispatchRecord): CompanyDispatchView {
  const { requestedBy: _requestedBy, engineer, report, ...rest } = presentDispatch(r);
  return {
    ...rest,
    engineer: engineer === null ? null : { name: engineer.name },
    report:
      report === null ? null : { ...report, filedBy: report.filedBy ? { name: report.filedBy.name } : null },
  };
}
