/** Operator-admin: programme settings (two-step verification for operators, the alert mail threshold). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RULE_LEVELS } from '../../desk/model.js';
import { api, type Settings } from '../api.js';
import { FlashLine } from '../components/flash-message.js';
import { DataStatus, errorText } from '../components/status.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

export function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('settings.title'));
  const q = useData((signal) => api.settings({ signal }), 'settings');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (patch: Partial<Settings>) => {
    setMsg(null);
    try {
      await api.saveSettings(patch);
      q.reload();
      setMsg({ ok: true, text: t('app.saved') });
    } catch (e) {
      setMsg({ ok: false, text: errorText(t, e) });
    }
  };
  return (
    <div className="page narrow">
      <h1>{t('settings.title')}</h1>
      <DataStatus state={q} />
      {q.data ? (
        <div className="panel">
          <div className="check">
            <input
              id="set-totp"
              type="checkbox"
              checked={q.data.require_operator_totp}
              onChange={(e) => save({ require_operator_totp: e.target.checked })}
              aria-describedby="set-totp-help"
            />
            <label htmlFor="set-totp">{t('settings.totp')}</label>
          </div>
          <p id="set-totp-help" className="help">
            {t('settings.totpHelp')}
          </p>
          <div className="field">
            <label htmlFor="set-alert-level">{t('settings.alertMail')}</label>
            <select
              id="set-alert-level"
              value={q.data['notify.alert_min_level']}
              onChange={(e) =>
                save({ 'notify.alert_min_level': e.target.value as Settings['notify.alert_min_level'] })
              }
              aria-describedby="set-alert-level-help"
            >
              {RULE_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t('alertsQueue.levelOrAbove', { level: t(`desk.levels.${l}`) })}
                </option>
              ))}
            </select>
          </div>
          <p id="set-alert-level-help" className="help">
            {t('settings.alertMailHelp')}
          </p>
          <FlashLine msg={msg} />
        </div>
      ) : null}
    </div>
  );
}
