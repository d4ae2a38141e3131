/**
 * Replay start of a 60-minute recording from the hub, as an assessor's player sees it: a real hub
 * (child process) holds a seekable 60-minute WebM/Opus recording, uploaded by tus as a console does;
 * in Chromium, each run
 *  - start: asks for a replay ticket (`POST /api/v1/recordings/:callId/replays`) → the <audio>
 *    element, given the ticket's URL, fires `canplay` (first audio playable);
 *  - seek: sets currentTime to the middle → `seeked` and the element can play there again.
 * Every run takes a new ticket (one logged replay each), so nothing comes from the browser's cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { callLogId, callLogRecord } from '../test/support/call-log-records';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium';
import { startHub } from '../test/support/hub-process';
import { makeLongRecording } from '../test/support/long-recording';
import { flatAnalysis, login, putAnalysis, tusUpload, uploadCallLogs, waitRecordingReady } from '../test/e2e/support/recording-api';
import { summarize, writeResult, type Summary } from './stats';

export interface RecordingReplayOptions {
  minutes: number;
  runs: number;
  warmUp: number;
}

interface InPageRun {
  startMs: number;
  /** The part of `startMs` the ticket's POST took (the replay logged in the database). */
  ticketMs: number;
  seekMs: number;
  durationS: number;
}

export async function benchRecordingReplay(options: RecordingReplayOptions): Promise<Record<string, Summary>> {
  const logDir = mkdtempSync(join(tmpdir(), 'bench-recording-replay-'));
  const hub = await startHub({ logDir, env: { HUB_LOG_LEVEL: 'warn' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
  try {
    const made = performance.now();
    const recording = await makeLongRecording(options.minutes);
    const { durationMs } = recording;
    console.log(`  ${Math.round(durationMs / 60_000)}-minute recording: ${(recording.bytes.byteLength / 1e6).toFixed(1)} MB, made in ${Math.round(performance.now() - made)} ms`);

    // The call log first: the recording is filed under its id, for its agent.
    const agentToken = await login(hub.url, 'agent1');
    const startedAt = new Date(Date.now() - durationMs - 120_000);
    const callId = callLogId(startedAt.getTime());
    const answeredAt = new Date(startedAt.getTime() + 5_000);
    const endedAt = new Date(answeredAt.getTime() + durationMs);
    await uploadCallLogs(hub.url, agentToken, [
      callLogRecord({
        id: callId,
        startedAt: startedAt.toISOString(),
        answeredAt: answeredAt.toISOString(),
        endedAt: endedAt.toISOString(),
        wrapUp: { dispositionCode: 'consult-answered', notes: '压测录音', doneAt: new Date(endedAt.getTime() + 10_000).toISOString() },
        events: [
          { seq: 0, type: 'ringing', at: startedAt.toISOString() },
          { seq: 1, type: 'answered', at: answeredAt.toISOString() },
          { seq: 2, type: 'ended', at: endedAt.toISOString(), detail: { cause: 'BYE' } },
        ],
      }),
    ]);
    await putAnalysis(hub.url, agentToken, callId, flatAnalysis(answeredAt.toISOString(), durationMs));
    const uploaded = performance.now();
    await tusUpload(hub.url, agentToken, callId, recording.bytes);
    const ready = await waitRecordingReady(hub.url, agentToken, callId, 600_000);
    console.log(`  uploaded and made seekable in ${Math.round(performance.now() - uploaded)} ms (${ready.bytes} bytes stored, ${ready.durationMs} ms)`);

    const qaToken = await login(hub.url, 'qa1');
    const context = await browser.newContext();
    // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate call `__name`, which only Node has.
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    const page = await context.newPage();
    // Same origin as the hub: the ticket's URL is relative to it and the POST needs no CORS.
    await page.goto(`${hub.url}/healthz`);
    const runs = await page.evaluate(
      async ({ callId, token, total }) => {
        const once = (audio: HTMLAudioElement, event: string) =>
          new Promise<void>((resolve, reject) => {
            const fail = () => reject(new Error(`audio error ${audio.error?.code}: ${audio.error?.message}`));
            audio.addEventListener(event, () => {
              audio.removeEventListener('error', fail);
              resolve();
            }, { once: true });
            audio.addEventListener('error', fail, { once: true });
          });
        const results: InPageRun[] = [];
        for (let i = 0; i < total; i += 1) {
          const audio = new Audio();
          audio.preload = 'auto';
          const t0 = performance.now();
          const response = await fetch(`/api/v1/recordings/${callId}/replays`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ purpose: 'review' }),
          });
          if (!response.ok) throw new Error(`replay ticket: ${response.status} ${await response.text()}`);
          const { url } = (await response.json()) as { url: string };
          const ticketMs = performance.now() - t0;
          const playable = once(audio, 'canplay');
          audio.src = url;
          await playable;
          const startMs = performance.now() - t0;
          if (!Number.isFinite(audio.duration)) throw new Error(`the recording's duration is ${audio.duration}: not seekable`);
          const t1 = performance.now();
          const seeked = once(audio, 'seeked');
          audio.currentTime = audio.duration / 2;
          await seeked;
          if (audio.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) await once(audio, 'canplay');
          results.push({ startMs, ticketMs, seekMs: performance.now() - t1, durationS: audio.duration });
          audio.removeAttribute('src');
          audio.load();
        }
        return results;
      },
      { callId, token: qaToken, total: options.warmUp + options.runs },
    );
    const measured = runs.slice(options.warmUp);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const figures = {
      replayStartMs: summarize(measured.map((r) => round(r.startMs))),
      replayTicketMs: summarize(measured.map((r) => round(r.ticketMs))),
      seekToMiddleMs: summarize(measured.map((r) => round(r.seekMs))),
    };
    writeResult('recording-replay', {
      ...figures,
      recording: { minutes: options.minutes, bytes: ready.bytes, durationS: measured[0]?.durationS ?? null },
      samples: { start: measured.map((r) => round(r.startMs)), ticket: measured.map((r) => round(r.ticketMs)), seek: measured.map((r) => round(r.seekMs)) },
      notes:
        `one hub (PGlite, disk storage) on loopback; ${options.warmUp} warm-up runs dropped; start: replay ticket asked → <audio> canplay; ` +
        `seek: currentTime = duration/2 → seeked and HAVE_FUTURE_DATA; each run a new ticket; ` +
        `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
    });
    return figures;
  } finally {
    await browser.close();
    await hub.stop();
    rmSync(hub.dataDir, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  }
}
