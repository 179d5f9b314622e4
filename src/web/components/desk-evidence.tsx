/**
 * Staff on a company's event search: pick one of the company's open cases, then keep
 * any listed event on it as evidence (a link of kind \"event\", the event itself kept).
 */
import { type ReactElement, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CaseSummary } from '../api.js';
import { useData } from '../use-data.js';
import { fieldErrorText } from './desk-ui.js';
import type { Flash } from './flash-message.js';

export interface EvidenceTarget {
  caseId: string;
  add(event: Record<string, unknown>): Promise<void>;
}

/** The case picker (staff only: `enabled`); answers the chosen case (null: none) and how to add to it. */
export function useEvidenceTarget(
  tenant: string,
  enabled: boolean,
): {
  picker: ReactElement;
  target: EvidenceTarget | null;
  flash: Flash;
} {
  const { t } = useTranslation();
  const [caseId, setCaseId] = useState('');
  const [flash, setFlash] = useState<Flash>(null);
  const cases = useData(
    (signal): Promise<{ cases: CaseSummary[] }> =>
      enabled
        ? api.desk.cases({ tenant, status: 'open', limit: 100 }, { signal })
        : Promise.resolve({ cases: [] as CaseSummary[] }),
    `evidence-cases-${tenant}-${enabled}`,
  );
  const list = cases.data?.cases ?? [];
  const picker = (
    <div className="field evidence-picker">
      <label htmlFor="ev-case">{t('evidence.case')}</label>
      <select id="ev-case" value={caseId} onChange={(e) => setCaseId(e.target.value)}>
        <option value="">{list.length === 0 ? t('evidence.noCases') : t('evidence.choose')}</option>
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.number} {c.title}
          </option>
        ))}
      </select>
    </div>
  );
  const target: EvidenceTarget | null =
    enabled && caseId
      ? {
          caseId,
          async add(event) {
            setFlash(null);
            try {
              await api.desk.addLink(caseId, { kind: 'event', event });
              const c = list.find((x) => x.id === caseId);
              setFlash({ ok: true, text: t('evidence.added', { number: c?.number ?? '' }) });
            } catch (e) {
              setFlash({ ok: false, text: fieldErrorText(t, e, {}) });
            }
          },
        }
      : null;
  return { picker, target, flash };
}
