import {
  Invitation,
  Inviter,
  SessionState,
  UserAgent,
  Web,
  type Core,
  type Session,
  type SessionDescriptionHandlerFactory,
  type URI,
} from 'sip.js';
import type { SipConfig } from '../../../../shared/api/phone';
import { callerNumber } from '../../../../shared/telephony/caller-id';
import { dialTarget } from '../../../../shared/telephony/phone-number';
import { browserSipPhoneDeps } from './browser-deps';
import { END_CAUSE_TRANSFERRED, isEstablished, nextPruneAt, reduceCalls, type CallEvent } from './call-model';
import { DTMF_DURATION_MS, DTMF_GAP_MS, dtmfInfoBody, normalizeDtmfDigit, offersTelephoneEvent } from './dtmf';
import { applyTrackStates, audioSenderOf, openMicrophone, peerConnectionOf, stopStream } from './media';
import { describeError, SipPhoneError } from './phone-error';
import type {
  AudioDevices,
  CallEndedBy,
  CallSnapshot,
  DialOptions,
  PhoneSnapshot,
  RegistrationSnapshot,
  SipPhone,
} from './phone-types';
import { replacesTarget } from './refer-target';
import { createRegistrationKeeper } from './registration';
import { mark, perfNow, SCREEN_POP_MARK } from '../perf-marks';
import { remoteParty, sanitizeIvrChoice } from './remote-identity';
import { createRinger } from './ringtone';
import type { AudioElementLike, SipPhoneDeps } from './sip-phone-deps';
import { isHoldOffer, sipfragStatus, statusText } from './sip-text';
import { buildUserAgentOptions } from './user-agent-options';

/** sip.js would wait 32 s (Timer B) for an answer to a re-INVITE. */
export const REINVITE_TIMEOUT_MS = 10_000;
/** A blind transfer is settled by the transferee's NOTIFY; the target may ring for a while. */
export const TRANSFER_TIMEOUT_MS = 45_000;
/** After an attended transfer succeeds, how long the target has to end the consult call itself. */
export const CONSULT_LEAVE_GRACE_MS = 3_000;
const STOP_TIMEOUT_MS = 3_000;

const AUDIO_ONLY: MediaStreamConstraints = { audio: true, video: false };

interface CallEnd {
  endedBy: CallEndedBy;
  endCause: string;
}

type TransferSettle = (state: 'accepted' | 'failed', error: string | null) => void;

/** What the phone keeps per live call beside its snapshot; never leaves this module. */
interface LiveCall {
  readonly id: string;
  readonly session: Session;
  /** The first known cause wins: our CANCEL beats the 487 that answers it. */
  end: CallEnd | null;
  finished: boolean;
  audio: AudioElementLike | null;
  /** The microphone acquired before answering or dialing, handed to the session's media factory. */
  preparedStream: MediaStream | null;
  /** Re-INVITEs one at a time: sip.js refuses a second while one is pending. */
  chain: Promise<void>;
  held: boolean;
  muted: boolean;
  transfer: { settle: TransferSettle; referAccepted: boolean } | null;
  /** Set on the consult call while an attended transfer to its party is under way. */
  consultFor: LiveCall | null;
  /** An answer under way: a second click (or a transfer taking the call over) joins it. */
  answering: Promise<void> | null;
}

class SipResponseError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SipResponseError';
  }
}

function responseOf(response: Core.IncomingResponse): { code: number; text: string } {
  const code = response.message.statusCode ?? 0;
  return { code, text: statusText(code, response.message.reasonPhrase) };
}

/** Reads a value off a sip.js object that may throw on a malformed message. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The softphone: sip.js 0.21 behind the `SipPhone` contract. sip.js objects stay inside; the UI
 * gets frozen plain snapshots through `subscribe`, built by the pure reducers in call-model.ts,
 * and only ever names calls by their UUIDv7 id. Without `deps` it uses the browser's own.
 */
export function createSipPhone(deps: SipPhoneDeps = browserSipPhoneDeps()): SipPhone {
  const log = deps.log;
  const userAgentFactory = deps.userAgentFactory ?? ((options) => new UserAgent(options));
  const ringer = createRinger(deps);

  let calls: readonly CallSnapshot[] = [];
  let registration: RegistrationSnapshot = { state: 'unregistered', error: null, since: deps.now(), attempt: 0, nextRetryAt: null };
  let online = deps.isOnline();
  let devices: AudioDevices = { microphoneId: null, speakerId: null, ringerId: null };
  let snapshot: PhoneSnapshot = buildSnapshot();
  const listeners = new Set<(snapshot: PhoneSnapshot) => void>();
  const mediaListeners = new Set<(callId: string) => void>();
  const live = new Map<string, LiveCall>();
  const bySession = new WeakMap<Session, LiveCall>();

  let config: SipConfig | null = null;
  let ua: UserAgent | null = null;
  /** Bumped by start() and stop(): callbacks of an older user agent find it changed and do nothing. */
  let generation = 0;
  let mediaRecoveryPending = false;
  let pruneTimer: unknown = null;
  let pruneDue: number | null = null;

  const keeper = createRegistrationKeeper({
    clock: deps,
    log,
    onChange: (next) => {
      registration = { ...next, since: next.state === registration.state ? registration.since : deps.now() };
      emit();
    },
    onRegistered: () => {
      if (mediaRecoveryPending) recoverMedia();
    },
    onConnectionLost: () => {
      for (const call of live.values()) {
        const s = snap(call.id);
        if (s && isEstablished(s)) {
          mediaRecoveryPending = true;
          dispatch({ type: 'media-recovery', id: call.id, recovering: true });
        }
      }
    },
    hasLiveCalls: () => live.size > 0,
  });

  // ----- snapshots -----

  function buildSnapshot(): PhoneSnapshot {
    return Object.freeze({
      registration: Object.freeze({ ...registration, error: registration.error ? Object.freeze({ ...registration.error }) : null }),
      online,
      calls: Object.freeze(
        calls.map((call) =>
          Object.freeze({
            ...call,
            remote: Object.freeze({ ...call.remote }),
            transfer: call.transfer ? Object.freeze({ ...call.transfer }) : null,
          }),
        ),
      ) as CallSnapshot[],
      devices: Object.freeze({ ...devices }),
    });
  }

  function emit(): void {
    snapshot = buildSnapshot();
    for (const listener of [...listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        log.error('a phone snapshot listener threw', describeError(error));
      }
    }
  }

  function dispatch(event: CallEvent): void {
    const next = reduceCalls(calls, event);
    if (next === calls) return;
    calls = next;
    ringer.setRinging(calls.some((c) => c.state === 'ringing'));
    schedulePrune();
    emit();
  }

  function schedulePrune(): void {
    const due = nextPruneAt(calls);
    if (due === pruneDue) return;
    if (pruneTimer !== null) deps.clearTimeout(pruneTimer);
    pruneTimer = null;
    pruneDue = due;
    if (due === null) return;
    pruneTimer = deps.setTimeout(() => {
      pruneTimer = null;
      pruneDue = null;
      dispatch({ type: 'prune', now: deps.now() });
      schedulePrune();
    }, Math.max(0, due - deps.now()));
  }

  function snap(id: string): CallSnapshot | undefined {
    return calls.find((c) => c.id === id);
  }

  // ----- network -----

  function onOnline(): void {
    if (online) return;
    online = true;
    emit();
    keeper.setOnline(true);
  }

  function onOffline(): void {
    if (!online) return;
    online = false;
    emit();
    keeper.setOnline(false);
  }

  // ----- media -----

  const acquireMicrophone = () => openMicrophone(deps.getUserMedia, devices.microphoneId, log);

  const sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = (session, options) =>
    Web.defaultSessionDescriptionHandlerFactory(() => {
      const call = bySession.get(session);
      if (call?.preparedStream) {
        const stream = call.preparedStream;
        call.preparedStream = null;
        return Promise.resolve(stream);
      }
      return acquireMicrophone();
    })(session, options);

  function applyTrackState(call: LiveCall): void {
    applyTrackStates(call.session, { held: call.held, muted: call.muted });
  }

  function attachRemoteAudio(call: LiveCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler)) return;
    const element = call.audio ?? deps.createAudioElement();
    call.audio = element;
    element.autoplay = true;
    element.srcObject = sdh.remoteMediaStream;
    if (devices.speakerId && typeof element.setSinkId === 'function') {
      element.setSinkId(devices.speakerId).catch((error: unknown) => log.warn('speaker could not be selected', describeError(error)));
    }
    element.play().catch((error: unknown) => log.warn('remote audio did not start', describeError(error)));
  }

  function releaseMedia(call: LiveCall): void {
    if (call.audio) {
      call.audio.pause();
      call.audio.srcObject = null;
      call.audio = null;
    }
    stopStream(call.preparedStream);
    call.preparedStream = null;
  }

  // ----- calls -----

  function setEnd(call: LiveCall, endedBy: CallEndedBy, endCause: string): void {
    if (!call.end) call.end = { endedBy, endCause };
  }

  function finishCall(call: LiveCall): void {
    if (call.finished) return;
    call.finished = true;
    if (call.transfer) {
      const { settle, referAccepted } = call.transfer;
      // A transferee that hangs up after accepting the REFER (without a final NOTIFY) has taken the call.
      if (referAccepted) call.end = { endedBy: call.end?.endedBy ?? 'remote', endCause: END_CAUSE_TRANSFERRED };
      settle(referAccepted ? 'accepted' : 'failed', referAccepted ? null : 'the call ended during the transfer');
    }
    live.delete(call.id);
    releaseMedia(call);
    const end = call.end ?? { endedBy: 'system', endCause: 'terminated' };
    dispatch({ type: 'ended', id: call.id, at: deps.now(), endedBy: end.endedBy, endCause: end.endCause });
  }

  function guarded(what: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      log.error(`${what} failed`, describeError(error));
    }
  }

  function onSessionState(call: LiveCall, state: SessionState): void {
    if (state === SessionState.Established) {
      dispatch({ type: 'established', id: call.id, at: deps.now() });
      applyTrackState(call);
      attachRemoteAudio(call);
    } else if (state === SessionState.Terminated) {
      // An Inviter reports Terminated before its request delegate hears the final response, so the
      // end cause (486, 487…) is recorded a moment later.
      void Promise.resolve().then(() => guarded('ending a call', () => finishCall(call)));
    }
  }

  function track(session: Session, call: LiveCall): void {
    bySession.set(session, call);
    session.delegate = {
      onBye: (bye) =>
        guarded('BYE', () => {
          // The transfer target hangs up the consult call once it has the customer (RFC 3891).
          if (call.consultFor?.transfer) setEnd(call, 'remote', END_CAUSE_TRANSFERRED);
          setEnd(call, 'remote', 'BYE');
          void bye.accept().catch(() => undefined);
        }),
      onCancel: () => guarded('CANCEL', () => setEnd(call, 'remote', 'CANCEL')),
      // In-dialog INFO (DTMF from the far side, or anything else): acknowledged, never logged.
      onInfo: (info) => guarded('INFO', () => void info.accept().catch(() => undefined)),
      // Agents transfer calls; they are not transferred by whoever is on the line.
      onRefer: (referral) =>
        guarded('REFER', () => {
          log.warn('declined a REFER from the far end');
          void referral.reject({ statusCode: 603, reasonPhrase: 'Decline' }).catch(() => undefined);
        }),
      onNotify: (notification) => guarded('NOTIFY', () => void notification.accept().catch(() => undefined)),
      onInvite: (request, _response, statusCode) =>
        guarded('re-INVITE', () => {
          if (statusCode !== 200 || !request.body) return;
          dispatch({ type: 'remote-hold', id: call.id, remoteHold: isHoldOffer(request.body) });
        }),
    };
    session.stateChange.addListener((state) => guarded('call state change', () => onSessionState(call, state)));
  }

  function newLiveCall(id: string, session: Session): LiveCall {
    const call: LiveCall = {
      id,
      session,
      end: null,
      finished: false,
      audio: null,
      preparedStream: null,
      chain: Promise.resolve(),
      held: false,
      muted: false,
      transfer: null,
      consultFor: null,
      answering: null,
    };
    live.set(id, call);
    track(session, call);
    return call;
  }

  function onInvite(gen: number, invitation: Invitation): void {
    const receivedAt = perfNow();
    let call: LiveCall | null = null;
    try {
      if (gen !== generation || !config) {
        void invitation.reject({ statusCode: 480 }).catch(() => undefined);
        return;
      }
      const request = invitation.request;
      const remote = remoteParty({
        assertedIdentity: safely(() => request.getHeader('P-Asserted-Identity')),
        fromDisplayName: safely(() => invitation.remoteIdentity.displayName),
        fromUser: safely(() => invitation.remoteIdentity.uri.user),
      });
      const ivrHeader = config.ivrHeader;
      const ivrChoice = sanitizeIvrChoice(safely(() => request.getHeader(ivrHeader)));
      const replacee = safely(() => invitation.replacee);
      const replaced = replacee ? bySession.get(replacee) : undefined;
      const id = deps.uuid();
      mark(SCREEN_POP_MARK.invite(id), receivedAt);
      call = newLiveCall(id, invitation);
      dispatch({ type: 'incoming', id, at: deps.now(), remote, ivrChoice });
      log.info('incoming call', id);
      // A CANCEL may have come in before the listener was attached.
      if (invitation.state === SessionState.Terminated) finishCall(call);
      else if (replaced && !replaced.finished && replaced.session.state === SessionState.Established) void takeOver(call, replaced);
    } catch (error) {
      log.error('could not take an incoming INVITE', describeError(error));
      safely(() => void invitation.reject({ statusCode: 500 }).catch(() => undefined));
      if (call) {
        setEnd(call, 'system', 'internal error');
        finishCall(call);
      }
    }
  }

  function answerCall(call: LiveCall): Promise<void> {
    if (!call.answering) {
      call.answering = acceptCall(call).finally(() => {
        call.answering = null;
      });
    }
    return call.answering;
  }

  async function acceptCall(call: LiveCall): Promise<void> {
    const invitation = call.session;
    if (snap(call.id)?.state !== 'ringing' || !(invitation instanceof Invitation)) {
      throw new SipPhoneError('call_failed', `call ${call.id} is not ringing`);
    }
    const stream = await acquireMicrophone();
    if (call.finished || snap(call.id)?.state !== 'ringing') {
      stopStream(stream);
      throw new SipPhoneError('call_failed', `call ${call.id} ended before it was answered`);
    }
    await holdOthers(call.id);
    call.preparedStream = stream;
    try {
      await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: AUDIO_ONLY } as Web.SessionDescriptionHandlerOptions });
    } catch (error) {
      stopStream(call.preparedStream);
      call.preparedStream = null;
      throw new SipPhoneError('call_failed', `answer failed: ${describeError(error)}`);
    }
  }

  /**
   * An INVITE with Replaces for one of our calls: an attended transfer made us its target (RFC
   * 3891). It is answered at once, and sip.js ends the replaced call with a BYE once it is.
   */
  async function takeOver(call: LiveCall, replaced: LiveCall): Promise<void> {
    log.info('call replaced by a transfer', replaced.id, call.id);
    // Set before answering: sip.js sends the replaced call's BYE inside accept().
    setEnd(replaced, 'remote', END_CAUSE_TRANSFERRED);
    try {
      await answerCall(call);
    } catch (error) {
      if (!replaced.finished) replaced.end = null;
      log.warn('could not take over a transferred call', describeError(error));
      if (call.session instanceof Invitation && call.session.state !== SessionState.Terminated) {
        setEnd(call, 'system', 'transfer target could not answer');
        void call.session.reject({ statusCode: 480 }).catch(() => undefined);
      }
    }
  }

  function requireCall(id: string): LiveCall {
    const call = live.get(id);
    if (!call) {
      const known = snap(id);
      throw new SipPhoneError('call_failed', known ? `call ${id} has ended` : `no call with id ${id}`);
    }
    return call;
  }

  function requireEstablished(id: string): LiveCall {
    const call = requireCall(id);
    const s = snap(id);
    if (!s || !isEstablished(s) || call.session.state !== SessionState.Established) {
      throw new SipPhoneError('call_failed', `call ${id} is not connected (${s?.state ?? 'unknown'})`);
    }
    return call;
  }

  function enqueue(call: LiveCall, task: () => Promise<void>): Promise<void> {
    const run = call.chain.then(task, task);
    call.chain = run.catch(() => undefined);
    return run;
  }

  /** A re-INVITE that settles on its final response, not when it is sent. */
  function reinvite(session: Session, sdhOptions?: Web.SessionDescriptionHandlerOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        deps.clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = deps.setTimeout(() => settle(new Error(`no answer to re-INVITE within ${REINVITE_TIMEOUT_MS} ms`)), REINVITE_TIMEOUT_MS);
      session
        .invite({
          ...(sdhOptions ? { sessionDescriptionHandlerOptions: sdhOptions } : {}),
          requestDelegate: {
            onAccept: () => settle(),
            onReject: (response) => {
              const { code, text } = responseOf(response);
              settle(new SipResponseError(code, text));
            },
          },
        })
        .catch((error: unknown) => settle(error instanceof Error ? error : new Error(describeError(error))));
    });
  }

  function setHold(call: LiveCall, hold: boolean): Promise<void> {
    return enqueue(call, async () => {
      const s = snap(call.id);
      if (!s || !isEstablished(s) || call.session.state !== SessionState.Established) {
        throw new SipPhoneError('call_failed', `call ${call.id} is not connected`);
      }
      if (call.held === hold) return;
      call.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
      try {
        await reinvite(call.session);
      } catch (error) {
        call.session.sessionDescriptionHandlerOptionsReInvite = { hold: call.held } as Web.SessionDescriptionHandlerOptions;
        throw new SipPhoneError('call_failed', `${hold ? 'hold' : 'resume'} failed: ${describeError(error)}`);
      }
      call.held = hold;
      applyTrackState(call);
      dispatch({ type: 'hold', id: call.id, held: hold });
    });
  }

  /** One talking call at a time: answering, dialing or resuming puts the others on hold. */
  async function holdOthers(exceptId: string | null): Promise<void> {
    for (const other of [...live.values()]) {
      if (other.id === exceptId || snap(other.id)?.state !== 'talking') continue;
      try {
        await setHold(other, true);
      } catch (error) {
        log.warn('could not hold the other call', describeError(error));
      }
    }
  }

  function recoverMedia(): void {
    mediaRecoveryPending = false;
    for (const call of [...live.values()]) {
      const s = snap(call.id);
      if (!s || !isEstablished(s)) continue;
      dispatch({ type: 'media-recovery', id: call.id, recovering: true });
      void enqueue(call, async () => {
        const hold = call.held;
        try {
          // The ICE restart finds a path again if the network under the media changed too.
          await reinvite(call.session, { hold, offerOptions: { iceRestart: true } } as Web.SessionDescriptionHandlerOptions);
          log.info('media renegotiated after reconnecting', call.id);
        } catch (error) {
          if (error instanceof SipResponseError && error.statusCode === 481) {
            // The far end no longer knows the dialog (RFC 3261 §14.1): the call is gone.
            setEnd(call, 'system', error.message);
            void call.session.bye().catch(() => undefined);
          } else {
            log.warn('media renegotiation after reconnecting failed', describeError(error));
          }
        } finally {
          call.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
          dispatch({ type: 'media-recovery', id: call.id, recovering: false });
        }
      }).catch((error: unknown) => log.warn('media recovery', describeError(error)));
    }
  }

  function transfer(call: LiveCall, referTo: URI, consult: LiveCall | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const settle: TransferSettle = (state, error) => {
        if (done) return;
        done = true;
        deps.clearTimeout(timer);
        call.transfer = null;
        if (consult) consult.consultFor = null;
        dispatch({ type: 'transfer-settled', id: call.id, state, error });
        if (state === 'failed') {
          log.warn('transfer failed', error);
          reject(new SipPhoneError('transfer_failed', error ?? 'transfer failed'));
          return;
        }
        log.info('transfer accepted', call.id);
        setEnd(call, 'local', END_CAUSE_TRANSFERRED);
        if (consult) setEnd(consult, 'remote', END_CAUSE_TRANSFERRED);
        // The transferor leaves on its own (RFC 5589 §6); the transferee does not hang up on us.
        if (call.session.state === SessionState.Established) void call.session.bye().catch(() => undefined);
        // The target ends the consult call when the Replaces INVITE takes it over (RFC 3891); one
        // that does not support Replaces would leave the agent on it, so leave it after a grace.
        if (consult) {
          deps.setTimeout(() => {
            if (consult.session.state === SessionState.Established) void consult.session.bye().catch(() => undefined);
          }, CONSULT_LEAVE_GRACE_MS);
        }
        resolve();
      };
      const timer = deps.setTimeout(() => settle('failed', `no outcome within ${TRANSFER_TIMEOUT_MS / 1000} s`), TRANSFER_TIMEOUT_MS);
      call.transfer = { settle, referAccepted: false };
      if (consult) consult.consultFor = call;
      const state = call.transfer;
      call.session
        .refer(referTo, {
          requestDelegate: {
            onAccept: () => {
              state.referAccepted = true;
            },
            onReject: (response) => settle('failed', `REFER refused: ${responseOf(response).text}`),
          },
          onNotify: (notification) =>
            guarded('transfer NOTIFY', () => {
              void notification.accept().catch(() => undefined);
              const body = notification.request.body;
              const code = sipfragStatus(body);
              if (code === null || code < 200) return;
              if (code < 300) settle('accepted', null);
              else settle('failed', statusText(code, /^\s*SIP\/2\.0\s+\d{3}\s+(.*)$/m.exec(body)?.[1]));
            }),
        })
        .catch((error: unknown) => settle('failed', describeError(error)));
    });
  }

  function requireAgent(): { agent: UserAgent; cfg: SipConfig } {
    if (!ua || !config) throw new SipPhoneError('call_failed', 'the phone is not started');
    if (!ua.isConnected()) throw new SipPhoneError('call_failed', 'not connected to the PBX');
    return { agent: ua, cfg: config };
  }

  function targetUri(target: string, domain: string): { dial: string; uri: URI } {
    const parsed = dialTarget(target);
    if (parsed.kind === 'invalid') throw new SipPhoneError('invalid_number', parsed.reason);
    const uri = UserAgent.makeURI(`sip:${parsed.dial}@${domain}`);
    if (!uri) throw new SipPhoneError('invalid_number', 'not_a_number');
    return { dial: parsed.dial, uri };
  }

  // ----- the contract -----

  async function stop(): Promise<void> {
    generation += 1;
    mediaRecoveryPending = false;
    deps.networkEvents.removeEventListener('online', onOnline);
    deps.networkEvents.removeEventListener('offline', onOffline);
    const agent = ua;
    ua = null;
    config = null;
    for (const call of live.values()) setEnd(call, 'system', 'phone stopped');
    await keeper.stop();
    if (agent) {
      // sip.js's graceful stop ends the remaining calls and can wait long on a dead server.
      const stopped = agent.stop().catch((error: unknown) => log.warn('stopping the user agent', describeError(error)));
      await Promise.race([stopped, new Promise<void>((resolve) => deps.setTimeout(resolve, STOP_TIMEOUT_MS))]);
    }
    for (const call of [...live.values()]) finishCall(call);
  }

  return {
    getSnapshot: () => snapshot,

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async start(next) {
      if (ua) await stop();
      generation += 1;
      const gen = generation;
      config = next;
      online = deps.isOnline();
      deps.networkEvents.addEventListener('online', onOnline);
      deps.networkEvents.addEventListener('offline', onOffline);
      let agent: UserAgent;
      try {
        agent = userAgentFactory(
          buildUserAgentOptions(next, {
            log,
            sessionDescriptionHandlerFactory,
            delegate: {
              onDisconnect: (error) => guarded('disconnect', () => gen === generation && keeper.transportDisconnected(error)),
              onInvite: (invitation) => onInvite(gen, invitation),
            },
          }),
        );
      } catch (error) {
        // A setting that cannot work (no SIP URI, a malformed wsUrl): failed until the config changes.
        registration = { state: 'failed', error: { code: 'unreachable', detail: describeError(error) }, attempt: 0, nextRetryAt: null, since: deps.now() };
        emit();
        log.error('SIP settings cannot work', describeError(error));
        return;
      }
      ua = agent;
      await keeper.start(agent, next.wsUrl, online);
    },

    stop,

    async dial(target, options?: DialOptions) {
      const { agent, cfg } = requireAgent();
      const { dial, uri } = targetUri(target, cfg.domain);
      const stream = await acquireMicrophone();
      if (agent !== ua) {
        stopStream(stream);
        throw new SipPhoneError('call_failed', 'the phone stopped');
      }
      await holdOthers(null);
      const inviter = new Inviter(agent, uri, {
        extraHeaders: options?.extraHeaders ? [...options.extraHeaders] : [],
        sessionDescriptionHandlerOptions: { constraints: AUDIO_ONLY } as Web.SessionDescriptionHandlerOptions,
        sessionDescriptionHandlerOptionsReInvite: { hold: false } as Web.SessionDescriptionHandlerOptions,
      });
      const id = deps.uuid();
      const call = newLiveCall(id, inviter);
      call.preparedStream = stream;
      dispatch({ type: 'outgoing', id, at: deps.now(), remote: { number: callerNumber(dial), displayName: '' } });
      log.info('dialing', id);
      inviter
        .invite({
          requestDelegate: {
            onReject: (response) => setEnd(call, 'remote', responseOf(response).text),
          },
        })
        .catch((error: unknown) => {
          setEnd(call, 'system', `call failed: ${describeError(error)}`);
          if (inviter.state !== SessionState.Terminated) void inviter.cancel().catch(() => undefined);
          finishCall(call);
        });
      return id;
    },

    async answer(callId) {
      await answerCall(requireCall(callId));
    },

    async reject(callId, status = 486) {
      const call = requireCall(callId);
      if (snap(callId)?.state !== 'ringing' || !(call.session instanceof Invitation)) {
        throw new SipPhoneError('call_failed', `call ${callId} is not ringing`);
      }
      setEnd(call, 'local', statusText(status));
      await call.session.reject({ statusCode: status });
    },

    async hangUp(callId) {
      const call = live.get(callId);
      if (!call) {
        if (snap(callId)) return;
        throw new SipPhoneError('call_failed', `no call with id ${callId}`);
      }
      const { session } = call;
      try {
        if (session.state === SessionState.Established) {
          setEnd(call, 'local', 'BYE');
          await session.bye();
        } else if (session instanceof Inviter) {
          setEnd(call, 'local', 'CANCEL');
          await session.cancel();
        } else if (session instanceof Invitation) {
          setEnd(call, 'local', statusText(486));
          await session.reject({ statusCode: 486 });
        }
      } catch (error) {
        throw new SipPhoneError('call_failed', `hang-up failed: ${describeError(error)}`);
      }
    },

    async hold(callId) {
      await setHold(requireCall(callId), true);
    },

    async resume(callId) {
      const call = requireCall(callId);
      await holdOthers(callId);
      await setHold(call, false);
    },

    setMuted(callId, muted) {
      const call = requireCall(callId);
      if (snap(callId)?.state === 'ringing') throw new SipPhoneError('call_failed', `call ${callId} is ringing; answer it first`);
      call.muted = muted;
      applyTrackState(call);
      dispatch({ type: 'mute', id: callId, muted });
    },

    async sendDtmf(callId, digit) {
      const call = requireEstablished(callId);
      const key = normalizeDtmfDigit(digit);
      if (key === null) throw new SipPhoneError('not_supported', 'not a DTMF key (0-9 * # A-D)');
      const pc = peerConnectionOf(call.session);
      const sender = audioSenderOf(pc);
      if (pc && offersTelephoneEvent(pc.remoteDescription?.sdp) && sender?.dtmf && sender.dtmf.canInsertDTMF !== false) {
        sender.dtmf.insertDTMF(key, DTMF_DURATION_MS, DTMF_GAP_MS);
        return;
      }
      await new Promise<void>((resolve, reject) => {
        call.session
          .info({
            requestOptions: { body: dtmfInfoBody(key) },
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (response) => reject(new SipPhoneError('call_failed', `DTMF INFO refused: ${responseOf(response).text}`)),
            },
          })
          .catch((error: unknown) => reject(new SipPhoneError('call_failed', `DTMF INFO failed: ${describeError(error)}`)));
      });
    },

    async blindTransfer(callId, target) {
      const call = requireEstablished(callId);
      if (!config) throw new SipPhoneError('call_failed', 'the phone is not started');
      const { dial, uri } = targetUri(target, config.domain);
      if (call.transfer) throw new SipPhoneError('transfer_failed', 'a transfer of this call is already under way');
      dispatch({ type: 'transfer-started', id: callId, kind: 'blind', target: dial });
      await transfer(call, uri, null);
    },

    async completeAttendedTransfer(callId, consultCallId) {
      const call = requireEstablished(callId);
      const consult = requireEstablished(consultCallId);
      if (call === consult) throw new SipPhoneError('transfer_failed', 'a call cannot be transferred to itself');
      if (call.transfer) throw new SipPhoneError('transfer_failed', 'a transfer of this call is already under way');
      const target = snap(consultCallId)?.remote.number ?? '';
      const referTo = replacesTarget(consult.session);
      dispatch({ type: 'transfer-started', id: callId, kind: 'attended', target });
      await transfer(call, referTo, consult);
    },

    async setDevices(next) {
      devices = { ...devices, ...next };
      emit();
      if (next.ringerId !== undefined) await ringer.setSinkId(devices.ringerId);
      if (next.speakerId !== undefined) {
        for (const call of live.values()) {
          const element = call.audio;
          if (!element || typeof element.setSinkId !== 'function') continue;
          await element.setSinkId(devices.speakerId ?? '').catch((error: unknown) => log.warn('speaker could not be selected', describeError(error)));
        }
      }
      if (next.microphoneId !== undefined) {
        for (const call of [...live.values()]) {
          const sender = audioSenderOf(peerConnectionOf(call.session));
          if (!sender) continue;
          try {
            const stream = await acquireMicrophone();
            const track = stream.getAudioTracks()[0];
            if (!track || call.finished) {
              stopStream(stream);
              continue;
            }
            const old = sender.track;
            await sender.replaceTrack(track);
            track.enabled = !call.held && !call.muted;
            old?.stop();
            const sdh = call.session.sessionDescriptionHandler;
            if (sdh instanceof Web.SessionDescriptionHandler) {
              if (old) sdh.localMediaStream.removeTrack(old);
              sdh.localMediaStream.addTrack(track);
            }
            for (const listener of [...mediaListeners]) guarded('a call media listener', () => listener(call.id));
          } catch (error) {
            log.warn('could not switch the microphone of a live call', describeError(error));
          }
        }
      }
    },

    callMedia(callId) {
      const call = live.get(callId);
      const s = snap(callId);
      if (!call || call.finished || !s || !isEstablished(s)) return null;
      const sdh = call.session.sessionDescriptionHandler;
      if (!(sdh instanceof Web.SessionDescriptionHandler)) return null;
      return { local: sdh.localMediaStream, remote: sdh.remoteMediaStream };
    },

    subscribeCallMedia(listener) {
      mediaListeners.add(listener);
      return () => {
        mediaListeners.delete(listener);
      };
    },
  };
}
