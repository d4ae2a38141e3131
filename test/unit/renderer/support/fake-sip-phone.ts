import type { SipConfig } from '../../../../shared/api/phone';
import type {
  AudioDevices,
  CallMedia,
  CallParty,
  CallSnapshot,
  PhoneSnapshot,
  RegistrationSnapshot,
  SipPhone,
} from '../../../../renderer/src/services/sip/phone-types';
import { callSnapshot } from './phone-snapshots';

export interface FakeSipPhoneOptions {
  now?: () => number;
  /** Commands change the snapshot the way the real service would (default). Off: the test scripts every step. */
  auto?: boolean;
  /** What `start` ends in. */
  register?: Partial<RegistrationSnapshot>;
}

/**
 * A SipPhone that emits scripted snapshots and records every command as a line of text
 * (`answer c1`, `reject c1 486`). DTMF digits are recorded too: the point of the fake is to check
 * what was sent, while the tests check that the code under test does not log them.
 */
export function fakeSipPhone(options: FakeSipPhoneOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const auto = options.auto ?? true;
  const commands: string[] = [];
  const listeners = new Set<(snapshot: PhoneSnapshot) => void>();
  const failures = new Map<string, unknown>();
  /** Media handed out per call (set by a recording test); no call has any by default. */
  const media = new Map<string, CallMedia>();
  const mediaListeners = new Set<(callId: string) => void>();
  let nextCall = 1;
  let snapshot: PhoneSnapshot = {
    registration: { state: 'unregistered', error: null, since: now(), attempt: 0, nextRetryAt: null },
    online: true,
    calls: [],
    devices: { microphoneId: null, speakerId: null, ringerId: null },
  };

  const emit = () => {
    for (const listener of [...listeners]) listener(snapshot);
  };
  const replace = (next: PhoneSnapshot) => {
    snapshot = next;
    emit();
  };
  const call = (id: string) => {
    const found = snapshot.calls.find((c) => c.id === id);
    if (!found) throw Object.assign(new Error(`no call ${id}`), { code: 'call_failed', detail: `no call ${id}` });
    return found;
  };
  const update = (id: string, patch: Partial<CallSnapshot>) => {
    call(id);
    replace({ ...snapshot, calls: snapshot.calls.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  };
  const end = (id: string, endedBy: CallSnapshot['endedBy'], endCause: string) =>
    update(id, { state: 'ended', endedAt: now(), endedBy, endCause });

  /** Records the command; throws what the test scripted with `failNext`. */
  const run = (line: string) => {
    commands.push(line);
    const verb = line.split(' ')[0]!;
    const failure = failures.get(verb);
    if (failure !== undefined) {
      failures.delete(verb);
      throw failure;
    }
  };

  const newCall = (direction: CallSnapshot['direction'], remote: CallParty, ivrChoice: string | null, id?: string): CallSnapshot =>
    callSnapshot({ id: id ?? `c${nextCall++}`, direction, remote, ivrChoice, startedAt: now() });

  const phone: SipPhone = {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start: async (config: SipConfig) => {
      run(`start ${config.extension}`);
      replace({ ...snapshot, registration: { ...snapshot.registration, state: 'connecting', since: now() } });
      replace({
        ...snapshot,
        registration: { state: 'registered', error: null, since: now(), attempt: 0, nextRetryAt: null, ...options.register },
      });
    },
    stop: async () => {
      run('stop');
      replace({ ...snapshot, registration: { state: 'unregistered', error: null, since: now(), attempt: 0, nextRetryAt: null } });
    },
    dial: async (target) => {
      run(`dial ${target}`);
      const created = newCall('outbound', { number: target, displayName: '' }, null);
      replace({ ...snapshot, calls: [...snapshot.calls, created] });
      return created.id;
    },
    answer: async (id) => {
      run(`answer ${id}`);
      if (!auto) return;
      // The service holds the call being talked on when a waiting call is answered.
      for (const other of snapshot.calls) if (other.id !== id && other.state === 'talking') update(other.id, { state: 'held' });
      update(id, { state: 'talking', answeredAt: now() });
    },
    reject: async (id, status = 486) => {
      run(`reject ${id} ${status}`);
      if (auto) end(id, 'local', status === 486 ? '486 Busy Here' : '603 Decline');
    },
    hangUp: async (id) => {
      run(`hangUp ${id}`);
      if (auto) end(id, 'local', 'BYE');
    },
    hold: async (id) => {
      run(`hold ${id}`);
      if (auto) update(id, { state: 'held' });
    },
    resume: async (id) => {
      run(`resume ${id}`);
      if (auto) update(id, { state: 'talking' });
    },
    setMuted: (id, muted) => {
      run(`setMuted ${id} ${muted}`);
      if (auto) update(id, { muted });
    },
    sendDtmf: async (id, digit) => {
      run(`sendDtmf ${id} ${digit}`);
    },
    blindTransfer: async (id, target) => {
      run(`blindTransfer ${id} ${target}`);
      if (auto) update(id, { transfer: { kind: 'blind', target, state: 'pending', error: null } });
    },
    completeAttendedTransfer: async (id, consultId) => {
      run(`completeAttendedTransfer ${id} ${consultId}`);
      if (!auto) return;
      end(consultId, 'system', 'transferred');
      end(id, 'system', 'transferred');
    },
    setDevices: async (devices: Partial<AudioDevices>) => {
      run(`setDevices ${JSON.stringify(devices)}`);
      replace({ ...snapshot, devices: { ...snapshot.devices, ...devices } });
    },
    callMedia: (id) => {
      const found = snapshot.calls.find((c) => c.id === id);
      return found && (found.state === 'talking' || found.state === 'held') ? (media.get(id) ?? null) : null;
    },
    subscribeCallMedia: (listener) => {
      mediaListeners.add(listener);
      return () => void mediaListeners.delete(listener);
    },
  };

  return {
    phone,
    commands,
    /** An inbound call starts ringing. */
    ring(remote: Partial<CallParty> = {}, ivrChoice: string | null = 'consult', id?: string): string {
      const created = newCall('inbound', { number: '13800138000', displayName: '', ...remote }, ivrChoice, id);
      replace({ ...snapshot, calls: [...snapshot.calls, created] });
      return created.id;
    },
    /** The other side answers an outbound call. */
    answered: (id: string) => update(id, { state: 'talking', answeredAt: now() }),
    remoteHangUp: (id: string) => end(id, 'remote', 'BYE'),
    update,
    /** Ended calls leave the snapshot after a few seconds. */
    forget: (id: string) => replace({ ...snapshot, calls: snapshot.calls.filter((c) => c.id !== id) }),
    setRegistration: (patch: Partial<RegistrationSnapshot>) =>
      replace({ ...snapshot, registration: { ...snapshot.registration, ...patch } }),
    setOnline: (online: boolean) => replace({ ...snapshot, online }),
    /** The next command of this verb (`sendDtmf`, `dial`…) throws `error`. */
    failNext: (verb: string, error: unknown) => void failures.set(verb, error),
    listenerCount: () => listeners.size,
    /** The streams `callMedia` hands out for a call once it is connected. */
    setCallMedia: (id: string, streams: CallMedia) => void media.set(id, streams),
    /** The phone swapped a call's media (a microphone switched). */
    mediaChanged: (id: string) => {
      for (const listener of [...mediaListeners]) listener(id);
    },
  };
}
