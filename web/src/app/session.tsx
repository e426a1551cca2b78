import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorised } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/**
 * Who is signed in. Signing in with an API key opens a session (POST /v1/sessions), whose token the
 * node sets as an HttpOnly, SameSite=Strict cookie: the console never keeps the key. A session token
 * pasted instead is set as the same cookie. Everything the console shows is what /v1/me allows.
 */
export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly expired: boolean }
  | { readonly status: 'signed-in'; readonly me: Me };

export interface Session {
  readonly state: SessionState;
  signIn(credential: string): Promise<void>;
  signOut(): Promise<void>;
}

const SESSION_COOKIE = 'tongbao_session';
/** How long a pasted session token is kept as a cookie at most (the node decides when it expires). */
const PASTED_SESSION_MAX_AGE_S = 12 * 3600;

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async (expiredIfNone: boolean) => {
    try {
      setState({ status: 'signed-in', me: await api<Me>('/v1/me') });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setState({ status: 'signed-out', expired: expiredIfNone });
      else throw error;
    }
  }, []);

  useEffect(() => {
    load(false).catch(() => setState({ status: 'signed-out', expired: false }));
    return onUnauthorised(() => setState({ status: 'signed-out', expired: true }));
  }, [load]);

  const signIn = useCallback(
    async (credential: string) => {
      const token = credential.trim();
      try {
        await api('/v1/sessions', { method: 'POST', bearer: token, body: {} });
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'session_key_required')) throw error;
        // A session token: it is the cookie itself.
        // biome-ignore lint/suspicious/noDocumentCookie: the pasted session token becomes the session cookie the node reads.
        document.cookie = `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; SameSite=Strict; Max-Age=${PASTED_SESSION_MAX_AGE_S}`;
      }
      await load(false);
    },
    [load],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/v1/sessions/current', { method: 'DELETE' });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setState({ status: 'signed-out', expired: false });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in caller (pages render only when signed in). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe while signed out');
  return state.me;
}

/** Whether the caller holds a permission (any scope), as /v1/me lists them. */
export function can(me: Me, permission: string): boolean {
  return me.permissions.some((p) => p === permission || p === `${permission} (own)`);
}
