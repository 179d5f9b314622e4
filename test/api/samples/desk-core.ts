/**
 * Well-formed bodies for the desk's alert, case and consultation write routes, so the
 * tenant-isolation sweep is answered by authorization (403/404), not validation. They
 * aim at company 'alpha-kogyo' where a company is named.
 */
export const DESK_CORE_SAMPLES: Record<string, unknown> = {
  'POST /api/desk/alerts/:id/acknowledge': { note: 'checked' },
  'POST /api/desk/alerts/:id/close': { reason: 'benign', note: 'a test' },
  'POST /api/desk/alerts/:id/escalate': { priority: 'high', title: 'Intruder case' },
  'POST /api/desk/alerts/bulk': { ids: ['fw-alpha-1'], action: 'acknowledge' },
  'POST /api/desk/cases': {
    tenant: 'alpha-kogyo',
    title: 'Intruder case',
    description: 'made by another company',
    category: 'other',
    channel: 'phone',
  },
  'PATCH /api/desk/cases/:id': { title: 'Hijacked' },
  'POST /api/desk/cases/:id/status': { status: 'triage' },
  'POST /api/desk/cases/:id/notes': { body: 'intruder note', visibility: 'company' },
  'POST /api/desk/cases/:id/links': { kind: 'observable', type: 'ip', value: '192.0.2.1' },
  'POST /api/desk/cases/:id/attachments': {},
  'POST /api/companies/:tenant/consultations': { whatHappened: 'intruder consultation', urgency: 'today' },
  'POST /api/companies/:tenant/cases/:id/messages': { body: 'intruder message' },
  'POST /api/companies/:tenant/cases/:id/attachments': {},
};
