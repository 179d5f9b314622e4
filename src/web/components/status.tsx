/** Loading, error and not-found states shared by the views. */

import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api.js';
import type { DataState } from '../use-data.js';
import { useTitle } from '../use-title.js';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

/** `page`: the error is about the page's subject (a company): 404 shows the not-found page. */
export function ErrorMessage({
  error,
  onRetry,
  page = false,
}: {
  error: ApiError;
  onRetry?: () => void;
  page?: boolean;
}) {
  const { t } = useTranslation();
  if (page && error.status === 404) return <NotFound />;
  if (error.status === 403 && error.code === 'forbidden')
    return (
      <p className="error" role="alert">
        {t('app.forbidden')}
      </p>
    );
  return (
    <div className="error" role="alert">
      <p>{t('app.error', { message: error.code })}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A view's data state before it has data: the error (with retry) or the loading line. */
export function DataStatus({ state }: { state: DataState<unknown> }) {
  return (
    <>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {!state.data && state.loading ? <Loading /> : null}
    </>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  useTitle(t('app.notFoundTitle'));
  return (
    <section className="notfound" aria-labelledby="nf-title">
      <h1 id="nf-title">{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFound')}</p>
      <p>
        <Link to="/">{t('app.backHome')}</Link>
      </p>
    </section>
  );
}

/** A plain sentence for an API error, in the page language (the server's own message is English). */
export function errorText(t: TFunction, e: unknown): string {
  if (!(e instanceof ApiError)) return t('errors.unknown', { code: String(e) });
  if (e.code === 'invalid-input' && e.field === 'next') return t('errors.nextField');
  if (e.code === 'invalid-input' && e.field === 'code') return t('errors.codeField');
  if (e.code === 'invalid-input') return t('errors.invalid-input', { field: e.field ?? '' });
  return t(`errors.${e.code}`, { defaultValue: t('errors.unknown', { code: e.code }) });
}
