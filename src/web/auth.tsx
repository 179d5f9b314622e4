/** Who is logged in: loaded from GET /api/auth/me, kept with the CSRF token the API client sends. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Session, setAuthProblemHandler, setCsrfToken, type User } from './api.js';

interface AuthState {
  /** undefined while the first /api/auth/me is on its way */
  user: User | null | undefined;
  setSession: (s: Session | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  const setSession = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setUser(s?.user ?? null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      setSession(await api.me());
    } catch {
      setSession(null);
    }
  }, [setSession]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSession(null);
    }
  }, [setSession]);

  useEffect(() => {
    void refresh();
    setAuthProblemHandler((code) => {
      if (code === 'unauthorized') setSession(null);
      else setUser((u) => (u ? { ...u, mustChangePassword: true } : u));
    });
    return () => setAuthProblemHandler(null);
  }, [refresh, setSession]);

  const value = useMemo(() => ({ user, setSession, refresh, logout }), [user, setSession, refresh, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The logged-in user (pages under the login gate only). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a user');
  return user;
}
