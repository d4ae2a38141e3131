import type { DispositionCode } from '../../../shared/api/call-logs';
import type { Queue, TransferTarget } from '../../../shared/api/org';
import type { PhoneConfig, ReasonCode } from '../../../shared/api/phone';
import type { AudioDevices, PhoneSnapshot } from '../services/sip/phone-types';
import type { PhoneCommandError } from './phone-errors';
import type { AudioDeviceOption } from './store-deps';
import type { UserFacingError } from './user-facing-error';

/**
 * `off`: no phone for this session (signed out, or a role that takes no calls); `loading`: asking
 * the hub for the SIP settings; `config_failed`: the hub did not give them (see `configError`);
 * `no_phone`: the hub says this user has no extension; `on`: the phone runs (see `snapshot`).
 */
export type PhoneStatus = 'off' | 'loading' | 'config_failed' | 'no_phone' | 'on';

/** An attended transfer in progress: `callId` waits on hold while the agent talks to the target. */
export interface ConsultTransfer {
  callId: string;
  consultCallId: string;
  /** What was dialled: an extension or an E.164 number. */
  target: string;
}

/** The part of the org design a call needs: queues name the IVR choice, targets take transfers. */
export interface PhoneDirectory {
  queues: Queue[];
  transferTargets: TransferTarget[];
}

export interface PhoneSliceState {
  phone: {
    status: PhoneStatus;
    configError: UserFacingError | null;
    /** Why an agent may be Not ready, as the center configured them. */
    reasonCodes: ReasonCode[];
    /** How a call may end, chosen at wrap-up; in the hub's menu order. */
    dispositionCodes: DispositionCode[];
    /** Per queue (IVR choice), the codes its calls are offered (services/call-log/wrap-up-gate.ts, dispositionOptions). */
    queueDispositions: PhoneConfig['queueDispositions'];
    /** Ready is refused until an answered call's disposition is saved (and its script finished or abandoned). */
    dispositionRequired: boolean;
    directory: PhoneDirectory | null;
    directoryError: UserFacingError | null;
    /** The phone's last snapshot: plain data, the UI renders nothing else of the phone. */
    snapshot: PhoneSnapshot | null;
    /** Calls refused busy because the agent was not taking calls; the UI does not show them ringing. */
    refusedCallIds: string[];
    /** The devices the user picked (null = the system default); kept across logins in this window. */
    devices: AudioDevices;
    deviceOptions: AudioDeviceOption[];
    /** The call whose transfer dialog is open. */
    transferFor: string | null;
    consult: ConsultTransfer | null;
    /** The last command that failed, until dismissed or the next one succeeds. */
    error: PhoneCommandError | null;
  };
}

export const NO_DEVICES: AudioDevices = { microphoneId: null, speakerId: null, ringerId: null };

export const initialPhoneData = (): PhoneSliceState['phone'] => ({
  status: 'off',
  configError: null,
  reasonCodes: [],
  dispositionCodes: [],
  queueDispositions: [],
  dispositionRequired: false,
  directory: null,
  directoryError: null,
  snapshot: null,
  refusedCallIds: [],
  devices: NO_DEVICES,
  deviceOptions: [],
  transferFor: null,
  consult: null,
  error: null,
});

export const initialPhoneState = (): PhoneSliceState => ({ phone: initialPhoneData() });
