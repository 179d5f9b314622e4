/**
 * Well-formed bodies of the dispatch and insurance write routes, for the tenant-isolation
 * sweep: with a valid body, a refusal must come from authorization (403/404), not from
 * validation. Company 'alpha-kogyo' is the sweep's company A.
 */
export const DESK_DISPATCH_SAMPLES: Record<string, unknown> = {
  'POST /api/desk/cases/:id/dispatches': {
    reason: '感染端末の隔離と調査',
    siteAddress: '東京都千代田区1-1',
    siteContact: '総務 田中 03-0000-0000',
  },
  'PATCH /api/desk/dispatches/:id': { siteContact: '総務 鈴木' },
  'POST /api/desk/dispatches/:id/status': { status: 'cancelled', reason: 'お客様都合' },
  'POST /api/desk/dispatches/:id/report': {
    findings: '不審なプロセスを確認',
    actionsTaken: 'LANから切り離し、駆除を実施',
    advice: 'OSとソフトウェアを最新に保つこと',
  },
  'POST /api/desk/dispatches/:id/sign-off': { name: '田中 一郎' },
  'POST /api/companies/:tenant/dispatches/:id/sign-off': {
    name: '田中 一郎',
    comment: 'ありがとうございました',
  },
  'POST /api/companies/:tenant/policies': {
    insurer: 'Example Insurance',
    policyNumber: 'INTRUDER-1',
    limitTotalYen: 1_000_000,
    deductibleYen: 0,
    covered: ['dispatch'],
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  },
  'PATCH /api/desk/policies/:id': { insurer: 'Hijacked Insurance' },
  'POST /api/desk/cases/:id/claims': { policyId: 'p-1', incidentDate: '2026-01-15' },
  'PATCH /api/desk/claims/:id': { notes: 'hijacked' },
  'POST /api/desk/claims/:id/items': {
    kind: 'investigation',
    description: 'フォレンジック調査',
    amountYen: 100_000,
    incurredOn: '2026-01-16',
  },
  'PUT /api/desk/claims/:id/documents/:docType': { status: 'not-needed' },
};
