import type { Migration } from './migration';

/*
 * Call recordings (issue 9): one per call, keyed by the call log's id, whose bytes are in the
 * recording store (hub/src/recordings/recording-store.ts) and whose upload state is here, so that any
 * hub process can take the next PATCH of an upload. The analysis (levels per frame, pauses) may
 * arrive before or after the audio and so has its own table. No foreign key to call_logs: the
 * recording often arrives before its call log does. As before, enumerations are spelled out.
 */
export const recordings: Migration = {
  version: 9,
  name: 'recordings',
  statements: [
    // length: the Upload-Length the console declared; received_bytes: how much of it the store holds
    // durably (the tus offset); bytes: the stored file after the remux (0 until then).
    `create table recordings (
      call_id uuid primary key,
      agent_id uuid not null references users (id),
      status text not null check (status in ('uploading', 'ready', 'unreadable')),
      media_type text not null,
      length bigint not null check (length >= 0),
      received_bytes bigint not null default 0 check (received_bytes >= 0 and received_bytes <= length),
      bytes bigint not null default 0 check (bytes >= 0),
      duration_ms int check (duration_ms >= 0),
      channels int,
      created_at timestamptz not null,
      completed_at timestamptz,
      check ((status = 'uploading') = (completed_at is null))
    )`,
    `create index recordings_agent_idx on recordings (agent_id, created_at desc)`,
    // levels: {"agent": [...], "customer": [...]} at frame_ms; pauses as RecordingPauseSchema.
    `create table recording_analyses (
      call_id uuid primary key,
      agent_id uuid not null references users (id),
      started_at timestamptz not null,
      duration_ms int not null check (duration_ms >= 0),
      frame_ms int not null check (frame_ms > 0),
      levels jsonb not null,
      pauses jsonb not null,
      received_at timestamptz not null
    )`,
    // One row per replay. Only the ticket's SHA-256 is kept: the table can leak without handing
    // anyone the audio. role: the listener's role then, for the log's reader.
    `create table recording_replays (
      id uuid primary key,
      ticket_hash text not null unique check (ticket_hash ~ '^[0-9a-f]{64}$'),
      call_id uuid not null,
      user_id uuid not null references users (id),
      role text not null,
      purpose text not null check (purpose in ('review', 'calibration', 'own_call', 'supervision')),
      at timestamptz not null,
      expires_at timestamptz not null
    )`,
    `create index recording_replays_call_idx on recording_replays (call_id, at)`,
    // The tus lock of an upload, as a lease: a holder that dies frees it when it expires.
    // release_requested: a request on another process waits for it (tus asks the holder to let go).
    `create unlogged table recording_upload_locks (
      call_id uuid primary key,
      holder text not null,
      expires_at timestamptz not null,
      release_requested boolean not null default false
    )`,
  ],
};
