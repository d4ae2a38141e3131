import type { StateCreator } from 'zustand';
import type { Role } from '../../../shared/domain/roles';
import { dialTarget, type DialTarget } from '../../../shared/telephony/phone-number';
import { createLogger } from '../logger';
import { unwrap } from '../platform/ipc-result';
import type { WrapUpGap } from '../services/call-log/wrap-up-gate';
import type { AudioDevices, CallMedia, SipPhone } from '../services/sip/phone-types';
import { initialAgentState } from './agent-slice';
import { shortcutTargets, visibleCalls, type PhoneShortcutAction } from './call-targets';
import type { ConsoleStore } from './console-store-types';
import { createPhoneController, type PhoneController } from './phone-controller';
import { toPhoneError, type PhoneAction } from './phone-errors';
import { initialPhoneData, initialPhoneState, type PhoneSliceState } from './phone-slice-state';
import { getStoreDeps } from './store-deps';
import { wrapUpIncomplete } from './user-facing-error';
import { wrapUpGapsNow } from './wrap-up-guard';

const log = createLogger('store/phone-commands');

/** Roles that take and make calls: they get a phone and an agent state. */
export const PHONE_ROLES: readonly Role[] = ['agent', 'callback'];
export const takesCalls = (role: Role): boolean => PHONE_ROLES.includes(role);

export type InvalidNumberReason = Extract<DialTarget, { kind: 'invalid' }>['reason'];

/** `invalid`: the number cannot be dialled (said next to the field); `failed`: see `phone.error`. */
export type DialOutcome = { ok: true; callId: string } | { ok: false; invalid: InvalidNumberReason | null };

export interface PhoneSliceActions {
  /** After login: runs the phone for a role that takes calls. Called by the session slice. */
  startPhone(): Promise<void>;
  /** At logout: ends live calls and stops the phone. Called by the session slice. */
  stopPhone(): Promise<void>;
  retryPhoneConfig(): Promise<void>;
  reloadPhoneDirectory(): Promise<void>;

  /**
   * Ready. Right after a call, refused (see `callLog.wrapUpError`) until its wrap-up is complete as
   * saved on this PC: the disposition when the center requires one, the script finished or abandoned.
   */
  setReady(): void;
  setNotReady(reasonCode: string | null): void;

  dial(input: string): Promise<DialOutcome>;
  answer(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hangUp(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  toggleMute(callId: string): Promise<void>;
  /** One keypad tone; the digit is never logged. */
  sendDtmf(callId: string, digit: string): Promise<void>;
  /**
   * A key pressed for the phone, in the window or system-wide: acts on the call shortcutTargets()
   * picks (the one whose button shows the key); nothing when there is none.
   */
  phoneShortcut(action: PhoneShortcutAction): void;

  openTransfer(callId: string): void;
  closeTransfer(): void;
  blindTransfer(callId: string, input: string): Promise<DialOutcome>;
  /** Attended transfer, step 1: holds the call and dials the target as a second call. */
  consultTransfer(callId: string, input: string): Promise<DialOutcome>;
  /** Step 2: joins the held caller with the target and leaves both calls. */
  completeConsult(): Promise<void>;
  /** Or: hangs up on the target and takes the caller off hold. */
  cancelConsult(): Promise<void>;

  refreshAudioDevices(): Promise<void>;
  /** Applied to the running phone at once, and kept in the settings for the next login and start. */
  selectAudioDevices(devices: Partial<AudioDevices>): Promise<void>;
  dismissPhoneError(): void;
  /** A connected call's audio streams, for its recorder (services/recording); never put in the state. */
  phoneCallMedia(callId: string): CallMedia | null;
  /** Called when a live call's media changed under it (a microphone switched). */
  subscribeCallMedia(listener: (callId: string) => void): () => void;
}

export type PhoneSlice = PhoneSliceState & PhoneSliceActions;

export const createPhoneSlice: StateCreator<ConsoleStore, [], [], PhoneSlice> = (set, get) => {
  let controller: PhoneController | null = null;
  const mediaListeners = new Set<(callId: string) => void>();

  const patchPhone = (patch: Partial<PhoneSliceState['phone']>) => set({ phone: { ...get().phone, ...patch } });

  /** Runs one phone command; a failure becomes `phone.error` (in words in the UI), never a throw. */
  async function command(action: PhoneAction, run: (phone: SipPhone) => Promise<unknown> | void): Promise<boolean> {
    const phone = controller?.phone;
    if (!phone) {
      patchPhone({ error: { action, code: 'not_supported', detail: 'The phone is not running.' } });
      return false;
    }
    try {
      await run(phone);
      if (get().phone.error?.action === action) patchPhone({ error: null });
      return true;
    } catch (error) {
      const phoneError = toPhoneError(error, action === 'transfer' || action === 'complete_transfer' ? 'transfer_failed' : 'call_failed');
      // Code only: a DTMF failure's detail could carry the digits, and those stay out of the log.
      log.warn(`${action} failed: ${phoneError.code}`);
      patchPhone({ error: { action, ...phoneError } });
      return false;
    }
  }

  const target = (input: string) => dialTarget(input);

  return {
    ...initialPhoneState(),

    startPhone: async () => {
      const user = get().session.user;
      if (controller) await get().stopPhone();
      if (!user || !takesCalls(user.role)) return;
      const started = createPhoneController({
        get,
        set,
        deps: getStoreDeps(),
        user,
        onCallMediaChange: (callId) => {
          for (const listener of [...mediaListeners]) listener(callId);
        },
      });
      controller = started;
      await started.start();
    },

    stopPhone: async () => {
      const stopping = controller;
      controller = null;
      set({ ...initialAgentState(), phone: { ...initialPhoneData(), devices: get().phone.devices } });
      const last = await stopping?.stop();
      // The calls ended at logout go into the call log before it closes.
      if (last) get().recordFinalSnapshot(last);
    },

    retryPhoneConfig: async () => {
      await controller?.retryConfig();
    },
    reloadPhoneDirectory: async () => {
      await controller?.loadDirectory();
    },

    setReady: () => {
      const availability = get().agent.model.availability;
      if (availability.kind !== 'wrap_up') return controller?.dispatch({ type: 'set_ready' });
      const { callId } = availability;
      const decide = (missing: WrapUpGap[]) => {
        if (missing.length > 0) {
          log.info(`Ready refused: the wrap-up of call ${callId} lacks ${missing.join(', ')}`);
          get().setWrapUpError(wrapUpIncomplete(callId, missing));
          return;
        }
        if (get().callLog.wrapUpError?.callId === callId) get().setWrapUpError(null);
        controller?.dispatch({ type: 'set_ready' });
      };
      const known = wrapUpGapsNow(get(), callId);
      if (known) return decide(known);
      get()
        .checkWrapUp(callId)
        .then(decide, (error: unknown) => log.warn('could not check the wrap-up; Ready not set', error));
    },
    setNotReady: (reasonCode) => controller?.dispatch({ type: 'set_not_ready', reasonCode }),

    dial: async (input) => {
      const dial = target(input);
      if (dial.kind === 'invalid') return { ok: false, invalid: dial.reason };
      let callId = '';
      const ok = await command('dial', async (phone) => {
        callId = await phone.dial(dial.dial);
      });
      return ok ? { ok: true, callId } : { ok: false, invalid: null };
    },
    answer: async (callId) => void (await command('answer', (phone) => phone.answer(callId))),
    reject: async (callId) => void (await command('reject', (phone) => phone.reject(callId, 486))),
    hangUp: async (callId) => void (await command('hang_up', (phone) => phone.hangUp(callId))),
    hold: async (callId) => void (await command('hold', (phone) => phone.hold(callId))),
    resume: async (callId) => void (await command('resume', (phone) => phone.resume(callId))),
    toggleMute: async (callId) => {
      const call = get().phone.snapshot?.calls.find((c) => c.id === callId);
      if (!call) return;
      await command('mute', (phone) => phone.setMuted(callId, !call.muted));
    },
    sendDtmf: async (callId, digit) => void (await command('dtmf', (phone) => phone.sendDtmf(callId, digit))),

    phoneShortcut: (action) => {
      const { phone } = get();
      const targets = shortcutTargets(visibleCalls(phone.snapshot?.calls ?? [], phone.refusedCallIds));
      switch (action) {
        case 'answer':
          if (targets.answer) void get().answer(targets.answer);
          break;
        case 'hangUp':
          if (targets.hangUp) void get().hangUp(targets.hangUp);
          break;
        case 'holdResume':
          if (targets.holdResume) {
            const { callId, resume } = targets.holdResume;
            void (resume ? get().resume(callId) : get().hold(callId));
          }
          break;
        case 'mute':
          if (targets.mute) void get().toggleMute(targets.mute);
          break;
        case 'transfer':
          if (targets.transfer) get().openTransfer(targets.transfer);
          break;
        default: {
          const unreachable: never = action;
          throw new Error(`unhandled phone shortcut ${String(unreachable)}`);
        }
      }
    },

    openTransfer: (callId) => patchPhone({ transferFor: callId }),
    closeTransfer: () => patchPhone({ transferFor: null }),

    blindTransfer: async (callId, input) => {
      const dial = target(input);
      if (dial.kind === 'invalid') return { ok: false, invalid: dial.reason };
      const ok = await command('transfer', (phone) => phone.blindTransfer(callId, dial.dial));
      if (ok) patchPhone({ transferFor: null });
      return ok ? { ok: true, callId } : { ok: false, invalid: null };
    },

    consultTransfer: async (callId, input) => {
      const dial = target(input);
      if (dial.kind === 'invalid') return { ok: false, invalid: dial.reason };
      let consultCallId = '';
      const ok = await command('consult', async (phone) => {
        const call = phone.getSnapshot().calls.find((c) => c.id === callId);
        // The caller waits on hold while the agent speaks to the target.
        if (call?.state === 'talking') await phone.hold(callId);
        consultCallId = await phone.dial(dial.dial);
      });
      if (!ok) return { ok: false, invalid: null };
      patchPhone({ transferFor: null, consult: { callId, consultCallId, target: dial.dial } });
      return { ok: true, callId: consultCallId };
    },

    completeConsult: async () => {
      const consult = get().phone.consult;
      if (!consult) return;
      const ok = await command('complete_transfer', (phone) => phone.completeAttendedTransfer(consult.callId, consult.consultCallId));
      if (ok) patchPhone({ consult: null });
    },

    cancelConsult: async () => {
      const consult = get().phone.consult;
      if (!consult) return;
      const ok = await command('cancel_consult', async (phone) => {
        const calls = phone.getSnapshot().calls;
        const consultCall = calls.find((c) => c.id === consult.consultCallId);
        if (consultCall && consultCall.state !== 'ended') await phone.hangUp(consult.consultCallId);
        const held = calls.find((c) => c.id === consult.callId);
        if (held?.state === 'held') await phone.resume(consult.callId);
      });
      if (ok) patchPhone({ consult: null });
    },

    refreshAudioDevices: async () => {
      if (controller) return controller.refreshDevices();
      // No phone yet (the settings opened at the login screen): the list is still worth showing.
      try {
        patchPhone({ deviceOptions: await getStoreDeps().mediaDevices.list() });
      } catch (error) {
        log.warn('could not list the audio devices', error);
      }
    },

    selectAudioDevices: async (devices) => {
      const chosen = { ...get().phone.devices, ...devices };
      patchPhone({ devices: chosen });
      const saved = get().desktop.settings;
      if (saved) set({ desktop: { ...get().desktop, settings: { ...saved, audio: chosen } } });
      const persisted = unwrap(getStoreDeps().bridge.updateSettings({ audio: chosen })).catch((error: unknown) =>
        // The phone uses the choice now; only the next start falls back to the last saved devices.
        log.warn('could not save the audio devices', error),
      );
      // Before the phone runs, the choice is kept and applied when it starts.
      if (controller?.phone) await command('devices', (phone) => phone.setDevices(devices));
      await persisted;
    },

    dismissPhoneError: () => patchPhone({ error: null }),

    phoneCallMedia: (callId) => controller?.phone?.callMedia(callId) ?? null,

    subscribeCallMedia: (listener) => {
      mediaListeners.add(listener);
      return () => void mediaListeners.delete(listener);
    },
  };
};
