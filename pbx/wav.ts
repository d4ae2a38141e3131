import { writeFileSync } from 'node:fs';

/**
 * Writes a 16-bit mono PCM WAV whose sample i is `sample(i)` (−1 … 1): the known sounds test phones
 * and fake microphones play (baresip's aufile, Chromium's --use-file-for-fake-audio-capture).
 */
export function writeMonoWav(file: string, { samples, sampleRate }: { samples: number; sampleRate: number }, sample: (i: number) => number): void {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    data.writeInt16LE(Math.round(32_767 * Math.max(-1, Math.min(1, sample(i)))), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}
