/** Operator-admin: programme settings (require two-step verification for operators). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { FlashLine } from '../components/flash-message.js';
import { DataStatus, errorText } from '../components/status.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

export function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('settings.title'));
  const q = useData((signal) => api.settings({ signal }), 'settings');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (value: boolean) => {
    setMsg(null);
    try {
      await api.saveSettings({ require_operator_totp: value });
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
              onChange={(e) => save(e.target.checked)}
              aria-describedby="set-totp-help"
            />
            <label htmlFor="set-totp">{t('settings.totp')}</label>
          </div>
          <p id="set-totp-help" className="help">
            {t('settings.totpHelp')}
          </p>
          <FlashLine msg={msg} />
        </div>
      ) : null}
    </div>
  );
}
