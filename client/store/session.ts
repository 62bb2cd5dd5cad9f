import { authApi, type SessionUser } from '../api/endpoints';
import type { Slice } from './types';

export type SessionStatus = 'unknown' | 'signedIn' | 'signedOut';

export interface SessionSlice {
  user: SessionUser | null;
  /** `unknown` until /api/auth/me has answered once. */
  sessionStatus: SessionStatus;
  /** Why the person was sent back to sign-in (an expired session), shown on the form. */
  sessionNotice: string | null;
  loadSession: () => Promise<void>;
  signIn: (email: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  /** Called by the API wrapper on any 401: the session is gone, whatever page we were on. */
  sessionExpired: (message: string) => void;
}

export const createSessionSlice: Slice<SessionSlice> = (set, get) => {
  // main.tsx asks before React's first render and App asks again when it mounts: one request serves both.
  let loading: Promise<void> | null = null;
  return {
    user: null,
    sessionStatus: 'unknown',
    sessionNotice: null,
    loadSession() {
      loading ??= (async () => {
        try {
          const { user } = await authApi.me();
          set({ user, sessionStatus: 'signedIn' });
        } catch {
          // A 401 and an unreachable server both leave the person at the sign-in form, which reports either.
          set({ user: null, sessionStatus: 'signedOut' });
        } finally {
          loading = null;
        }
      })();
      return loading;
    },
    async signIn(email, password) {
      const { user } = await authApi.login(email, password);
      set({ user, sessionStatus: 'signedIn', sessionNotice: null });
      return user;
    },
    async signOut() {
      try {
        await authApi.logout();
      } finally {
        get().resetProjects();
        set({ user: null, sessionStatus: 'signedOut', sessionNotice: null });
      }
    },
    sessionExpired(message) {
      if (get().sessionStatus !== 'signedIn') return;
      get().resetProjects();
      set({ user: null, sessionStatus: 'signedOut', sessionNotice: message });
    },
  };
};
