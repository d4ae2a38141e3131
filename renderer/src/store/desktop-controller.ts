import {
  ConsoleEventSchema,
  type HotkeyAction,
  type IncomingCall,
  type Presence,
} from '../../../shared/ipc/contract';
import { createLogger } from '../logger';
import { unwrap } from '../platform/ipc-result';
import type { CallSnapshot } from '../services/sip/phone-types';
import { visibleCalls, type PhoneShortcutAction } from './call-targets';
import type { ConsoleStore } from './console-store-types';
import type { DesktopNoticeKey, DesktopSliceState } from './desktop-slice';
import { takesCalls } from './phone-slice';
import type { StoreDeps, Translate } from './store-deps';

const log = createLogger('store/desktop-controller');

export interface DesktopControllerHost {
  get(): ConsoleStore;
  set(partial: Partial<ConsoleStore>): void;
  subscribe(listener: (state: ConsoleStore, previous: ConsoleStore) => void): () => void;
  deps: StoreDeps;
}

export interface DesktopController {
  /** Listens to the platform's events, tells it the renderer is ready, and starts reporting. */
  start(): Promise<void>;
  /** Stops listening; notifications still up are taken down. Idempotent. */
  stop(): void;
}

/** A global hotkey does what the in-window key of the same name does. */
const SHORTCUT_OF_HOTKEY: Record<HotkeyAction, PhoneShortcutAction> = {
  answer: 'answer',
  hangUp: 'hangUp',
  hold: 'holdResume',
  mute: 'mute',
};

const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/** The tray's view of the agent: a logged-out console is Not ready with nobody's name on it. */
export function presenceOf(s: ConsoleStore): Presence {
  const user = s.session.status === 'signed-in' ? s.session.user : null;
  if (!user) return { state: 'not_ready', reason: null, agentName: null, inCall: false };
  const { state, model } = s.agent;
  const reasonCode = state === 'not_ready' && model.availability.kind === 'not_ready' ? model.availability.reasonCode : null;
  const reason = reasonCode === null ? null : (s.phone.reasonCodes.find((r) => r.code === reasonCode)?.label[s.ui.language] ?? reasonCode);
  return {
    state,
    reason: reason === null ? null : clip(reason, 100),
    agentName: clip(user.displayName, 100),
    inCall: Object.keys(model.calls).length > 0,
  };
}

/**
 * What the OS notification of a ringing call says: the customer the screen pop found, else the
 * number; under it the number (when a name is shown), the VIP level and the queue the caller chose.
 */
export function incomingCallOf(s: ConsoleStore, call: CallSnapshot, t: Translate): IncomingCall {
  const pop = s.customers.pops[call.id];
  const customer = pop?.status === 'found' ? pop.customers.find((c) => c.id === pop.chosenId) : undefined;
  const number = call.remote.number;
  const caller = customer?.name ?? number ?? (call.remote.displayName || t('phone.notification.unknownCaller'));
  const queue = call.ivrChoice ? (s.phone.directory?.queues.find((q) => q.ivrChoice === call.ivrChoice)?.name[s.ui.language] ?? call.ivrChoice) : null;
  const detail = [
    customer && number ? number : null,
    customer && customer.vipLevel > 0 ? t('desktop.incoming.vip', { level: customer.vipLevel }) : null,
    customer?.keyAccount ? t('desktop.incoming.keyAccount') : null,
    queue,
  ].filter((part): part is string => Boolean(part));
  return { callId: call.id, caller: clip(caller, 200), detail: clip(detail.join(' · '), 200) };
}

type PhoneReadiness = 'ready' | 'coming' | 'unavailable';

function phoneReadiness(s: ConsoleStore): PhoneReadiness {
  const { status, snapshot } = s.phone;
  if (status === 'no_phone' || status === 'config_failed') return 'unavailable';
  if (status !== 'on') return 'coming';
  if (snapshot?.registration.state === 'registered') return 'ready';
  return snapshot?.registration.state === 'failed' ? 'unavailable' : 'coming';
}

const callUp = (s: ConsoleStore): boolean =>
  visibleCalls(s.phone.snapshot?.calls ?? [], s.phone.refusedCallIds).some((c) => c.state !== 'ended');

/** Inbound calls ringing for the agent: offered and not refused (a call refused busy never rang for them). */
function ringingCalls(s: ConsoleStore): CallSnapshot[] {
  if (s.session.status !== 'signed-in') return [];
  return (s.phone.snapshot?.calls ?? []).filter(
    (c) => c.direction === 'inbound' && c.state === 'ringing' && s.agent.model.calls[c.id]?.phase === 'ringing' && !s.phone.refusedCallIds.includes(c.id),
  );
}

/**
 * The console's side of the desktop shell, one per window and outside React: acts on what the
 * platform sends (click-to-dial links, global hotkeys, the tray's state menu, the incoming-call
 * notification's buttons) with the same store actions the window's own controls use, and tells the
 * platform what the tray and the notifications show. Every event is parsed with the contract: the
 * preload forwards whatever the main process sent, unchecked.
 */
export function createDesktopController(host: DesktopControllerHost): DesktopController {
  const { deps } = host;
  const { bridge } = deps;
  let stopped = false;
  let unsubscribeEvents: (() => void) | null = null;
  let unsubscribeStore: (() => void) | null = null;
  let lastPresence: string | null = null;
  /** Incoming-call notifications up, by call id, with what they say (a pop that lands later updates them). */
  const shown = new Map<string, string>();
  /** A link's number waiting for the session or the phone; `afterLogin`: it came at the login screen. */
  let pending: { number: string; afterLogin: boolean } | null = null;
  let seq = 0;

  const patchDesktop = (p: Partial<DesktopSliceState['desktop']>) => host.set({ desktop: { ...host.get().desktop, ...p } });
  const notify = (tone: 'error' | 'warning' | 'info', key: DesktopNoticeKey, values: Record<string, string>) =>
    patchDesktop({ notice: { seq: (seq += 1), tone, key, values } });
  const prefill = (number: string) => patchDesktop({ dialPrefill: { number, seq: (seq += 1) } });
  const showPhonePane = () => deps.showPhonePane?.();
  const phoneSession = (s: ConsoleStore): boolean => s.session.status === 'signed-in' && !!s.session.user && takesCalls(s.session.user.role);

  /**
   * Decides what a link's number becomes once the console can tell: dialled when the phone is up
   * and free, else put in the dial pad with the reason. A link that arrives at the login screen is
   * only put in the dial pad after login: the agent confirms a call their login did not see coming.
   */
  function settlePending(): void {
    if (!pending) return;
    const s = host.get();
    const { number } = pending;
    if (s.session.status === 'starting') return;
    if (s.session.status !== 'signed-in') {
      if (!pending.afterLogin) {
        pending = { number, afterLogin: true };
        notify('info', 'desktop.dial.afterLogin', { number });
      }
      return;
    }
    if (!phoneSession(s)) {
      pending = null;
      notify('warning', 'desktop.dial.noPhone', { number });
      return;
    }
    if (pending.afterLogin) {
      pending = null;
      prefill(number);
      notify('info', 'desktop.dial.prefilled', { number });
      showPhonePane();
      return;
    }
    if (callUp(s)) {
      pending = null;
      prefill(number);
      notify('warning', 'desktop.dial.busy', { number });
      showPhonePane();
      return;
    }
    const readiness = phoneReadiness(s);
    if (readiness === 'coming') return;
    pending = null;
    showPhonePane();
    if (readiness === 'unavailable') {
      prefill(number);
      notify('warning', 'desktop.dial.phoneNotReady', { number });
      return;
    }
    // A failure to dial shows in the Phone pane like one from the dial pad (phone.error).
    void s.dial(number).then((outcome) => {
      if (!outcome.ok && outcome.invalid) {
        prefill(number);
        notify('error', 'desktop.dial.invalid', { number });
      }
    });
  }

  function onHotkey(action: HotkeyAction): void {
    const s = host.get();
    if (!phoneSession(s)) return log.info(`hotkey ${action} ignored: no phone in this session`);
    s.phoneShortcut(SHORTCUT_OF_HOTKEY[action]);
  }

  function onNotificationAction(callId: string, action: 'answer' | 'reject' | 'show'): void {
    const s = host.get();
    if (!phoneSession(s)) return log.info(`${action} from a notification ignored: no phone in this session`);
    if (action === 'show') return showPhonePane();
    const call = s.phone.snapshot?.calls.find((c) => c.id === callId);
    if (call?.state !== 'ringing') return log.info(`${action} from a notification ignored: call ${callId} no longer rings`);
    if (action === 'answer') {
      showPhonePane();
      void s.answer(callId);
    } else {
      void s.reject(callId);
    }
  }

  function onPresenceRequested(state: 'ready' | 'not_ready'): void {
    const s = host.get();
    if (!phoneSession(s)) return log.info(`${state} from the tray ignored: no agent state in this session`);
    // As the header's select does; the tray offers no reasons, so Not ready is the plain one.
    if (state === 'ready') s.setReady();
    else s.setNotReady(null);
  }

  function onEvent(raw: unknown): void {
    if (stopped) return;
    const parsed = ConsoleEventSchema.safeParse(raw);
    if (!parsed.success) {
      // The type only: a link in the payload may be a customer's number.
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : typeof raw;
      log.warn(`ignored an event that is not in the contract (${type.slice(0, 40)})`);
      return;
    }
    const event = parsed.data;
    switch (event.type) {
      case 'dial':
        pending = { number: event.number, afterLogin: false };
        settlePending();
        break;
      case 'linkRefused':
        notify('error', `desktop.linkRefused.${event.reason}`, { link: event.link });
        break;
      case 'hotkey':
        onHotkey(event.action);
        break;
      case 'incomingCall':
        onNotificationAction(event.callId, event.action);
        break;
      case 'presenceRequested':
        onPresenceRequested(event.state);
        break;
      default: {
        const unreachable: never = event;
        throw new Error(`unhandled console event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  function reportPresence(s: ConsoleStore): void {
    const presence = presenceOf(s);
    const key = JSON.stringify(presence);
    if (key === lastPresence) return;
    lastPresence = key;
    unwrap(bridge.setPresence(presence)).catch((error: unknown) => {
      log.warn('could not report the presence to the tray', error);
      // Told again at the next change rather than never.
      if (lastPresence === key) lastPresence = null;
    });
  }

  function syncIncomingCalls(s: ConsoleStore): void {
    const ringing = ringingCalls(s);
    for (const call of ringing) {
      const request = incomingCallOf(s, call, deps.translate);
      const key = JSON.stringify(request);
      if (shown.get(call.id) === key) continue;
      // Again for the same call when the pop found the caller: the platform replaces the first one.
      shown.set(call.id, key);
      unwrap(bridge.showIncomingCall(request)).catch((error: unknown) => log.warn('could not show the incoming-call notification', error));
    }
    const still = new Set(ringing.map((c) => c.id));
    for (const callId of [...shown.keys()]) {
      if (still.has(callId)) continue;
      shown.delete(callId);
      dismiss(callId);
    }
  }

  function dismiss(callId: string): void {
    unwrap(bridge.dismissIncomingCall({ callId })).catch((error: unknown) => log.warn('could not take down the incoming-call notification', error));
  }

  function onStoreChange(state: ConsoleStore): void {
    if (stopped) return;
    reportPresence(state);
    syncIncomingCalls(state);
    settlePending();
  }

  return {
    async start() {
      if (stopped || unsubscribeEvents) return;
      unsubscribeEvents = bridge.onEvent(onEvent);
      unsubscribeStore = host.subscribe((state) => onStoreChange(state));
      onStoreChange(host.get());
      // Listening now: the platform may send what it held back (the link that started the app).
      const ready = unwrap(bridge.eventsReady()).then(
        ({ delivered }) => {
          if (delivered > 0) log.info(`${delivered} held event(s) delivered`);
        },
        (error: unknown) => log.warn('could not tell the platform that the console listens', error),
      );
      await Promise.all([ready, host.get().refreshDesktopStatus()]);
    },

    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribeEvents?.();
      unsubscribeStore?.();
      for (const callId of shown.keys()) dismiss(callId);
      shown.clear();
      pending = null;
    },
  };
}
