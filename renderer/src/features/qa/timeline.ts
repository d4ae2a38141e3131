import type { CallLogEvent, CallLogEventType } from '../../../../shared/api/call-logs';
import type { RecordingPause } from '../../../../shared/api/recordings';

/*
 * Where the call's events fall in its recording. The recording's clock is the call's clock (a
 * sensitive-data pause silences the recording without stopping it), so an event's position is its
 * time minus the recording's start. Pure, so the player only draws what this returns.
 */

/** The events an assessor looks for on the timeline; the rest (ringing, mute, wrap-up) say nothing about the conversation's course. */
export const MARKED_EVENTS: ReadonlySet<CallLogEventType> = new Set<CallLogEventType>([
  'answered',
  'held',
  'resumed',
  'transfer_requested',
  'transferred',
  'transfer_failed',
  'script_step',
  'disposition_set',
]);

/**
 * How far outside the recording an event may be and still be drawn at its edge: the console's clock
 * stamps both, but the recorder starts a moment after the answer is logged.
 */
export const EDGE_TOLERANCE_MS = 2_000;

export interface TimelineMarker {
  key: string;
  type: CallLogEventType;
  atMs: number;
  /** The event's detail as it was logged (target, disposition code, step id). */
  detail: CallLogEvent['detail'];
}

export interface PauseRegion {
  key: string;
  startMs: number;
  /** Where the pause ended; the recording's end when it never did. */
  endMs: number;
  /** False when the recording ended still paused. */
  closed: boolean;
  source: RecordingPause['source'] | null;
  byName: string | null;
  reason: string | null;
}

export interface Timeline {
  markers: TimelineMarker[];
  pauses: PauseRegion[];
}

export interface TimelineInput {
  events: readonly CallLogEvent[];
  /** The recording's first sample (ISO time). */
  startedAt: string;
  durationMs: number;
  /** The pauses the console uploaded with the recording (who and why); the call log's events when absent. */
  pauses?: readonly RecordingPause[] | undefined;
}

/** A call-log time as a position in the recording; null when it is outside it (beyond the tolerance at either end). */
export function positionOf(at: string, startedAt: string, durationMs: number): number | null {
  const ms = Date.parse(at) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < -EDGE_TOLERANCE_MS || ms > durationMs + EDGE_TOLERANCE_MS) return null;
  return Math.min(Math.max(0, Math.round(ms)), durationMs);
}

export function buildTimeline({ events, startedAt, durationMs, pauses }: TimelineInput): Timeline {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const markers: TimelineMarker[] = [];
  for (const event of ordered) {
    if (!MARKED_EVENTS.has(event.type)) continue;
    const atMs = positionOf(event.at, startedAt, durationMs);
    if (atMs === null) continue;
    markers.push({ key: `event-${event.seq}`, type: event.type, atMs, detail: event.detail });
  }
  return { markers, pauses: pauses && pauses.length > 0 ? uploadedPauses(pauses, durationMs) : pausesFromEvents(ordered, startedAt, durationMs) };
}

function uploadedPauses(pauses: readonly RecordingPause[], durationMs: number): PauseRegion[] {
  return [...pauses]
    .sort((a, b) => a.startMs - b.startMs)
    .filter((pause) => pause.startMs <= durationMs)
    .map((pause, index) => ({
      key: `pause-${index}`,
      startMs: pause.startMs,
      endMs: pause.endMs === null ? durationMs : Math.min(Math.max(pause.endMs, pause.startMs), durationMs),
      closed: pause.endMs !== null,
      source: pause.source,
      byName: pause.byName,
      reason: pause.reason,
    }));
}

/** Each `recording_paused` up to the next `recording_resumed`; a second pause while paused changes nothing. */
function pausesFromEvents(events: readonly CallLogEvent[], startedAt: string, durationMs: number): PauseRegion[] {
  const regions: PauseRegion[] = [];
  let open: { startMs: number; reason: string | null } | null = null;
  const at = (event: CallLogEvent) => {
    const ms = Date.parse(event.at) - Date.parse(startedAt);
    return Math.min(Math.max(0, Math.round(ms)), durationMs);
  };
  for (const event of events) {
    if (event.type === 'recording_paused' && open === null) {
      const reason = event.detail?.reason;
      open = { startMs: at(event), reason: typeof reason === 'string' && reason !== '' ? reason : null };
    } else if (event.type === 'recording_resumed' && open !== null) {
      regions.push({ key: `pause-${regions.length}`, startMs: open.startMs, endMs: Math.max(open.startMs, at(event)), closed: true, source: null, byName: null, reason: open.reason });
      open = null;
    }
  }
  if (open !== null) regions.push({ key: `pause-${regions.length}`, startMs: open.startMs, endMs: durationMs, closed: false, source: null, byName: null, reason: open.reason });
  return regions.filter((region) => region.startMs < durationMs || durationMs === 0);
}

/** A position as a share of the recording, for drawing; 0 for an empty recording. */
export function fractionOf(ms: number, durationMs: number): number {
  return durationMs <= 0 ? 0 : Math.min(1, Math.max(0, ms / durationMs));
}

/** `m:ss`, or `h:mm:ss` from an hour on: what a player's clock shows. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
