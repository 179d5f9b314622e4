import { describe, expect, it } from 'vitest';
import { type ClaimPack, claimCsv } from './claims-export.js';

const pack: ClaimPack = {
  summary: {
    claimNumber: 'I-2026-0001',
    status: 'draft',
    companyName: '=HYPERLINK("http://evil.example")',
    insurer: 'Example 損保',
    policyNumber: 'CY-001',
    product: null,
    policyPeriod: '2026-01-01/2026-12-31',
    caseNumber: 'C-2026-0007',
    incidentDate: '2026-02-01',
    notifiedInsurerAt: null,
    submittedAt: null,
    decidedAt: null,
    claimedYen: 150_000,
    coveredYen: 100_000,
    uncoveredYen: 50_000,
    deductibleYen: 10_000,
    payableYen: 90_000,
    approvedYen: null,
    paidYen: null,
  },
  items: [
    {
      incurredOn: '2026-02-02',
      kind: 'dispatch',
      description: '+cmd|calc',
      amountYen: 100_000,
      covered: true,
      dispatchNumber: 'D-2026-0003',
    },
    {
      incurredOn: '2026-02-03',
      kind: 'legal',
      description: '弁護士相談, 1時間',
      amountYen: 50_000,
      covered: false,
      dispatchNumber: null,
    },
  ],
  documents: [{ docType: 'invoices', status: 'attached', attachment: '@invoice.pdf', note: null }],
};

describe('claim CSV', () => {
  const csv = claimCsv(pack, 'ja');
  const lines = csv.split('\r\n');

  it('starts with a BOM and has the three sections', () => {
    expect(csv.startsWith('\uFEFF請求概要\r\n')).toBe(true);
    expect(lines).toContain('費用明細');
    expect(lines).toContain('提出書類');
    expect(lines).toContain('証券番号,CY-001');
    expect(lines).toContain('支払見込額（円）,90000');
    expect(lines).toContain('状態,作成中');
  });

  it('no cell can start a formula', () => {
    expect(csv).toContain(`会社名,"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).toContain("2026-02-02,駆け付け費用,'+cmd|calc,100000,対象,D-2026-0003");
    expect(csv).toContain("請求書・領収書,添付済み,'@invoice.pdf,");
    for (const line of lines.slice(1))
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+@-]/);
  });

  it('quotes cells with commas, and speaks English when asked', () => {
    expect(csv).toContain('"弁護士相談, 1時間"');
    const en = claimCsv(pack, 'en');
    expect(en).toContain('Policy number,CY-001');
    expect(en).toContain('on-site dispatch');
  });
});
