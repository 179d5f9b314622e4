/** Usage observations (storage, remote access, input tools, SNS / web mail) and what the UTM cannot see. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { encryptedShareChart } from '../../charts/usage.js';
import { api } from '../api.js';
import { ChartFigure, useChartContext } from '../components/chart-figure.js';
import { DataStatus, ErrorMessage, Loading } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtDateTime, fmtNumber, fmtPercent } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { SectionProps } from './dashboard-items.js';

export function UsageSection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const texts = useTexts();
  const lang = currentLang();
  const q = useData(
    (signal) => api.usage(tenant, period, { signal }),
    `${tenant}|${period.from}|${period.to}`,
  );
  return (
    <section id="usage" className="section" aria-labelledby="usage-title">
      <h2 id="usage-title">{t('usage.title')}</h2>
      <p className="help">{t('usage.intro')}</p>
      <DataStatus state={q} />
      {q.data ? (
        <div className="card-grid wide" aria-busy={q.loading}>
          {q.data.items.map((u) => (
            <article key={u.item} className="card" aria-labelledby={`usage-${u.item}`}>
              <h3 id={`usage-${u.item}`}>{texts.itemName(u.item)}</h3>
              <p className="big-number">{t('dashboard.count', { n: fmtNumber(u.count, lang) })}</p>
              {u.count === 0 ? (
                <p className="muted">{t('usage.none')}</p>
              ) : (
                <div className="stacked-tables">
                  <table className="data compact">
                    <caption>{t('usage.services')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('usage.service')}</th>
                        <th scope="col">{t('usage.times')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {u.services.slice(0, 5).map((s) => (
                        <tr key={s.name}>
                          <th scope="row">{s.name}</th>
                          <td className="num">{fmtNumber(s.n, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <table className="data compact">
                    <caption>{t('usage.hosts')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('usage.host')}</th>
                        <th scope="col">{t('usage.times')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {u.hosts.slice(0, 5).map((h) => (
                        <tr key={h.host}>
                          <th scope="row" className="mono">
                            {h.host}
                          </th>
                          <td className="num">{fmtNumber(h.n, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </article>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function EncryptedChart({ share }: { share: number }) {
  const { t } = useTranslation();
  const ctx = useChartContext();
  const view = useMemo(() => encryptedShareChart(share, ctx), [share, ctx]);
  return (
    <div className="narrow-figure">
      <ChartFigure
        title={t('visibility.encryptedChart')}
        option={view.option}
        label={`${t('visibility.encryptedChart')}: ${view.table.rows.map((r) => r.join(' ')).join('、')}`}
        table={view.table}
        height={240}
      />
    </div>
  );
}

export function VisibilitySection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const q = useData(
    (signal) => api.visibility(tenant, period, { signal }),
    `${tenant}|${period.from}|${period.to}`,
  );
  const v = q.data;
  const texts = useTexts();
  const anySilent = v?.devices.some((d) => d.silent) ?? false;
  const general = texts.pick(texts.visibility?.general);
  const encrypted = texts.pick(texts.visibility?.encrypted);
  const silent = texts.pick(texts.visibility?.silent);
  return (
    <section id="visibility" className="section" aria-labelledby="visibility-title">
      <h2 id="visibility-title">{t('visibility.title')}</h2>
      <p className="help">{t('visibility.intro')}</p>
      {q.error ? <ErrorMessage error={q.error} onRetry={q.reload} /> : null}
      {!v && q.loading ? <Loading /> : null}
      <div className="panel">
        {general ? <p>{general}</p> : null}
        <ul className="cannot-see">
          <li>
            {encrypted ? <strong>{encrypted.title}: </strong> : null}
            {encrypted ? encrypted.text : t('visibility.encryptedUnknown')}
            {v && typeof v.encryptedShare === 'number' ? (
              <strong className="share">
                {' '}
                {t('visibility.encryptedShare', { pct: fmtPercent(v.encryptedShare, lang) })}
              </strong>
            ) : null}
          </li>
          {general ? null : <li>{t('visibility.outside')}</li>}
          <li>{t('visibility.usb')}</li>
          {anySilent && silent ? (
            <li className="warn">
              <strong>{silent.title}: </strong>
              {silent.text}
            </li>
          ) : (
            <li>{t('visibility.silent')}</li>
          )}
        </ul>
        {v && typeof v.encryptedShare === 'number' ? <EncryptedChart share={v.encryptedShare} /> : null}
        {v && v.uninspectedKinds.length > 0 ? (
          <>
            <h3>{t('visibility.uninspected')}</h3>
            <ul className="cannot-see">
              {v.uninspectedKinds.map((k) => {
                const kind = texts.pick(texts.visibility?.kinds?.[k]);
                return (
                  <li key={k} className="warn">
                    {kind ? (
                      <>
                        <strong>{kind.name}: </strong>
                        {kind.missing}
                      </>
                    ) : (
                      k
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
        {v && v.devices.length > 0 ? (
          <div className="table-wrap">
            <table className="data">
              <caption>{t('visibility.devices')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('visibility.device')}</th>
                  <th scope="col">{t('visibility.lastSeen')}</th>
                  <th scope="col">{t('visibility.state')}</th>
                </tr>
              </thead>
              <tbody>
                {v.devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      {d.id}
                      {d.vendor ? <span className="muted"> ({d.vendor})</span> : null}
                    </th>
                    <td>{fmtDateTime(d.lastSeenAt, lang)}</td>
                    <td className={d.silent ? 'warn' : 'good'}>
                      {d.silent ? t('visibility.silentState') : t('visibility.ok')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
