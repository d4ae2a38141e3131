import { describe, expect, it, vi } from 'vitest';
import { createRinger, DEFAULT_RINGTONE, ringtoneWav } from '../../../../../renderer/src/services/sip/ringtone';
import { fakeAudioElement } from './support/fake-deps';

function samples(wav: Uint8Array): Int16Array {
  return new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.byteLength));
}

describe('ringtoneWav', () => {
  it('is a 16-bit mono PCM WAV of one cadence cycle', () => {
    const wav = ringtoneWav();
    const view = new DataView(wav.buffer);
    const text = (offset: number) => String.fromCharCode(...wav.slice(offset, offset + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(DEFAULT_RINGTONE.sampleRate);
    expect(view.getUint16(34, true)).toBe(16);
    const cycleMs = DEFAULT_RINGTONE.cadenceMs.reduce((a, b) => a + b, 0);
    expect(view.getUint32(40, true)).toBe((cycleMs / 1000) * DEFAULT_RINGTONE.sampleRate * 2);
    expect(view.getUint32(4, true)).toBe(wav.byteLength - 8);
  });

  it('sounds during the bursts and is silent between them, without clipping', () => {
    const pcm = samples(ringtoneWav());
    const rate = DEFAULT_RINGTONE.sampleRate;
    const peak = (fromMs: number, toMs: number) => Math.max(...Array.from(pcm.subarray((fromMs / 1000) * rate, (toMs / 1000) * rate), Math.abs));
    expect(peak(50, 350)).toBeGreaterThan(8000);
    expect(peak(420, 580)).toBe(0);
    expect(peak(650, 950)).toBeGreaterThan(8000);
    expect(peak(1010, 3000)).toBe(0);
    expect(Math.max(...Array.from(pcm, Math.abs))).toBeLessThan(32_767);
    // The bursts fade in: no click at the first sample.
    expect(Math.abs(pcm[0]!)).toBe(0);
  });
});

describe('createRinger', () => {
  function setup() {
    const element = fakeAudioElement();
    const deps = {
      createAudioElement: vi.fn(() => element),
      createObjectUrl: vi.fn((_blob: Blob) => 'blob:ring'),
      revokeObjectUrl: vi.fn(),
      log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    };
    return { element, deps, ringer: createRinger(deps) };
  }

  it('loops the generated WAV while ringing and stops when told', () => {
    const { element, deps, ringer } = setup();
    ringer.setRinging(true);
    expect(deps.createObjectUrl).toHaveBeenCalledWith(expect.any(Blob));
    expect(deps.createObjectUrl.mock.calls[0]![0].type).toBe('audio/wav');
    expect(element).toMatchObject({ src: 'blob:ring', loop: true });
    expect(element.play).toHaveBeenCalledTimes(1);
    ringer.setRinging(true);
    expect(element.play).toHaveBeenCalledTimes(1);
    ringer.setRinging(false);
    expect(element.pause).toHaveBeenCalledTimes(1);
    ringer.dispose();
    expect(deps.revokeObjectUrl).toHaveBeenCalledWith('blob:ring');
  });

  it('rings on the chosen device, also when chosen before the first ring', async () => {
    const { element, ringer } = setup();
    await ringer.setSinkId('ringer-1');
    ringer.setRinging(true);
    expect(element.setSinkId).toHaveBeenCalledWith('ringer-1');
    await ringer.setSinkId('ringer-2');
    expect(element.setSinkId).toHaveBeenLastCalledWith('ringer-2');
  });

  it('logs instead of throwing when the browser refuses to play or to switch device', async () => {
    const { element, deps, ringer } = setup();
    element.play.mockRejectedValueOnce(new Error('NotAllowedError'));
    element.setSinkId.mockRejectedValueOnce(new Error('NotFoundError'));
    ringer.setRinging(true);
    await ringer.setSinkId('gone');
    await Promise.resolve();
    expect(deps.log.warn).toHaveBeenCalledTimes(2);
  });
});
