import type { AgentStateReport, PhoneConfig } from '../../../shared/api/phone';
import type { User } from '../../../shared/api/auth';
import { reduceAgent, type AgentConfig, type AgentEvent, type AgentModel, type StateChange } from '../../../shared/telephony/agent-state';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../shared/sync/backoff';
import { createLogger } from '../logger';
import { isHubError } from '../services/hub';
import type { PhoneSnapshot, SipPhone } from '../services/sip/phone-types';
import { AGENT_HISTORY_LIMIT, initialAgentState, type AgentStateEntry } from './agent-slice';
import { callEvents, type SeenCalls } from './call-events';
import type { ConsoleStore } from './console-store-types';
import { initialPhoneData, type PhoneSliceState } from './phone-slice-state';
import { createStateReportOutbox, type StateReportOutbox } from './state-report-outbox';
import { clockOf, randomOf, type StoreDeps } from './store-deps';
import { toUserFacingError } from './user-facing-error';
import { wrapUpGapsNow } from './wrap-up-guard';

const log = createLogger('store/phone');

/** How often the wrap-up limit is checked. */
export const AGENT_TICK_MS = 1_000;
/** Refused calls remembered so the UI does not flash them as ringing; only the latest few matter. */
const REFUSED_CALLS_LIMIT = 20;

export interface PhoneControllerHost {
  get(): ConsoleStore;
  set(partial: Partial<ConsoleStore>): void;
  deps: StoreDeps;
  user: User;
  /** The phone swapped a live call's media (a microphone switched): the call recorder wires it again. */
  onCallMediaChange?(callId: string): void;
}

export interface PhoneController {
  /** The running phone; null until the hub's configuration gave this user a SIP account. */
  readonly phone: SipPhone | null;
  start(): Promise<void>;
  /** Asks the hub for the phone configuration again (after `config_failed`). */
  retryConfig(): Promise<void>;
  /**
   * Hangs up live calls, stops the phone and every timer; idempotent. Resolves with the phone's last
   * snapshot (those calls ended), which the store no longer mirrors: the call log still records it.
   */
  stop(): Promise<PhoneSnapshot | null>;
  /** An agent-state event that did not come from the phone (the agent's Ready / Not ready). */
  dispatch(event: AgentEvent): void;
  refreshDevices(): Promise<void>;
  /** Loads the queues and transfer targets again (after a failure). */
  loadDirectory(): Promise<void>;
}

/**
 * One login's softphone, outside React: fetches the SIP settings from the hub, runs the phone,
 * mirrors its snapshots into the store, and drives the agent state from them with the pure reducer
 * of shared/telephony/agent-state, carrying out its effects (refuse a call, report a change).
 */
export function createPhoneController(host: PhoneControllerHost): PhoneController {
  const { deps } = host;
  const clock = clockOf(deps);
  const random = randomOf(deps);
  let phone: SipPhone | null = null;
  let stopped = false;
  let started = false;
  let unsubscribePhone: (() => void) | null = null;
  let unsubscribeMedia: (() => void) | null = null;
  let unsubscribeDevices: (() => void) | null = null;
  let tick: unknown = null;
  let configRetry: unknown = null;
  let configAttempt = 0;
  let seen: SeenCalls = new Map();
  let online = true;

  const patchPhone = (patch: Partial<PhoneSliceState['phone']>) => host.set({ phone: { ...host.get().phone, ...patch } });
  const patchAgent = (patch: Partial<ConsoleStore['agent']>) => host.set({ agent: { ...host.get().agent, ...patch } });

  const outbox: StateReportOutbox = createStateReportOutbox({
    clock,
    random,
    send: async (report) => {
      await host.get().callHub((hub, token) => hub.reportAgentState(token, report));
    },
    onPendingChange: (count) => {
      if (!stopped) patchAgent({ unreported: count });
    },
  });

  function record(entry: AgentStateEntry): void {
    const history = [...host.get().agent.history, entry].slice(-AGENT_HISTORY_LIMIT);
    patchAgent({ history });
    outbox.enqueue({
      state: entry.state,
      reasonCode: entry.reasonCode,
      at: new Date(entry.at).toISOString(),
      callId: entry.callId,
    } satisfies AgentStateReport);
  }

  /** The call a change is about: the event's call, or the one being wrapped up. */
  function callOfChange(event: AgentEvent, model: AgentModel, change: StateChange): string | null {
    if ('callId' in event) return event.callId;
    if (change.to === 'wrap_up' && model.availability.kind === 'wrap_up') return model.availability.callId;
    return null;
  }

  function dispatch(event: AgentEvent, configOverride?: AgentConfig): void {
    if (stopped) return;
    const { model, config } = host.get().agent;
    const result = reduceAgent(model, event, clock.now(), configOverride ?? config);
    if (result.refused) {
      // Expected now and then: a snapshot repeating a step, a call refused earlier ending.
      if (event.type !== 'tick') log.info(`agent state: ${event.type} ignored (${result.refused})`);
      return;
    }
    if (result.model !== model) patchAgent({ model: result.model, state: result.model.state });
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'reject_call':
          refuse(effect.callId, effect.why);
          break;
        case 'state_changed':
          record({
            from: effect.change.from,
            state: effect.change.to,
            reasonCode: effect.change.reasonCode,
            at: effect.change.at,
            callId: callOfChange(event, result.model, effect.change),
          });
          break;
        case 'wrap_up_overrun':
          log.info(`wrap-up of call ${effect.callId} ran over its time limit`);
          break;
        default: {
          const unreachable: never = effect;
          throw new Error(`unhandled agent effect ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  let gateCheck: Promise<void> | null = null;

  /**
   * The end of the wrap-up time makes the agent Ready by itself (autoReady) only once the call's
   * wrap-up is complete as saved (disposition, script): until then the tick flags the overrun
   * instead, and the first tick after the agent completed it makes them Ready.
   */
  function onTick(): void {
    const { model, config } = host.get().agent;
    const a = model.availability;
    const due = config.autoReadyAfterWrapUp && a.kind === 'wrap_up' && a.deadline !== null && clock.now() >= a.deadline && Object.keys(model.calls).length === 0;
    if (!due) return dispatch({ type: 'tick' });
    const tick = (missing: readonly string[]) => dispatch({ type: 'tick' }, missing.length > 0 ? { ...config, autoReadyAfterWrapUp: false } : undefined);
    const known = wrapUpGapsNow(host.get(), a.callId);
    if (known) return tick(known);
    if (gateCheck) return;
    gateCheck = host
      .get()
      .checkWrapUp(a.callId)
      .then(tick, (error: unknown) => {
        log.warn('could not check the wrap-up before going Ready by itself; staying in wrap-up', error);
        tick(['unknown']);
      })
      .finally(() => {
        gateCheck = null;
      });
  }

  function refuse(callId: string, why: string): void {
    const refusedCallIds = [...host.get().phone.refusedCallIds, callId].slice(-REFUSED_CALLS_LIMIT);
    patchPhone({ refusedCallIds });
    log.info(`refusing call ${callId} with 486: the agent is ${why}`);
    phone?.reject(callId, 486).catch((error: unknown) => log.warn(`could not refuse call ${callId}`, error));
  }

  function onSnapshot(snapshot: PhoneSnapshot): void {
    if (stopped) return;
    const step = callEvents(seen, snapshot.calls);
    seen = step.seen;

    const live = new Map(snapshot.calls.filter((c) => c.state !== 'ended').map((c) => [c.id, c]));
    const { consult, transferFor } = host.get().phone;
    patchPhone({
      snapshot,
      // A consultation is over when either of its calls is; the transfer dialog closes with its call.
      consult: consult && live.has(consult.callId) && live.has(consult.consultCallId) ? consult : null,
      transferFor: transferFor && live.has(transferFor) ? transferFor : null,
    });

    // The ringing call's OS notification follows from the state this leaves (desktop-controller.ts).
    for (const event of step.events) dispatch(event);

    // Back online: the reports waiting for the hub need not wait out their backoff.
    if (!online && snapshot.online) outbox.retryNow();
    online = snapshot.online;
  }

  async function loadConfig(): Promise<void> {
    patchPhone({ status: 'loading', configError: null });
    let config: PhoneConfig;
    try {
      config = await host.get().callHub((hub, token) => hub.phoneConfig(token));
    } catch (error) {
      if (stopped) return;
      const userError = toUserFacingError(error);
      log.warn('could not load the phone configuration', error);
      patchPhone({ status: 'config_failed', configError: userError });
      // A hub that is down or busy comes back by itself; a wrong answer needs someone to look.
      if (isHubError(error) && ['network', 'timeout', 'internal', 'rate_limited'].includes(error.code)) {
        const delay = Math.max(1_000, backoffDelay(configAttempt, { ...RECONNECT_BACKOFF, maxMs: 60_000 }, random));
        configAttempt += 1;
        configRetry = clock.setTimeout(() => {
          configRetry = null;
          void loadConfig();
        }, delay);
      }
      return;
    }
    if (stopped) return;
    configAttempt = 0;
    patchAgent({
      config: { wrapUpSeconds: config.wrapUp.seconds, autoReadyAfterWrapUp: config.wrapUp.autoReady },
    });
    patchPhone({
      reasonCodes: config.reasonCodes,
      dispositionCodes: config.dispositionCodes,
      queueDispositions: config.queueDispositions,
      dispositionRequired: config.wrapUp.dispositionRequired,
    });
    if (!config.sip) {
      patchPhone({ status: 'no_phone' });
      return;
    }

    const created = deps.createSipPhone();
    phone = created;
    unsubscribePhone = created.subscribe(onSnapshot);
    unsubscribeMedia = created.subscribeCallMedia((callId) => host.onCallMediaChange?.(callId));
    patchPhone({ status: 'on' });
    onSnapshot(created.getSnapshot());
    try {
      await created.start(config.sip);
    } catch (error) {
      // The registration snapshot carries the reason in words; this is only for the log.
      log.warn('the phone did not start', error);
    }
    if (stopped) return;
    const chosen = host.get().phone.devices;
    if (chosen.microphoneId || chosen.speakerId || chosen.ringerId) {
      created.setDevices(chosen).catch((error: unknown) => log.warn('could not apply the chosen audio devices', error));
    }
  }

  async function loadDirectory(): Promise<void> {
    try {
      const org = await host.get().callHub((hub, token) => hub.org(token));
      if (stopped) return;
      patchPhone({ directory: { queues: org.queues, transferTargets: org.transferTargets }, directoryError: null });
    } catch (error) {
      if (stopped) return;
      // Calls still work: the IVR choice shows as sent and a transfer takes a typed number.
      log.warn('could not load the queues and transfer targets', error);
      patchPhone({ directoryError: toUserFacingError(error) });
    }
  }

  async function refreshDevices(): Promise<void> {
    try {
      const deviceOptions = await deps.mediaDevices.list();
      if (!stopped) patchPhone({ deviceOptions });
    } catch (error) {
      log.warn('could not list the audio devices', error);
    }
  }

  return {
    get phone() {
      return phone;
    },

    async start() {
      if (started) return;
      started = true;
      const now = clock.now();
      host.set({ ...initialAgentState(now), phone: { ...initialPhoneData(), devices: host.get().phone.devices } });
      // The hub learns that this agent is here and not ready yet: its last word may be from another login.
      record({ from: null, state: 'not_ready', reasonCode: null, at: now, callId: null });
      tick = clock.setInterval(onTick, AGENT_TICK_MS);
      unsubscribeDevices = deps.mediaDevices.subscribe(() => void refreshDevices());
      void refreshDevices();
      void loadDirectory();
      await loadConfig();
    },

    async retryConfig() {
      if (stopped || phone) return;
      if (configRetry !== null) clock.clearTimeout(configRetry);
      configRetry = null;
      configAttempt = 0;
      await loadConfig();
    },

    async stop() {
      if (stopped) return null;
      stopped = true;
      if (tick !== null) clock.clearInterval(tick);
      if (configRetry !== null) clock.clearTimeout(configRetry);
      unsubscribePhone?.();
      unsubscribeMedia?.();
      unsubscribeDevices?.();
      outbox.dispose();
      const running = phone;
      phone = null;
      if (!running) return null;
      // Nobody would see a call left up after logout: end it rather than leave the customer hanging.
      const live = running.getSnapshot().calls.filter((c) => c.state !== 'ended');
      await Promise.all(
        live.map((c) =>
          (c.state === 'ringing' ? running.reject(c.id, 486) : running.hangUp(c.id)).catch((error: unknown) =>
            log.warn(`could not end call ${c.id} at logout`, error),
          ),
        ),
      );
      const last = running.getSnapshot();
      try {
        await running.stop();
      } catch (error) {
        log.warn('the phone did not stop cleanly', error);
      }
      return last;
    },

    dispatch,
    refreshDevices,
    loadDirectory,
  };
}
