/**
 * The console's own call-log modules in a bench page served by the real hub (same origin, so the
 * upload goes through the same fetch, CSP and schema checks as in the console). Driven by
 * bench/call-log.ts through `window.bench`.
 */
import { createHubClient } from '../../renderer/src/services/hub';
import { createCallLogRecorder } from '../../renderer/src/services/call-log/call-log-recorder';
import { createCallLogUploader, type UploadStatus } from '../../renderer/src/services/call-log/call-log-uploader';
import { createCallLog } from '../../renderer/src/services/call-log/call-log-model';
import { AppDb } from '../../renderer/src/services/local-db/app-db';
import { uuidV7 } from '../../renderer/src/services/sip/uuid-v7';
import type { CallSnapshot, PhoneSnapshot } from '../../renderer/src/services/sip/phone-types';
import { systemClock } from '../../renderer/src/store/store-deps';

const newId = () => uuidV7({ now: () => Date.now(), getRandomValues: (b) => crypto.getRandomValues(b) });

function call(id: string, state: CallSnapshot['state'], startedAt: number, patch: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id,
    direction: 'inbound',
    state,
    remote: { number: '13800138000', displayName: '张三' },
    ivrChoice: 'consult',
    muted: false,
    remoteHold: false,
    startedAt,
    answeredAt: state === 'ringing' ? null : startedAt + 2_000,
    endedAt: state === 'ended' ? startedAt + 60_000 : null,
    endedBy: state === 'ended' ? 'remote' : null,
    endCause: state === 'ended' ? 'BYE' : null,
    transfer: null,
    mediaRecovering: false,
    ...patch,
  };
}

const snapshot = (calls: CallSnapshot[]): PhoneSnapshot => ({
  registration: { state: 'registered', error: null, since: 0, attempt: 0, nextRetryAt: null },
  online: true,
  calls,
  devices: { microphoneId: null, speakerId: null, ringerId: null },
});

async function freshDb(name: string): Promise<AppDb> {
  await new AppDb(name).delete();
  const db = new AppDb(name);
  await db.open();
  return db;
}

/** Time of each call-log update, from the snapshot handed to the recorder to its transaction committed. */
async function writeLatencies(calls: number): Promise<number[]> {
  const db = await freshDb('bench-writes');
  const recorder = createCallLogRecorder({ db, clock: systemClock, onError: (e) => console.error(e), onWritten: () => undefined });
  await recorder.recovered;
  const samples: number[] = [];
  const step = async (s: PhoneSnapshot) => {
    const t0 = performance.now();
    recorder.observe(s);
    await recorder.flush();
    samples.push(performance.now() - t0);
  };
  for (let i = 0; i < calls; i += 1) {
    const id = newId();
    const at = Date.now();
    // A call's life: ring, answer, hold, resume, mute, unmute, end — seven updates.
    await step(snapshot([call(id, 'ringing', at)]));
    await step(snapshot([call(id, 'talking', at)]));
    await step(snapshot([call(id, 'held', at)]));
    await step(snapshot([call(id, 'talking', at)]));
    await step(snapshot([call(id, 'talking', at, { muted: true })]));
    await step(snapshot([call(id, 'talking', at, { muted: false })]));
    await step(snapshot([call(id, 'ended', at)]));
  }
  recorder.stop();
  db.close();
  return samples;
}

/** `count` ended calls waiting in the outbox, then the uploader started against the hub: ms until all are uploaded. */
async function uploadBacklog(count: number, token: string): Promise<{ ms: number; batches: number; uploaded: number; sendMs: number }> {
  const db = await freshDb('bench-upload');
  const now = Date.now();
  const records = Array.from({ length: count }, (_, i) => {
    const at = now - (count - i) * 1_000;
    return createCallLog(call(newId(), 'ended', at), now);
  });
  await db.transaction('rw', db.callLogs, db.outbox, async () => {
    await db.callLogs.bulkPut(records);
    await db.outbox.bulkPut(records.map((r, i) => ({ kind: 'call-log' as const, key: r.id, version: r.version, enqueuedAt: now + i })));
  });
  const hub = createHubClient({ baseUrl: '' });
  let batches = 0;
  let sendMs = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const uploader = createCallLogUploader({
      db,
      clock: systemClock,
      random: Math.random,
      send: async (batch) => {
        batches += 1;
        const t = performance.now();
        const answer = await hub.uploadCallLogs(token, { records: batch });
        sendMs += performance.now() - t;
        return answer;
      },
      onStatus: (status: UploadStatus) => {
        if (status.state === 'waiting') {
          uploader.stop();
          reject(new Error(`upload failed: ${status.lastError}`));
        }
        if (status.state === 'idle' && status.pending === 0) {
          uploader.stop();
          resolve();
        }
      },
    });
  });
  const ms = performance.now() - t0;
  const uploaded = await db.callLogs.where('syncState').equals('uploaded').count();
  db.close();
  return { ms, batches, uploaded, sendMs };
}

async function login(username: string, password: string): Promise<string> {
  return (await createHubClient({ baseUrl: '' }).login({ username, password })).token;
}

(window as unknown as { bench: unknown }).bench = { writeLatencies, uploadBacklog, login };
(window as unknown as { benchReady: boolean }).benchReady = true;
