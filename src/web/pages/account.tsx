/** The account page: own details, password change, two-step verification (TOTP) setup. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isOperator } from '../api.js';
import { useAuth, useUser } from '../auth.js';
import { FlashLine } from '../components/flash-message.js';
import { Field } from '../components/form-field.js';
import { errorText } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useTitle } from '../use-title.js';
import { PasswordForm } from './password-form.js';

function TotpSection() {
  const { t } = useTranslation();
  const user = useUser();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const fail = (e: unknown) => setMsg({ ok: false, text: errorText(t, e) });

  const start = async () => {
    setMsg(null);
    try {
      setSetup(await api.totpSetup());
    } catch (e) {
      fail(e);
    }
  };
  const enable = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.totpEnable(code);
      setSetup(null);
      setCode('');
      setMsg({ ok: true, text: t('account.totpEnabled') });
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  const disable = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.totpDisable(password);
      setPassword('');
      setMsg({ ok: true, text: t('account.totpDisabled') });
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('account.totpTitle')}</h2>
      <FlashLine msg={msg} />
      {user.totpEnabled ? (
        <form onSubmit={disable} className="stack">
          <p>{t('account.totpOn')}</p>
          <Field
            id="totp-off-pw"
            label={t('account.totpDisablePassword')}
            type="password"
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
          />
          <button type="submit" disabled={!password}>
            {t('account.totpDisable')}
          </button>
        </form>
      ) : setup ? (
        <form onSubmit={enable} className="stack">
          <p>{t('account.totpStep')}</p>
          <Field
            id="totp-secret"
            label={t('account.totpSecret')}
            readOnly
            value={setup.secret}
            className="mono"
          />
          <div className="field">
            <label htmlFor="totp-url">{t('account.totpUrl')}</label>
            <textarea id="totp-url" readOnly value={setup.otpauthUrl} rows={3} className="mono" />
          </div>
          <Field
            id="totp-code"
            label={t('account.totpCode')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onValue={(v) => setCode(v.replace(/\D/g, ''))}
          />
          <button type="submit" className="primary" disabled={code.length !== 6}>
            {t('account.totpEnable')}
          </button>
        </form>
      ) : (
        <>
          <p>{t('account.totpOff')}</p>
          <button type="button" className="primary" onClick={start}>
            {t('account.totpStart')}
          </button>
        </>
      )}
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  useTitle(t('account.title'));
  const user = useUser();
  const lang = currentLang();
  return (
    <div className="page narrow">
      <h1>{t('account.title')}</h1>
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="facts">
          <dt>{t('account.loginName')}</dt>
          <dd>{user.login}</dd>
          <dt>{t('account.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
          {!isOperator(user.role) ? (
            <>
              <dt>{t('account.company')}</dt>
              <dd>{user.tenantName ?? user.tenant}</dd>
            </>
          ) : null}
          <dt>{t('account.lastLogin')}</dt>
          <dd>{user.lastLoginAt ? fmtDateTime(user.lastLoginAt, lang) : t('app.never')}</dd>
        </dl>
      </section>
      <section className="panel">
        <PasswordForm />
      </section>
      <TotpSection />
    </div>
  );
}
