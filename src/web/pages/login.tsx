/** Login: login + password, then a 6-digit code when the account uses two-step verification. */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { LangSwitch } from '../components/layout.js';
import { useTitle } from '../use-title.js';

const KNOWN = ['invalid-credentials', 'totp-invalid', 'account-locked', 'rate-limited'];

export function LoginPage() {
  const { t } = useTranslation();
  useTitle(t('login.title'));
  const { user, setSession } = useAuth();
  const [sp] = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'totp') codeRef.current?.focus();
  }, [step]);

  if (user) {
    const next = sp.get('next');
    const safe = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
    return <Navigate to={user.mustChangePassword ? '/password' : safe} replace />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.login({ login, password, ...(step === 'totp' ? { totp } : {}) });
      setSession(s);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network';
      if (code === 'totp-required') {
        setStep('totp');
      } else {
        setError(
          KNOWN.includes(code) ? t(`login.errors.${code}`) : t('login.errors.other', { message: code }),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-tools">
        <LangSwitch />
      </div>
      <main id="main" className="auth-card">
        <p className="brand">{t('app.name')}</p>
        {step === 'password' ? (
          <form onSubmit={submit} noValidate>
            <h1>{t('login.title')}</h1>
            <p>{t('login.intro')}</p>
            <div className="field">
              <label htmlFor="login">{t('login.login')}</label>
              <input
                id="login"
                name="username"
                autoComplete="username"
                required
                value={login}
                onChange={(e) => setLogin(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="password">{t('login.password')}</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="primary" disabled={busy || !login || !password}>
              {t('login.submit')}
            </button>
          </form>
        ) : (
          <form onSubmit={submit} noValidate>
            <h1>{t('login.totpTitle')}</h1>
            <p>{t('login.totpIntro')}</p>
            <div className="field">
              <label htmlFor="totp">{t('login.totp')}</label>
              <input
                id="totp"
                ref={codeRef}
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={totp}
                onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
              />
            </div>
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="primary" disabled={busy || totp.length !== 6}>
              {t('login.totpSubmit')}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setStep('password');
                setTotp('');
                setPassword('');
                setError(null);
              }}
            >
              {t('login.back')}
            </button>
          </form>
        )}
      </main>
    </div>
  );
}
