import { Web, type Session } from 'sip.js';
import type { Logger } from '../../logger';
import { describeError, SipPhoneError } from './phone-error';

/** Media plumbing of a call: the microphone, the peer connection's senders and receivers. */

const AUDIO_ONLY: MediaStreamConstraints = { audio: true, video: false };

export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

/** getUserMedia's failures as the phone reports them: the agent can fix a denial, not a missing device. */
export function microphoneError(error: unknown): SipPhoneError {
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new SipPhoneError('microphone_denied', `${name}: ${describeError(error)}`);
  }
  return new SipPhoneError('no_microphone', `${name || 'Error'}: ${describeError(error)}`);
}

/**
 * The chosen microphone, or the default one when the chosen one is gone (a headset unplugged
 * since it was picked): a call with the laptop's microphone beats no call.
 */
export async function openMicrophone(
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>,
  deviceId: string | null,
  log: Logger,
): Promise<MediaStream> {
  try {
    return await getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false });
  } catch (error) {
    const name = errorName(error);
    if (deviceId && (name === 'OverconstrainedError' || name === 'NotFoundError')) {
      log.warn('the chosen microphone is not available; using the default one');
      try {
        return await getUserMedia(AUDIO_ONLY);
      } catch (fallbackError) {
        throw microphoneError(fallbackError);
      }
    }
    throw microphoneError(error);
  }
}

export function peerConnectionOf(session: Session): RTCPeerConnection | undefined {
  const sdh = session.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection : undefined;
}

export function audioSenderOf(pc: RTCPeerConnection | undefined): RTCRtpSender | undefined {
  if (!pc) return undefined;
  const senders = pc.getSenders();
  return senders.find((s) => s.track?.kind === 'audio') ?? senders[0];
}

/**
 * Sends our microphone only while talking and unmuted, and plays the far end unless we hold it:
 * the re-INVITE of a hold changes only the SDP direction, so this is what keeps the agent's
 * aside to a colleague from reaching a held customer.
 */
export function applyTrackStates(session: Session, state: { held: boolean; muted: boolean }): void {
  const pc = peerConnectionOf(session);
  if (!pc) return;
  pc.getSenders().forEach((sender) => {
    if (sender.track) sender.track.enabled = !state.held && !state.muted;
  });
  pc.getReceivers().forEach((receiver) => {
    if (receiver.track) receiver.track.enabled = !state.held;
  });
}
