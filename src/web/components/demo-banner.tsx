/**
 * Demo loading progress: while GET /api/demo/status says `loading`, a banner shows how
 * far it is, and views reload when it is done (the version below changes).
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type DemoStatus } from '../api.js';

interface DemoState {
  status: DemoStatus | null;
  version: number;
}

const DemoContext = createContext<DemoState>({ status: null, version: 0 });

export function DemoProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [state, setState] = useState<DemoState>({ status: null, version: 0 });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasLoading = false;
    const poll = async () => {
      try {
        const { demo } = await api.demoStatus();
        if (stopped) return;
        const finished = wasLoading && demo.state !== 'loading';
        wasLoading = demo.state === 'loading';
        setState((s) => ({ status: demo, version: finished ? s.version + 1 : s.version }));
        if (demo.state === 'loading') timer = setTimeout(poll, 2000);
      } catch {
        if (!stopped) timer = setTimeout(poll, 10_000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [enabled]);
  return <DemoContext.Provider value={state}>{children}</DemoContext.Provider>;
}

export function useDemoVersion(): number {
  return useContext(DemoContext).version;
}

export function DemoBanner() {
  const { t } = useTranslation();
  const { status } = useContext(DemoContext);
  if (!status) return null;
  if (status.state === 'loading') {
    const pct = status.total > 0 ? Math.floor((100 * status.done) / status.total) : 0;
    return (
      <div className="banner banner-info" role="status">
        <p>
          {t('demo.loading', {
            done: status.done.toLocaleString(),
            total: status.total.toLocaleString(),
            pct,
          })}
        </p>
        <progress max={status.total || 1} value={status.done} aria-label={t('demo.progress')} />
      </div>
    );
  }
  if (status.state === 'failed') {
    return (
      <div className="banner banner-warn" role="alert">
        {t('demo.failed')} {status.message ?? ''}
      </div>
    );
  }
  return null;
}
