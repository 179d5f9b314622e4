/** Loads data for a view; reloads when its key changes, aborts the stale request. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api.js';
import { useDemoVersion } from './components/demo-banner.js';

export interface DataState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export function useData<T>(load: (signal: AbortSignal) => Promise<T>, key: string): DataState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const demoVersion = useDemoVersion();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` depends on
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    load(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [key, nonce, demoVersion]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
