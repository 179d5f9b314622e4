/** Pieces every filtered list shares: the company picker and the search / reset buttons. */
import type { ChangeEventHandler } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useData } from '../use-data.js';

/** "Company: any | …" over the companies the caller may read. */
export function CompanyFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: ChangeEventHandler<HTMLSelectElement>;
}) {
  const { t } = useTranslation();
  const companies = useData((signal) => api.companies({ signal }), 'companies');
  return (
    <div className="field">
      <label htmlFor={id}>{t('desk.company')}</label>
      <select id={id} value={value} onChange={onChange}>
        <option value="">{t('events.any')}</option>
        {(companies.data?.companies ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Search (the form's submit) and reset to the list's defaults. */
export function FilterButtons({ onReset }: { onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="filter-buttons">
      <button type="submit" className="primary">
        {t('events.search')}
      </button>
      <button type="button" onClick={onReset}>
        {t('events.reset')}
      </button>
    </div>
  );
}
