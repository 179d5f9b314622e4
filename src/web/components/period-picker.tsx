/** This week / this month / last 7 months / custom dates (Japan calendar); kept in the URL. */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  choiceFromSearch,
  choiceToSearch,
  type PeriodChoice,
  type PeriodKind,
  type ResolvedPeriod,
  resolvePeriod,
} from '../period.js';
import { FormError } from './form-field.js';

export function usePeriod(): {
  choice: PeriodChoice;
  period: ResolvedPeriod;
  setChoice: (c: PeriodChoice) => void;
} {
  const [sp, setSp] = useSearchParams();
  const choice = choiceFromSearch(sp);
  const period = resolvePeriod(choice);
  const setChoice = (c: PeriodChoice) => setSp(choiceToSearch(c, sp), { replace: true });
  return { choice, period, setChoice };
}

const KINDS: PeriodKind[] = ['week', 'month', 'months7', 'custom'];

export function PeriodPicker() {
  const { t } = useTranslation();
  const { choice, period, setChoice } = usePeriod();
  const [from, setFrom] = useState(choice.fromDate || period.fromDate);
  const [to, setTo] = useState(choice.toDate || period.toDate);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const pick = (kind: PeriodKind) => {
    setError(null);
    if (kind === 'custom') setChoice({ kind, fromDate: from, toDate: to });
    else setChoice({ kind });
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || to < from) {
      setError(t('period.invalid'));
      return;
    }
    setError(null);
    setChoice({ kind: 'custom', fromDate: from, toDate: to });
  };

  return (
    <form className="period" onSubmit={apply}>
      <fieldset>
        <legend>{t('period.legend')}</legend>
        <div className="segmented">
          {KINDS.map((k) => (
            <button key={k} type="button" aria-pressed={choice.kind === k} onClick={() => pick(k)}>
              {t(`period.${k}`)}
            </button>
          ))}
        </div>
        {choice.kind === 'custom' ? (
          <div className="period-custom">
            <label htmlFor={`${id}-from`}>{t('period.from')}</label>
            <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            <label htmlFor={`${id}-to`}>{t('period.to')}</label>
            <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            <button type="submit">{t('period.apply')}</button>
          </div>
        ) : null}
        <FormError error={error} />
        <p className="period-shown">{t('period.shown', { from: period.fromDate, to: period.toDate })}</p>
      </fieldset>
    </form>
  );
}
