import { Registerer, RegistererState, RequestPendingError, UserAgentState, type Core, type UserAgent } from 'sip.js';
import type { Logger } from '../../logger';
import { describeError } from './phone-error';
import type { PhoneError, RegistrationSnapshot } from './phone-types';
import { createReconnectScheduler, type SchedulerClock } from './reconnect-scheduler';
import { statusText } from './sip-text';
import { CONNECT_TIMEOUT_S } from './user-agent-options';

/**
 * Keeps one sip.js user agent connected and registered: tries, classifies what went wrong, and
 * hands the retry timing to the reconnect scheduler. sip.js leaves most of this to the app — a
 * Registerer refused with 401/403 does not reject `register()`, an unanswered REGISTER waits 32 s,
 * and nothing reconnects a dropped WebSocket — so each of those is turned into a clear state here.
 */

/** Without an answer to REGISTER by then the server counts as not answering (sip.js would wait 32 s). */
export const REGISTER_TIMEOUT_MS = 4_000;
/** `start()` resolves by then whatever the network does; a first try takes at most 5 s + 4 s. */
export const START_TIMEOUT_MS = 10_000;
export const REGISTER_EXPIRES_S = 300;
const UNREGISTER_TIMEOUT_MS = 2_000;

export type RegistrationState = Omit<RegistrationSnapshot, 'since'>;

export interface RegistrationHost {
  clock: SchedulerClock;
  log: Logger;
  onChange(next: RegistrationState): void;
  /** Registered, the first time or again after a failure. */
  onRegistered(): void;
  /** The server or the network closed the connection (not stop()). */
  onConnectionLost(): void;
  /** Live calls ride on the connection: it is not closed to retry on a fresh one. */
  hasLiveCalls(): boolean;
}

export interface RegistrationKeeper {
  /** Connects and registers `agent`; resolves once the first try settled, or after START_TIMEOUT_MS. */
  start(agent: UserAgent, wsUrl: string, online: boolean): Promise<void>;
  /** Stops retrying and unregisters (bounded in time); the caller stops the user agent. */
  stop(): Promise<void>;
  /** The user agent's `onDisconnect`: an error means the connection was lost, none that we closed it. */
  transportDisconnected(error: Error | undefined): void;
  setOnline(online: boolean): void;
  readonly state: RegistrationState;
}

type Outcome = { kind: 'registered' } | { kind: 'auth_failed'; detail: string } | { kind: 'retry'; error: PhoneError };

const OFFLINE: PhoneError = { code: 'offline', detail: 'the computer is offline' };

export function createRegistrationKeeper(host: RegistrationHost): RegistrationKeeper {
  const { clock, log } = host;
  let state: RegistrationState = { state: 'unregistered', error: null, attempt: 0, nextRetryAt: null };
  let online = true;
  let agent: UserAgent | null = null;
  let wsUrl = '';
  let registerer: Registerer | null = null;
  /** A REGISTER of this registerer went unanswered: it may still be waiting, so the next try uses a new one. */
  let registererStale = false;
  /** Bumped by start() and stop(): the callbacks of an earlier run find it changed and do nothing. */
  let generation = 0;
  let attemptInFlight = false;
  let abortRegister: ((error: PhoneError) => void) | null = null;
  let settleStart: (() => void) | null = null;

  const scheduler = createReconnectScheduler({ clock, retry: () => void attempt() });

  function set(next: RegistrationState): void {
    const same =
      next.state === state.state &&
      next.attempt === state.attempt &&
      next.nextRetryAt === state.nextRetryAt &&
      next.error?.code === state.error?.code &&
      next.error?.detail === state.error?.detail;
    if (same) return;
    state = next;
    host.onChange(state);
  }

  function planRetry(error: PhoneError): void {
    const plan = scheduler.failed();
    set({ state: 'reconnecting', error: online ? error : OFFLINE, attempt: plan.attempt, nextRetryAt: plan.nextRetryAt });
  }

  function finishStart(): void {
    const settle = settleStart;
    settleStart = null;
    settle?.();
  }

  function newRegisterer(ua: UserAgent): Registerer {
    const gen = generation;
    const fresh = new Registerer(ua, { expires: REGISTER_EXPIRES_S, logConfiguration: false });
    fresh.stateChange.addListener((next) => {
      // A refresh that failed, or a registration that expired, while the connection stayed up:
      // nothing else notices, so plan a new try. A dropped connection is transportDisconnected's.
      if (gen !== generation || fresh !== registerer || attemptInFlight) return;
      if (next !== RegistererState.Unregistered || state.state !== 'registered' || !ua.isConnected()) return;
      log.warn('registration lost while connected; registering again');
      planRetry({ code: 'unreachable', detail: 'registration refresh failed' });
    });
    return fresh;
  }

  function registerOnce(ua: UserAgent, isRetry = false): Promise<Outcome> {
    if (!registerer || registererStale) {
      const old = registerer;
      registerer = newRegisterer(ua);
      registererStale = false;
      // Not unregistered: it shares our Contact, so its un-REGISTER would remove the new binding.
      // dispose() only waits for its pending transaction and, unregistered, sends nothing.
      if (old && old.state !== RegistererState.Registered) void old.dispose().catch(() => undefined);
    }
    const current = registerer;
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (outcome: Outcome) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        abortRegister = null;
        resolve(outcome);
      };
      const timer = clock.setTimeout(() => {
        registererStale = true;
        finish({ kind: 'retry', error: { code: 'timeout', detail: `no answer to REGISTER within ${REGISTER_TIMEOUT_MS} ms` } });
      }, REGISTER_TIMEOUT_MS);
      abortRegister = (error) => {
        registererStale = true;
        finish({ kind: 'retry', error });
      };
      const status = (response: Core.IncomingResponse) => ({
        code: response.message.statusCode ?? 0,
        text: statusText(response.message.statusCode, response.message.reasonPhrase),
      });
      current
        .register({
          requestDelegate: {
            onAccept: () => finish({ kind: 'registered' }),
            // sip.js answers a challenge once by itself; a 401/403/407 reaching here is a refusal.
            onReject: (response) => {
              const { code, text } = status(response);
              if (code === 401 || code === 403 || code === 407) finish({ kind: 'auth_failed', detail: text });
              else finish({ kind: 'retry', error: { code: code === 408 ? 'timeout' : 'unreachable', detail: text } });
            },
            onRedirect: (response) => finish({ kind: 'retry', error: { code: 'unreachable', detail: `redirected: ${status(response).text}` } }),
          },
        })
        .catch((error: unknown) => {
          if (error instanceof RequestPendingError && !isRetry && !done) {
            // The registerer's own refresh is in flight; start over with a fresh one.
            done = true;
            clock.clearTimeout(timer);
            abortRegister = null;
            registererStale = true;
            resolve(registerOnce(ua, true));
            return;
          }
          finish({ kind: 'retry', error: { code: 'unreachable', detail: describeError(error) } });
        });
    });
  }

  async function connectAndRegister(ua: UserAgent): Promise<Outcome> {
    if (!ua.isConnected()) {
      const startedAt = clock.now();
      try {
        if (ua.state === UserAgentState.Started) await ua.reconnect();
        else await ua.start();
      } catch (error) {
        // sip.js rejects a refused connection and its own connect timeout alike; the time tells.
        const timedOut = clock.now() - startedAt >= CONNECT_TIMEOUT_S * 1000 - 250;
        const detail = `${timedOut ? 'no answer from' : 'cannot connect to'} ${wsUrl}: ${describeError(error)}`;
        return { kind: 'retry', error: { code: timedOut ? 'timeout' : 'unreachable', detail } };
      }
    }
    return registerOnce(ua);
  }

  async function attempt(): Promise<void> {
    const ua = agent;
    if (!ua || attemptInFlight) return;
    const gen = generation;
    attemptInFlight = true;
    if (state.state !== 'connecting') set({ ...state, state: 'reconnecting', nextRetryAt: null });
    let outcome: Outcome;
    try {
      outcome = await connectAndRegister(ua);
    } catch (error) {
      outcome = { kind: 'retry', error: { code: 'unreachable', detail: describeError(error) } };
    }
    if (gen !== generation) return;
    attemptInFlight = false;
    switch (outcome.kind) {
      case 'registered':
        scheduler.succeeded();
        set({ state: 'registered', error: null, attempt: 0, nextRetryAt: null });
        log.info('registered');
        host.onRegistered();
        break;
      case 'auth_failed':
        // Retrying cannot fix a wrong HA1; it would only hammer the registrar into a lockout.
        scheduler.giveUp();
        set({ state: 'failed', error: { code: 'auth_failed', detail: outcome.detail }, attempt: 0, nextRetryAt: null });
        log.error('registration refused', outcome.detail);
        break;
      case 'retry':
        if (outcome.error.code === 'timeout' && ua.isConnected() && !host.hasLiveCalls()) {
          // A server that does not answer on this connection may answer on a fresh one.
          void ua.transport.disconnect().catch(() => undefined);
        }
        planRetry(outcome.error);
        log.warn('registration attempt failed', outcome.error.code, outcome.error.detail);
        break;
    }
    finishStart();
  }

  return {
    get state() {
      return state;
    },

    async start(ua, url, isOnline) {
      generation += 1;
      agent = ua;
      wsUrl = url;
      registerer = null;
      registererStale = false;
      attemptInFlight = false;
      abortRegister = null;
      scheduler.reset();
      online = isOnline;
      scheduler.setOnline(online);
      set({ state: 'connecting', error: null, attempt: 0, nextRetryAt: null });
      const started = new Promise<void>((resolve) => {
        settleStart = resolve;
      });
      const guard = clock.setTimeout(finishStart, START_TIMEOUT_MS);
      if (online) void attempt();
      else {
        planRetry(OFFLINE);
        finishStart();
      }
      await started;
      clock.clearTimeout(guard);
    },

    async stop() {
      generation += 1;
      scheduler.stop();
      attemptInFlight = false;
      abortRegister = null;
      finishStart();
      const ua = agent;
      const current = registerer;
      agent = null;
      registerer = null;
      if (ua && current?.state === RegistererState.Registered && ua.isConnected()) {
        await Promise.race([
          new Promise<void>((resolve) => {
            current.unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } }).catch(() => resolve());
          }),
          new Promise<void>((resolve) => clock.setTimeout(resolve, UNREGISTER_TIMEOUT_MS)),
        ]);
      }
      set({ state: 'unregistered', error: null, attempt: 0, nextRetryAt: null });
    },

    transportDisconnected(error) {
      if (!agent || !error) return;
      log.warn('connection to the PBX lost', error.message);
      host.onConnectionLost();
      const lost: PhoneError = { code: 'unreachable', detail: `connection lost: ${error.message}` };
      if (abortRegister) abortRegister(lost);
      else if (!attemptInFlight) planRetry(lost);
    },

    setOnline(next) {
      if (next === online) return;
      online = next;
      scheduler.setOnline(next);
      if (state.state !== 'reconnecting') return;
      if (!online) set({ ...state, error: OFFLINE, nextRetryAt: null });
      else if (state.error?.code === 'offline') set({ ...state, error: { code: 'unreachable', detail: 'back online; retrying' }, nextRetryAt: scheduler.nextRetryAt });
    },
  };
}
