import type { CallLogEvent } from '../api/call-logs';
import type { RecordingPause, SpeechMeasures } from '../api/recordings';

/*
 * The automatic measures of a recording (talk time of each side, overtalk, the longest silence),
 * computed from the levels the console uploads rather than from the audio, so that an hour's call
 * costs 36 000 numbers per side and no decoding.
 *
 * A frame is "loud" when its level (RMS × 1000) is over the threshold: 20 by default, −34 dBFS RMS,
 * well above a headset's idle noise after the browser's noise suppression and well below speech at
 * a normal distance. Speech is not loud in every 100 ms (gaps between syllables and words), so a
 * quiet gap of up to BRIDGE_FRAMES frames between two loud frames of the same side counts as talk:
 * a sentence is one turn, not ten. Gaps are bridged, edges are not extended, so talk time is not
 * inflated at the end of every turn.
 *
 * Frames on hold (from the call log) or inside a sensitive-data pause (silenced at the source) are
 * left out of everything: nobody's talk, no silence, and they break a silence in two, because a
 * customer waiting on hold is not the agent falling silent.
 */

export const DEFAULT_TALK_THRESHOLD = 20;
/** Quiet gaps of up to 300 ms (at 100 ms frames) inside a turn. */
export const BRIDGE_FRAMES = 3;

export interface Interval {
  startMs: number;
  /** null: to the end of the recording. */
  endMs: number | null;
}

export interface MeasureSpeechInput {
  levels: { agent: readonly number[]; customer: readonly number[] };
  frameMs: number;
  pauses: ReadonlyArray<Pick<RecordingPause, 'startMs' | 'endMs'>>;
  holds: readonly Interval[];
  threshold?: number;
  /** Quiet frames bridged inside a turn; BRIDGE_FRAMES by default. */
  bridgeFrames?: number;
}

/** Loud frames, with quiet gaps of up to `bridge` frames between two loud ones filled in. */
export function talkFrames(levels: readonly number[], length: number, threshold: number, bridge: number): boolean[] {
  const talk = Array.from({ length }, (_, i) => (levels[i] ?? 0) > threshold);
  let lastLoud = -1;
  for (let i = 0; i < length; i += 1) {
    if (!talk[i]) continue;
    const gap = i - lastLoud - 1;
    if (lastLoud >= 0 && gap > 0 && gap <= bridge) for (let j = lastLoud + 1; j < i; j += 1) talk[j] = true;
    lastLoud = i;
  }
  return talk;
}

/** Frames whose start lies inside any of the intervals. */
function excludedFrames(intervals: readonly Interval[], length: number, frameMs: number): boolean[] {
  const excluded = new Array<boolean>(length).fill(false);
  for (const { startMs, endMs } of intervals) {
    const from = Math.max(0, Math.ceil(startMs / frameMs));
    const to = endMs === null ? length : Math.min(length, Math.ceil(endMs / frameMs));
    for (let i = from; i < to; i += 1) excluded[i] = true;
  }
  return excluded;
}

/** Total length of the intervals inside [0, untilMs), overlaps counted once; an open end is `untilMs`. */
export function unionMs(intervals: readonly Interval[], untilMs: number): number {
  const spans = intervals
    .map(({ startMs, endMs }) => [Math.max(0, startMs), Math.min(untilMs, endMs ?? untilMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentEnd = -Infinity;
  for (const [start, end] of spans) {
    if (start >= currentEnd) {
      total += end - start;
      currentEnd = end;
    } else if (end > currentEnd) {
      total += end - currentEnd;
      currentEnd = end;
    }
  }
  return total;
}

export function measureSpeech(input: MeasureSpeechInput): SpeechMeasures {
  const { frameMs } = input;
  const threshold = input.threshold ?? DEFAULT_TALK_THRESHOLD;
  const bridge = input.bridgeFrames ?? BRIDGE_FRAMES;
  const length = Math.max(input.levels.agent.length, input.levels.customer.length);
  const agent = talkFrames(input.levels.agent, length, threshold, bridge);
  const customer = talkFrames(input.levels.customer, length, threshold, bridge);
  const excluded = excludedFrames([...input.holds, ...input.pauses], length, frameMs);

  let agentFrames = 0;
  let customerFrames = 0;
  let overtalkFrames = 0;
  let overtalkCount = 0;
  let silenceRun = 0;
  let longestSilence = 0;
  let longestSilenceAt: number | null = null;
  let previousOvertalk = false;
  for (let i = 0; i < length; i += 1) {
    const counted = !excluded[i];
    const a = counted && agent[i] === true;
    const c = counted && customer[i] === true;
    if (a) agentFrames += 1;
    if (c) customerFrames += 1;
    const overtalk = a && c;
    if (overtalk) {
      overtalkFrames += 1;
      if (!previousOvertalk) overtalkCount += 1;
    }
    previousOvertalk = overtalk;
    if (counted && !a && !c) {
      silenceRun += 1;
      if (silenceRun > longestSilence) {
        longestSilence = silenceRun;
        longestSilenceAt = i - silenceRun + 1;
      }
    } else {
      silenceRun = 0;
    }
  }

  const durationMs = length * frameMs;
  const agentTalkMs = agentFrames * frameMs;
  const customerTalkMs = customerFrames * frameMs;
  const talkMs = agentTalkMs + customerTalkMs;
  return {
    agentTalkMs,
    customerTalkMs,
    agentTalkRatio: talkMs === 0 ? null : agentTalkMs / talkMs,
    overtalkMs: overtalkFrames * frameMs,
    overtalkCount,
    longestSilenceMs: longestSilence * frameMs,
    longestSilenceAtMs: longestSilenceAt === null ? null : longestSilenceAt * frameMs,
    holdMs: Math.round(unionMs(input.holds, durationMs)),
  };
}

/**
 * The agent's holds from the call log's events, in ms from the recording's start. `held` opens a
 * hold, `resumed` closes it; one still open when the call ended closes at `ended` (or stays open to
 * the recording's end). Times before the recording began are clipped to 0 by the reader.
 */
export function holdsFromEvents(events: readonly Pick<CallLogEvent, 'type' | 'at' | 'seq'>[], recordingStartedAt: string): Interval[] {
  const origin = Date.parse(recordingStartedAt);
  const holds: Interval[] = [];
  let open: number | null = null;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const at = Date.parse(event.at) - origin;
    if (event.type === 'held' && open === null) open = at;
    else if ((event.type === 'resumed' || event.type === 'ended') && open !== null) {
      holds.push({ startMs: open, endMs: Math.max(open, at) });
      open = null;
    }
  }
  if (open !== null) holds.push({ startMs: open, endMs: null });
  return holds;
}
