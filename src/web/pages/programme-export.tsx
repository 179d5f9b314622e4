/**
 * Operator-admins: the anonymised export for the programme office (/programme/export).
 * The download is a plain link to GET /api/programme/export (the session cookie goes
 * along), so a file of gigabytes goes straight to disk instead of through the page.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import {
  DEFAULT_K,
  MAX_K,
  MIN_K,
  SHARE_BUCKETS,
  SHARE_FORMATS,
  SHARE_LEVELS,
  type ShareBucket,
  type ShareLevel,
} from '../../sharing/options.js';
import { useUser } from '../auth.js';
import { FormError } from '../components/form-field.js';
import { PeriodPicker, usePeriod } from '../components/period-picker.js';
import { useTitle } from '../use-title.js';

type Format = (typeof SHARE_FORMATS)[number];

/** The link on the programme page (operator-admins only: the export leaves the provider). */
export function ProgrammeExportLink() {
  const { t } = useTranslation();
  const user = useUser();
  const { search } = useLocation();
  if (user.role !== 'operator-admin') return null;
  return (
    <p className="small">
      <Link to={`/programme/export${search}`}>{t('sharing.link')}</Link>
    </p>
  );
}

function exportUrl(q: {
  from: string;
  to: string;
  level: ShareLevel;
  format: Format;
  k: number;
  bucket: ShareBucket;
}): string {
  const p = new URLSearchParams({ from: q.from, to: q.to, level: q.level, format: q.format, k: String(q.k) });
  if (q.level === 'aggregate') p.set('bucket', q.bucket);
  return `/api/programme/export?${p}`;
}

function Radios<T extends string>({
  legend,
  name,
  values,
  value,
  onChange,
  label,
  help,
}: {
  legend: string;
  name: string;
  values: readonly T[];
  value: T;
  onChange: (v: T) => void;
  label: (v: T) => string;
  help?: (v: T) => string;
}) {
  return (
    <fieldset className="radios">
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v} className="check big-choice">
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          <span>
            {label(v)}
            {help ? <span className="help small block">{help(v)}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function ProgrammeExportPage() {
  const { t } = useTranslation();
  useTitle(t('sharing.title'));
  const { period } = usePeriod();
  const [level, setLevel] = useState<ShareLevel>('aggregate');
  const [format, setFormat] = useState<Format>('csv');
  const [bucket, setBucket] = useState<ShareBucket>('month');
  const [kText, setKText] = useState(String(DEFAULT_K));
  const id = useId();
  const k = Number(kText);
  const kOk = Number.isInteger(k) && k >= MIN_K && k <= MAX_K;
  const list = (key: string): string[] => {
    const v: unknown = t(key, { returnObjects: true });
    return Array.isArray(v) ? v.map(String) : [];
  };

  return (
    <div className="page">
      <p className="crumb">
        <Link to="/programme">{t('sharing.back')}</Link>
      </p>
      <h1>{t('sharing.title')}</h1>
      <p className="lead">{t('sharing.intro')}</p>
      <PeriodPicker />
      <form className="panel" onSubmit={(e) => e.preventDefault()} aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('sharing.choose')}</h2>
        <Radios
          legend={t('sharing.level')}
          name={`${id}-level`}
          values={SHARE_LEVELS}
          value={level}
          onChange={setLevel}
          label={(v) => t(`sharing.levels.${v}`)}
          help={(v) => t(`sharing.levelHelp.${v}`)}
        />
        {level === 'aggregate' ? (
          <Radios
            legend={t('sharing.bucket')}
            name={`${id}-bucket`}
            values={SHARE_BUCKETS}
            value={bucket}
            onChange={setBucket}
            label={(v) => t(`sharing.buckets.${v}`)}
          />
        ) : null}
        <Radios
          legend={t('sharing.format')}
          name={`${id}-format`}
          values={SHARE_FORMATS}
          value={format}
          onChange={setFormat}
          label={(v) => t(`sharing.formats.${v}`)}
          help={(v) => t(`sharing.formatHelp.${v}`)}
        />
        <div className="field">
          <label htmlFor={`${id}-k`}>{t('sharing.k')}</label>
          <input
            id={`${id}-k`}
            type="number"
            inputMode="numeric"
            min={MIN_K}
            max={MAX_K}
            step={1}
            value={kText}
            aria-describedby={`${id}-k-help`}
            aria-invalid={!kOk}
            onChange={(e) => setKText(e.target.value)}
          />
          <span id={`${id}-k-help`} className="help small">
            {t('sharing.kHelp')}
          </span>
        </div>
        <FormError error={kOk ? null : t('sharing.kInvalid', { min: MIN_K, max: MAX_K })} />
        <p className="muted small">{t('sharing.period', { from: period.fromDate, to: period.toDate })}</p>
        <div className="buttons">
          {kOk ? (
            <a
              className="button primary"
              href={exportUrl({ from: period.from, to: period.to, level, format, k, bucket })}
              download
            >
              {t('sharing.download')}
            </a>
          ) : null}
        </div>
        <p className="help small">{t('sharing.wait')}</p>
      </form>
      <section className="section" aria-labelledby={`${id}-what`}>
        <h2 id={`${id}-what`}>{t('sharing.whatTitle')}</h2>
        <div className="card-grid">
          <article className="card">
            <h3>{t('sharing.removedTitle')}</h3>
            <ul>
              {list('sharing.removed').map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </article>
          <article className="card">
            <h3>{t('sharing.changedTitle')}</h3>
            <ul>
              {list('sharing.changed').map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </article>
          <article className="card">
            <h3>{t('sharing.keptTitle')}</h3>
            <ul>
              {list('sharing.kept').map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </article>
        </div>
        <p className="helpbox">{t('sharing.secretNote')}</p>
      </section>
    </div>
  );
}
