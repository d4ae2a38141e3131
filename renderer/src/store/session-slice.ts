import type { StateCreator } from 'zustand';
import type { LoginRequest, User } from '../../../shared/api/auth';
import type { SecretProtection } from '../../../shared/ipc/contract';
import { createLogger } from '../logger';
import { unwrap } from '../platform/ipc-result';
import { isHubError, type HubClient } from '../services/hub';
import { initialAgentState } from './agent-slice';
import type { ConsoleStore } from './console-store-types';
import { getStoreDeps } from './store-deps';
import { toUserFacingError, type UserFacingError } from './user-facing-error';

const log = createLogger('store/session');

/**
 * `starting`: looking for a remembered login (no screen yet); `signed-out`: the login form;
 * `signing-in`: the form's request is running; `signed-in`: the workspace.
 */
export type SessionStatus = 'starting' | 'signed-out' | 'signing-in' | 'signed-in';

export interface SessionSliceState {
  session: {
    status: SessionStatus;
    hubUrl: string;
    user: User | null;
    token: string | null;
    /** ISO 8601 from the login answer; null when the login was restored (the hub did not say). */
    expiresAt: string | null;
    /** How the token is kept between starts; `memory-only` means the user logs in after each start. */
    tokenProtection: SecretProtection | null;
    error: UserFacingError | null;
  };
}

export interface SessionSliceActions {
  /** Picks up a remembered token and checks it with the hub; a rejected one leads to the login form. */
  restoreSession(hubUrl: string): Promise<void>;
  login(credentials: LoginRequest): Promise<void>;
  logout(): Promise<void>;
  expireSession(): void;
  /**
   * Runs an authenticated hub call with the current token. A 401 ends the session here, once,
   * instead of in every component that talks to the hub.
   */
  callHub<T>(call: (hub: HubClient, token: string) => Promise<T>): Promise<T>;
}

export type SessionSlice = SessionSliceState & SessionSliceActions;

export const initialSessionState = (): SessionSliceState => ({
  session: {
    status: 'starting',
    hubUrl: '',
    user: null,
    token: null,
    expiresAt: null,
    tokenProtection: null,
    error: null,
  },
});

const HUB_TOKEN = 'hubToken' as const;

export const createSessionSlice: StateCreator<ConsoleStore, [], [], SessionSlice> = (set, get) => {
  const patchSession = (patch: Partial<SessionSliceState['session']>) =>
    set({ session: { ...get().session, ...patch } });

  const signedOut = (error: UserFacingError | null) => {
    set({
      session: { ...initialSessionState().session, hubUrl: get().session.hubUrl, status: 'signed-out', error },
      ...initialAgentState(),
    });
    // The phone belongs to the login: it stops with it (the slice logs what goes wrong), and the
    // call log after it, so that the calls ended at logout are written before the database closes.
    get()
      .stopPhone()
      .catch((error: unknown) => log.error('the phone did not stop', error))
      .then(() => get().stopCallLog())
      .catch((error: unknown) => log.error('the call log did not stop', error));
    get()
      .stopCustomers()
      .catch((error: unknown) => log.error('the customer cache did not stop', error));
    get()
      .stopFlows()
      .catch((error: unknown) => log.error('the scripts did not stop', error));
    get().stopNotifications();
  };

  // The workspace shows at once; the phone comes up beside it as the hub answers.
  const signedIn = () => {
    // First, so that the pop of a call ringing at login already listens for it.
    get()
      .startCustomers()
      .catch((error: unknown) => log.error('the screen pop did not start', error));
    get()
      .startCallLog()
      .catch((error: unknown) => log.error('the call log did not start', error));
    get()
      .startNotifications()
      .catch((error: unknown) => log.error('the notifications did not start', error));
    // Before the phone: a call answered at once after login finds its script.
    get()
      .startFlows()
      .catch((error: unknown) => log.error('the scripts did not start', error));
    get()
      .startPhone()
      .catch((error: unknown) => log.error('the phone did not start', error));
  };

  const forgetToken = async () => {
    try {
      await unwrap(getStoreDeps().bridge.deleteSecret({ key: HUB_TOKEN }));
    } catch (error) {
      log.warn('could not delete the stored hub token', error);
    }
  };

  return {
    ...initialSessionState(),

    restoreSession: async (hubUrl) => {
      const { bridge, createHubClient } = getStoreDeps();
      patchSession({ status: 'starting', hubUrl, error: null });
      let token: string | null = null;
      try {
        token = (await unwrap(bridge.getSecret({ key: HUB_TOKEN }))).value;
      } catch (error) {
        log.warn('could not read the stored hub token', error);
      }
      if (!token) {
        signedOut(null);
        return;
      }
      try {
        const me = await createHubClient(hubUrl).me(token);
        set({
          session: {
            ...get().session,
            status: 'signed-in',
            user: me.user,
            token,
            expiresAt: null,
            error: null,
          },
          ...initialAgentState(),
        });
        signedIn();
      } catch (error) {
        if (isHubError(error) && error.code === 'unauthorized') {
          await forgetToken();
          signedOut(null);
          return;
        }
        // The hub may only be down for a moment: keep the token so the next start can try again.
        log.warn('could not restore the session', error);
        signedOut(toUserFacingError(error));
      }
    },

    login: async (credentials) => {
      if (get().session.status === 'signing-in') return;
      const { bridge, createHubClient } = getStoreDeps();
      patchSession({ status: 'signing-in', error: null });
      try {
        const answer = await createHubClient(get().session.hubUrl).login(credentials);
        let tokenProtection: SecretProtection | null = null;
        try {
          tokenProtection = (await unwrap(bridge.setSecret({ key: HUB_TOKEN, value: answer.token }))).protection;
        } catch (error) {
          // Still logged in for this run; only a reload will ask again.
          log.warn('could not store the hub token', error);
        }
        set({
          session: {
            ...get().session,
            status: 'signed-in',
            user: answer.user,
            token: answer.token,
            expiresAt: answer.expiresAt,
            tokenProtection,
            error: null,
          },
          ...initialAgentState(),
        });
        signedIn();
      } catch (error) {
        if (!isHubError(error)) log.error('login failed unexpectedly', error);
        patchSession({ status: 'signed-out', error: toUserFacingError(error) });
      }
    },

    logout: async () => {
      const { token, hubUrl } = get().session;
      signedOut(null);
      await forgetToken();
      if (!token) return;
      try {
        await getStoreDeps().createHubClient(hubUrl).logout(token);
      } catch (error) {
        // The token is gone from this machine either way; the hub lets it expire.
        log.warn('the hub did not confirm the logout', error);
      }
    },

    expireSession: () => {
      if (get().session.status !== 'signed-in') return;
      signedOut({ code: 'session_expired', message: 'The session has expired.', retryAfterSeconds: null });
      void forgetToken();
    },


    callHub: async (call) => {
      const { token, hubUrl } = get().session;
      if (!token) throw new Error('callHub() needs a signed-in session.');
      try {
        return await call(getStoreDeps().createHubClient(hubUrl), token);
      } catch (error) {
        // Only the session that made the call ends: a late 401 must not log out a newer login.
        if (isHubError(error) && error.code === 'unauthorized' && get().session.token === token) {
          get().expireSession();
        }
        throw error;
      }
    },
  };
};
