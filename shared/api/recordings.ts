import { z } from 'zod';

/*
 * Call recordings. The console records every answered call in two channels (agent left, customer
 * right) as Opus in WebM, keeps the chunks in IndexedDB as they are made, and uploads the file to the
 * hub by tus (resumable) after the call, under the call log's id. Beside the audio it uploads the
 * recording's analysis: the level of each channel per frame (the waveform and the automatic
 * measures come from it, so nobody decodes an hour of audio to draw it) and the sensitive-data pauses.
 *
 * A pause does not stop the recorder: both channels are silenced at the source for the paused span,
 * so nothing said then is stored and the recording's clock stays the call's clock (markers from the
 * call log land where they happened).
 */

const isoTime = z.iso.datetime({ offset: true });

/** What MediaRecorder makes and the hub stores and serves. */
export const RECORDING_MEDIA_TYPE = 'audio/webm';
/** The tus endpoint (creation, HEAD, PATCH; tus 1.0.0). Upload-Metadata: `callId` (required). */
export const RECORDING_UPLOAD_PATH = '/api/v1/recordings/uploads';
/** Largest recording the hub accepts: 4 h at 64 kbit/s stereo Opus is ~115 MB. */
export const RECORDING_MAX_BYTES = 256 * 1024 * 1024;
/** Length of one level frame in the analysis. */
export const RECORDING_FRAME_MS = 100;
/** Frames of a 4 h recording at RECORDING_FRAME_MS. */
export const RECORDING_MAX_FRAMES = (4 * 3600 * 1000) / RECORDING_FRAME_MS;

export const RecordingPauseSchema = z.object({
  /** From the recording's start, in ms. */
  startMs: z.number().int().min(0),
  /** null: still paused when the recording ended. */
  endMs: z.number().int().min(0).nullable(),
  /** Who asked: the agent by hand, or the call's script (a `pause_recording` action). */
  source: z.enum(['manual', 'script']),
  /** The agent's user id (a script's pause is on the agent's call too). */
  byUserId: z.uuid(),
  byName: z.string().max(120),
  /** Why, in the words of the agent or the script ("银行卡号"). */
  reason: z.string().min(1).max(200),
});
export type RecordingPause = z.infer<typeof RecordingPauseSchema>;

/** A level per frame, RMS × 1000 rounded (0 = digital silence, 1000 = full scale). */
const LevelsSchema = z.array(z.number().int().min(0).max(1000)).max(RECORDING_MAX_FRAMES);

/** `PUT /api/v1/recordings/:callId/analysis`: sent by the recording agent's console before or after the audio. */
export const RecordingAnalysisSchema = z
  .object({
    /** Wall-clock time of the recording's first sample (the console's clock, like the call log's times). */
    startedAt: isoTime,
    durationMs: z.number().int().min(0).max(RECORDING_MAX_FRAMES * RECORDING_FRAME_MS),
    frameMs: z.literal(RECORDING_FRAME_MS),
    agent: LevelsSchema,
    customer: LevelsSchema,
    pauses: z.array(RecordingPauseSchema).max(200),
  })
  .strict();
export type RecordingAnalysis = z.infer<typeof RecordingAnalysisSchema>;

/** Figures the hub computes from the analysis and the call log (shared/recordings/speech-measures.ts). */
export const SpeechMeasuresSchema = z.object({
  agentTalkMs: z.number().int().min(0),
  customerTalkMs: z.number().int().min(0),
  /** The agent's share of all talking (agent + customer); null when nobody spoke. */
  agentTalkRatio: z.number().min(0).max(1).nullable(),
  /** Both talking at once. */
  overtalkMs: z.number().int().min(0),
  overtalkCount: z.number().int().min(0),
  /** Longest span with neither side talking, outside hold and recording pauses. */
  longestSilenceMs: z.number().int().min(0),
  /** Where it began, from the recording's start, so the player can jump there; null without any. */
  longestSilenceAtMs: z.number().int().min(0).nullable(),
  /** On hold by the agent, from the call log. */
  holdMs: z.number().int().min(0),
});
export type SpeechMeasures = z.infer<typeof SpeechMeasuresSchema>;

export const RECORDING_STATUSES = [
  /** The upload has begun and not finished (or was cut off): the hub has part of the file. */
  'uploading',
  /** The whole file is on the hub, made seekable, and can be replayed. */
  'ready',
  /** The file arrived but could not be read as WebM/Opus; kept as it came for inspection. */
  'unreadable',
] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** `GET /api/v1/recordings/:callId` */
export const RecordingSchema = z.object({
  callId: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  status: z.enum(RECORDING_STATUSES),
  mediaType: z.string(),
  /** Bytes of the stored file (after it was made seekable). */
  bytes: z.number().int().min(0),
  /** Received so far while uploading. */
  receivedBytes: z.number().int().min(0),
  durationMs: z.number().int().min(0).nullable(),
  startedAt: isoTime.nullable(),
  pauses: z.array(RecordingPauseSchema),
  /** null until the analysis arrived. */
  measures: SpeechMeasuresSchema.nullable(),
  createdAt: isoTime,
  completedAt: isoTime.nullable(),
});
export type Recording = z.infer<typeof RecordingSchema>;

/** `GET /api/v1/recordings/:callId/levels`: the waveform of both channels. */
export const RecordingLevelsSchema = z.object({
  frameMs: z.literal(RECORDING_FRAME_MS),
  agent: z.array(z.number().int()),
  customer: z.array(z.number().int()),
});
export type RecordingLevels = z.infer<typeof RecordingLevelsSchema>;

export const REPLAY_PURPOSES = ['review', 'calibration', 'own_call', 'supervision'] as const;

/** `POST /api/v1/recordings/:callId/replays`: logs the replay and hands out the audio's address. */
export const ReplayRequestSchema = z.object({ purpose: z.enum(REPLAY_PURPOSES) }).strict();
export type ReplayRequest = z.infer<typeof ReplayRequestSchema>;

export const ReplayTicketSchema = z.object({
  /**
   * `/api/v1/recordings/:callId/audio?ticket=…`, relative to the hub. A media element cannot send a
   * bearer token, so the ticket (one per logged replay, expiring) stands for it; Range requests work.
   */
  url: z.string(),
  expiresAt: isoTime,
});
export type ReplayTicket = z.infer<typeof ReplayTicketSchema>;

/** `GET /api/v1/recordings/:callId/replays`: who listened, when and why. */
export const ReplayLogSchema = z.object({
  replays: z.array(
    z.object({ userId: z.uuid(), userName: z.string(), role: z.string(), purpose: z.enum(REPLAY_PURPOSES), at: isoTime }),
  ),
});
export type ReplayLog = z.infer<typeof ReplayLogSchema>;
