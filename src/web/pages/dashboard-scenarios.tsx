/** The four threat scenarios (SPEC §5) with this company's level, its evidence, attack steps and countermeasures. */
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { DataStatus } from '../components/status.js';
import { useTexts } from '../content.js';
import { fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import type { SectionProps } from './dashboard-items.js';

export function ScenariosSection({ tenant, period }: SectionProps) {
  const { t } = useTranslation();
  const texts = useTexts();
  const lang = currentLang();
  const q = useData(
    (signal) => api.scenarios(tenant, period, { signal }),
    `${tenant}|${period.from}|${period.to}`,
  );
  return (
    <section id="scenarios" className="section" aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">{t('scenarios.title')}</h2>
      <p className="help">{t('scenarios.intro')}</p>
      <DataStatus state={q} />
      {q.data ? (
        <div className="scenario-grid" aria-busy={q.loading}>
          {q.data.scenarios.map((s) => {
            const steps = texts.scenarioSteps(s.id);
            const measures = texts.scenarioCountermeasures(s.id);
            const evidence = s.evidence.filter((e) => e.count > 0);
            return (
              <article key={s.id} className={`card scenario level-${s.level}`} aria-labelledby={`sc-${s.id}`}>
                <header className="scenario-head">
                  <h3 id={`sc-${s.id}`}>{texts.scenarioName(s.id)}</h3>
                  <p className={`level-badge level-${s.level}`}>
                    {t('scenarios.level')}: <strong>{texts.levelLabel(s.level)}</strong>
                  </p>
                </header>
                {texts.levelText(s.level) ? <p className="level-text">{texts.levelText(s.level)}</p> : null}
                {texts.scenarioSummary(s.id) ? (
                  <p className="explain">{texts.scenarioSummary(s.id)}</p>
                ) : null}
                <dl className="facts small">
                  <dt>{t('scenarios.frequency')}</dt>
                  <dd>{texts.scenarioFrequency(s.id, s.frequency)}</dd>
                  <dt>{t('scenarios.impact')}</dt>
                  <dd>{texts.scenarioImpact(s.id, s.impact)}</dd>
                </dl>
                <h4>{t('scenarios.evidence')}</h4>
                {evidence.length > 0 ? (
                  <ul className="evidence">
                    {evidence.map((e) => (
                      <li key={e.item}>
                        {texts.itemName(e.item)}: <strong>{fmtNumber(e.count, lang)}</strong>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t('scenarios.noEvidence')}</p>
                )}
                {steps.length > 0 ? (
                  <details open={s.level === 'high' || s.level === 'medium'}>
                    <summary>{t('scenarios.steps')}</summary>
                    <ol>
                      {steps.map((st) => (
                        <li key={st}>{st}</li>
                      ))}
                    </ol>
                  </details>
                ) : null}
                {measures.length > 0 ? (
                  <>
                    <h4>{t('scenarios.countermeasures')}</h4>
                    <ul>
                      {measures.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </article>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
