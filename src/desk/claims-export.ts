/**
 * The claim pack for the insurer: summary (company, policy, case, incident date, totals),
 * cost items and the documents checklist — as JSON, or as one CSV file for Excel (UTF-8
 * BOM; cells that a spreadsheet would run as a formula are neutralised, since case texts
 * and descriptions are typed by people).
 */
import type { Transaction } from 'kysely';
import { CSV_BOM, csvCell } from '../portal/csv.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import type { ClaimView } from './claims-present.js';

export type ExportLang = 'ja' | 'en';

export interface ClaimPack {
  summary: {
    claimNumber: string;
    status: string;
    companyName: string | null;
    insurer: string;
    policyNumber: string;
    product: string | null;
    policyPeriod: string;
    caseNumber: string | null;
    incidentDate: string;
    notifiedInsurerAt: string | null;
    submittedAt: string | null;
    decidedAt: string | null;
    claimedYen: number;
    coveredYen: number;
    uncoveredYen: number;
    deductibleYen: number;
    payableYen: number;
    approvedYen: number | null;
    paidYen: number | null;
  };
  items: {
    incurredOn: string;
    kind: string;
    description: string;
    amountYen: number;
    covered: boolean;
    dispatchNumber: string | null;
  }[];
  documents: { docType: string; status: string; attachment: string | null; note: string | null }[];
}

/** Gathers the pack: dispatch numbers and attachment file names instead of internal ids. */
export async function claimPack(
  db: StateDb | Transaction<StateTables>,
  claim: ClaimView,
): Promise<ClaimPack> {
  const dispatchIds = claim.items.map((i) => i.dispatchId).filter((v): v is string => v !== null);
  const attachmentIds = claim.documents.map((d) => d.attachmentId).filter((v): v is string => v !== null);
  const dispatches =
    dispatchIds.length === 0
      ? []
      : await db
          .selectFrom('desk_dispatches')
          .select(['id', 'number'])
          .where('tenant', '=', claim.tenant)
          .where('id', 'in', dispatchIds)
          .execute();
  const files =
    attachmentIds.length === 0
      ? []
      : await db
          .selectFrom('desk_attachments')
          .select(['id', 'file_name'])
          .where('tenant', '=', claim.tenant)
          .where('case_id', '=', claim.caseId)
          .where('id', 'in', attachmentIds)
          .execute();
  const numberOf = new Map(dispatches.map((d) => [d.id, d.number]));
  const fileOf = new Map(files.map((f) => [f.id, f.file_name]));
  const t = claim.totals;
  return {
    summary: {
      claimNumber: claim.number,
      status: claim.status,
      companyName: claim.companyName,
      insurer: claim.policy.insurer,
      policyNumber: claim.policy.policyNumber,
      product: claim.policy.product,
      policyPeriod: `${claim.policy.periodStart}/${claim.policy.periodEnd}`,
      caseNumber: claim.caseNumber,
      incidentDate: claim.incidentDate,
      notifiedInsurerAt: claim.notifiedInsurerAt,
      submittedAt: claim.submittedAt,
      decidedAt: claim.decidedAt,
      claimedYen: t.claimedYen,
      coveredYen: t.coveredYen,
      uncoveredYen: t.uncoveredYen,
      deductibleYen: t.deductibleYen,
      payableYen: t.payableYen,
      approvedYen: claim.approvedYen,
      paidYen: claim.paidYen,
    },
    items: claim.items.map((i) => ({
      incurredOn: i.incurredOn,
      kind: i.kind,
      description: i.description,
      amountYen: i.amountYen,
      covered: i.covered,
      dispatchNumber: i.dispatchId === null ? null : (numberOf.get(i.dispatchId) ?? null),
    })),
    documents: claim.documents.map((d) => ({
      docType: d.docType,
      status: d.status,
      attachment: d.attachmentId === null ? null : (fileOf.get(d.attachmentId) ?? null),
      note: d.note,
    })),
  };
}

type Labels = Record<string, { ja: string; en: string }>;

const SUMMARY_LABELS: Labels = {
  claimNumber: { ja: '請求番号', en: 'Claim number' },
  status: { ja: '状態', en: 'Status' },
  companyName: { ja: '会社名', en: 'Company' },
  insurer: { ja: '保険会社', en: 'Insurer' },
  policyNumber: { ja: '証券番号', en: 'Policy number' },
  product: { ja: '保険商品', en: 'Product' },
  policyPeriod: { ja: '保険期間', en: 'Policy period' },
  caseNumber: { ja: '案件番号', en: 'Case number' },
  incidentDate: { ja: '事故発生日', en: 'Incident date' },
  notifiedInsurerAt: { ja: '保険会社への通知日時', en: 'Insurer notified at' },
  submittedAt: { ja: '請求日時', en: 'Submitted at' },
  decidedAt: { ja: '査定日時', en: 'Decided at' },
  claimedYen: { ja: '請求額合計（円）', en: 'Claimed (JPY)' },
  coveredYen: { ja: '補償対象額（円）', en: 'Covered (JPY)' },
  uncoveredYen: { ja: '補償対象外額（円）', en: 'Not covered (JPY)' },
  deductibleYen: { ja: '免責金額（円）', en: 'Deductible (JPY)' },
  payableYen: { ja: '支払見込額（円）', en: 'Payable (JPY)' },
  approvedYen: { ja: '認定額（円）', en: 'Approved (JPY)' },
  paidYen: { ja: '支払額（円）', en: 'Paid (JPY)' },
};

const WORDS: Labels = {
  summary: { ja: '請求概要', en: 'Summary' },
  item: { ja: '項目', en: 'Item' },
  value: { ja: '値', en: 'Value' },
  items: { ja: '費用明細', en: 'Cost items' },
  incurredOn: { ja: '発生日', en: 'Date' },
  kind: { ja: '費用区分', en: 'Kind' },
  description: { ja: '内容', en: 'Description' },
  amountYen: { ja: '金額（円）', en: 'Amount (JPY)' },
  covered: { ja: '補償対象', en: 'Covered' },
  dispatchNumber: { ja: '駆け付け番号', en: 'Dispatch' },
  documents: { ja: '提出書類', en: 'Documents' },
  docType: { ja: '書類', en: 'Document' },
  docStatus: { ja: '状態', en: 'Status' },
  attachment: { ja: '添付ファイル', en: 'Attachment' },
  note: { ja: '備考', en: 'Note' },
  yes: { ja: '対象', en: 'yes' },
  no: { ja: '対象外', en: 'no' },
};

const VALUES: Labels = {
  // claim statuses
  draft: { ja: '作成中', en: 'draft' },
  submitted: { ja: '請求済み', en: 'submitted' },
  approved: { ja: '認定', en: 'approved' },
  rejected: { ja: '不認定', en: 'rejected' },
  paid: { ja: '支払済み', en: 'paid' },
  // cost kinds
  dispatch: { ja: '駆け付け費用', en: 'on-site dispatch' },
  investigation: { ja: '調査費用', en: 'investigation' },
  recovery: { ja: '復旧費用', en: 'recovery' },
  legal: { ja: '法律相談費用', en: 'legal' },
  notification: { ja: '通知・お詫び費用', en: 'notification' },
  other: { ja: 'その他', en: 'other' },
  // documents and their state
  'incident-report': { ja: '事故報告書', en: 'incident report' },
  timeline: { ja: '対応経過記録', en: 'response timeline' },
  'visit-report': { ja: '駆け付け報告書', en: 'visit report' },
  invoices: { ja: '請求書・領収書', en: 'invoices' },
  'police-report': { ja: '警察への届出', en: 'police report' },
  'policy-certificate': { ja: '保険証券', en: 'policy certificate' },
  missing: { ja: '未提出', en: 'missing' },
  attached: { ja: '添付済み', en: 'attached' },
  'not-needed': { ja: '不要', en: 'not needed' },
};

function row(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function claimCsv(pack: ClaimPack, lang: ExportLang): string {
  const w = (k: string) => WORDS[k]?.[lang] ?? k;
  const v = (k: string) => VALUES[k]?.[lang] ?? k;
  let out = CSV_BOM;
  out += row([w('summary')]);
  out += row([w('item'), w('value')]);
  for (const [key, value] of Object.entries(pack.summary)) {
    const shown = key === 'status' && typeof value === 'string' ? v(value) : value;
    out += row([SUMMARY_LABELS[key]?.[lang] ?? key, shown]);
  }
  out += '\r\n';
  out += row([w('items')]);
  out += row([
    w('incurredOn'),
    w('kind'),
    w('description'),
    w('amountYen'),
    w('covered'),
    w('dispatchNumber'),
  ]);
  for (const i of pack.items)
    out += row([
      i.incurredOn,
      v(i.kind),
      i.description,
      i.amountYen,
      i.covered ? w('yes') : w('no'),
      i.dispatchNumber,
    ]);
  out += '\r\n';
  out += row([w('documents')]);
  out += row([w('docType'), w('docStatus'), w('attachment'), w('note')]);
  for (const d of pack.documents) out += row([v(d.docType), v(d.status), d.attachment, d.note]);
  return out;
}
