import type { Logger } from '../../logger';
import { describeError } from './phone-error';
import type { AudioElementLike } from './sip-phone-deps';

/**
 * The ring is generated here rather than shipped as an asset: a plain PCM WAV of two mixed tones
 * (400 + 450 Hz, the double ring of many PBXs) in a double burst, looped by the audio element. A
 * generated blob needs no file in the bundle and no `data:` URL, which the console's CSP does not
 * allow for media (`media-src 'self' blob:`).
 */

export interface RingtoneShape {
  sampleRate: number;
  frequencies: readonly number[];
  /** Alternating on/off durations in ms, starting with on. */
  cadenceMs: readonly number[];
  /** Peak amplitude of the mix, 0..1. */
  volume: number;
}

export const DEFAULT_RINGTONE: RingtoneShape = {
  sampleRate: 8_000,
  frequencies: [400, 450],
  cadenceMs: [400, 200, 400, 2_000],
  volume: 0.5,
};

/** 16-bit mono PCM WAV bytes of one cadence cycle. */
export function ringtoneWav(shape: RingtoneShape = DEFAULT_RINGTONE): Uint8Array {
  const { sampleRate, frequencies, cadenceMs, volume } = shape;
  const samplesPer = cadenceMs.map((ms) => Math.round((ms / 1000) * sampleRate));
  const total = samplesPer.reduce((a, b) => a + b, 0);
  const dataBytes = total * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);

  // A 10 ms ramp at each edge of a burst: a hard edge clicks.
  const ramp = Math.max(1, Math.round(sampleRate * 0.01));
  const amplitude = (volume / Math.max(1, frequencies.length)) * 32_767;
  let offset = 44;
  let t = 0;
  samplesPer.forEach((count, segment) => {
    const on = segment % 2 === 0;
    for (let i = 0; i < count; i += 1, t += 1) {
      let sample = 0;
      if (on) {
        const envelope = Math.min(1, i / ramp, (count - 1 - i) / ramp);
        for (const f of frequencies) sample += Math.sin((2 * Math.PI * f * t) / sampleRate);
        sample *= amplitude * envelope;
      }
      view.setInt16(offset, Math.round(sample), true);
      offset += 2;
    }
  });
  return new Uint8Array(buffer);
}

export interface RingerDeps {
  createAudioElement(): AudioElementLike;
  createObjectUrl(blob: Blob): string;
  revokeObjectUrl(url: string): void;
  log: Logger;
}

export interface Ringer {
  /** Idempotent: rings while `ringing` is true. */
  setRinging(ringing: boolean): void;
  setSinkId(deviceId: string | null): Promise<void>;
  dispose(): void;
}

export function createRinger(deps: RingerDeps): Ringer {
  let element: AudioElementLike | null = null;
  let sinkId: string | null = null;
  let ringing = false;
  let url: string | null = null;

  function ensureElement(): AudioElementLike {
    if (element) return element;
    const el = deps.createAudioElement();
    el.loop = true;
    el.autoplay = false;
    const bytes = ringtoneWav();
    url = deps.createObjectUrl(new Blob([bytes.buffer as ArrayBuffer], { type: 'audio/wav' }));
    el.src = url;
    element = el;
    if (sinkId !== null) void applySink(el, sinkId);
    return el;
  }

  async function applySink(el: AudioElementLike, id: string): Promise<void> {
    if (typeof el.setSinkId !== 'function') return;
    try {
      await el.setSinkId(id);
    } catch (error) {
      deps.log.warn('ring device could not be selected; ringing on the default output', describeError(error));
    }
  }

  return {
    setRinging(next) {
      if (next === ringing) return;
      ringing = next;
      try {
        const el = ensureElement();
        if (ringing) {
          el.currentTime = 0;
          el.play().catch((error: unknown) => deps.log.warn('ringtone did not play', describeError(error)));
        } else {
          el.pause();
          el.currentTime = 0;
        }
      } catch (error) {
        deps.log.warn('ringtone failed', describeError(error));
      }
    },
    async setSinkId(deviceId) {
      sinkId = deviceId;
      if (element) await applySink(element, deviceId ?? '');
    },
    dispose() {
      ringing = false;
      element?.pause();
      element = null;
      if (url !== null) deps.revokeObjectUrl(url);
      url = null;
    },
  };
}
