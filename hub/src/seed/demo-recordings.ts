import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RecordingAnalysisSchema, type RecordingAnalysis } from '../../../shared/api/recordings';
import type { Clock } from '../clock';
import type { Db } from '../db/db';
import { advanceUpload, completeUpload, insertUpload, saveAnalysis } from '../recordings/recording-repo';
import type { RecordingStore } from '../recordings/recording-store';
import { remuxToSeekable } from '../recordings/remux';
import { stableUuid } from './prng';

/*
 * The demo's QA queue (demo-qa.ts) is of demo floor calls, which nobody recorded: without this every
 * review would say "未上传录音". Each of those calls gets the one demo recording
 * (scripts/make-demo-recording.ts: 75 s of two synthetic "voices" with turns, an overtalk, a hold's
 * silence at 30–45 s, a sensitive-data pause at 50–58 s and 6 s of dead air), as if its console had
 * uploaded it: the file made seekable the way the hub does after an upload, and its analysis. The
 * recording starts at the call's answer, so the demo calls' holds (30 s after the answer) fall on
 * the recording's silence.
 *
 * Only demo reviews are touched: a review counts as the demo's when its id is the one demo-qa.ts
 * derives from its call, which a sampled or calibration review never has. Runs outside the seed's
 * transaction, one transaction per call: its row is claimed, the file stored, the row made ready and
 * committed, so a replay never finds a ready recording without its bytes and a failed store leaves
 * no row behind (the next start tries again).
 */

export const DEMO_RECORDING_PATH = fileURLToPath(new URL('../../assets/demo-recording.webm', import.meta.url));
export const DEMO_RECORDING_LEVELS_PATH = fileURLToPath(new URL('../../assets/demo-recording.levels.json', import.meta.url));

/** Why the demo recording is paused: what a script's pause_recording action would say. */
export const DEMO_PAUSE_REASON = '银行卡号';

const Span = z.object({ startMs: z.number().int().min(0), endMs: z.number().int().min(0) });
const DemoLevelsSchema = z.object({
  frameMs: z.literal(100),
  durationMs: z.number().int().min(0),
  agent: z.array(z.number().int().min(0).max(1000)),
  customer: z.array(z.number().int().min(0).max(1000)),
  pause: Span,
});
type DemoLevels = z.infer<typeof DemoLevelsSchema>;

interface DemoCall {
  review_id: string;
  call_id: string;
  agent_id: string;
  agent_name: string;
  answered_at: Date;
}

async function readDemoAudio(): Promise<{ bytes: Uint8Array; durationMs: number; channels: number; levels: DemoLevels }> {
  const [webm, json] = await Promise.all([readFile(DEMO_RECORDING_PATH), readFile(DEMO_RECORDING_LEVELS_PATH, 'utf8')]);
  const levels = DemoLevelsSchema.parse(JSON.parse(json));
  const seekable = await remuxToSeekable(new Uint8Array(webm));
  return { bytes: seekable.bytes, durationMs: seekable.durationMs, channels: seekable.numberOfChannels, levels };
}

/** Gives every demo review's call without a recording the demo recording; answers how many it gave. */
export async function seedDemoRecordings(db: Db, store: RecordingStore, clock: Clock): Promise<number> {
  const { rows } = await db.query<DemoCall>(
    `select r.id as review_id, r.call_id, l.agent_id, u.display_name as agent_name, l.answered_at
       from qa_reviews r
       join call_logs l on l.id = r.call_id
       join users u on u.id = l.agent_id
      where l.answered_at is not null
        and not exists (select 1 from recordings x where x.call_id = r.call_id)
      order by l.started_at, r.call_id`,
  );
  const calls = rows.filter((row) => row.review_id === stableUuid(`demo-qa-review:${row.call_id}`));
  if (calls.length === 0) return 0;
  const audio = await readDemoAudio();
  let added = 0;
  for (const call of calls) {
    const analysis: RecordingAnalysis = RecordingAnalysisSchema.parse({
      startedAt: new Date(call.answered_at).toISOString(),
      durationMs: audio.levels.durationMs,
      frameMs: audio.levels.frameMs,
      agent: audio.levels.agent,
      customer: audio.levels.customer,
      pauses: [{ ...audio.levels.pause, source: 'script', byUserId: call.agent_id, byName: call.agent_name, reason: DEMO_PAUSE_REASON }],
    });
    const now = clock.now();
    const inserted = await db.transaction(async (tx) => {
      // The row first: it claims the call id, so a recording a console uploaded meanwhile is never overwritten.
      if (!(await insertUpload(tx, { callId: call.call_id, agentId: call.agent_id, length: audio.bytes.byteLength, now }))) return false;
      await store.putRecording(call.call_id, audio.bytes);
      await advanceUpload(tx, call.call_id, 0, audio.bytes.byteLength);
      await completeUpload(tx, call.call_id, { status: 'ready', bytes: audio.bytes.byteLength, durationMs: audio.durationMs, channels: audio.channels, now });
      await saveAnalysis(tx, call.call_id, call.agent_id, analysis, now);
      return true;
    });
    if (inserted) added += 1;
  }
  return added;
}
