/** Login: login + password, then a 6-digit code when the account uses two-step verification. */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { AuthCard } from '../components/auth-card.js';
import { Field, FormError } from '../components/form-field.js';
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
    <AuthCard>
      {step === 'password' ? (
        <form onSubmit={submit} noValidate>
          <h1>{t('login.title')}</h1>
          <p>{t('login.intro')}</p>
          <Field
            id="login"
            label={t('login.login')}
            name="username"
            autoComplete="username"
            required
            value={login}
            onValue={setLogin}
          />
          <Field
            id="password"
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
          />
          <FormError error={error} />
          <button type="submit" className="primary" disabled={busy || !login || !password}>
            {t('login.submit')}
          </button>
        </form>
      ) : (
        <form onSubmit={submit} noValidate>
          <h1>{t('login.totpTitle')}</h1>
          <p>{t('login.totpIntro')}</p>
          <Field
            id="totp"
            label={t('login.totp')}
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
          <FormError error={error} />
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
    </AuthCard>
  );
}
