import { useCallback } from 'react';
import type { Recording, RecordingLevels } from '../../../../shared/api/recordings';
import { isHubError, type HubClient, type ReplayPurpose } from '../../services/hub';
import { useConsoleStore } from '../../store';
import { useHubLoad, type HubLoad } from './use-hub-load';

/** What the player needs of a call's recording, or why there is nothing to play. */
export type RecordingState =
  | { kind: 'none' }
  | { kind: 'not_ready'; recording: Recording }
  | { kind: 'ready'; recording: Recording; levels: RecordingLevels; audioUrl: string; durationMs: number };

/** The ticket's address is relative to the hub; in web mode the hub is the page's own origin. */
export function audioAddress(hubUrl: string, ticketUrl: string): string {
  return hubUrl === '' ? ticketUrl : new URL(ticketUrl, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`).toString();
}

/**
 * The call's recording with its levels and a fresh replay ticket (each open of the player is one
 * logged replay, with its purpose). No recording on the hub is a state, not an error.
 */
export function useRecording(callId: string | null, purpose: ReplayPurpose): [HubLoad<RecordingState>, () => void] {
  const hubUrl = useConsoleStore((s) => s.session.hubUrl);
  const read = useCallback(
    async (hub: HubClient, token: string, signal: AbortSignal): Promise<RecordingState> => {
      if (callId === null) return { kind: 'none' };
      let recording: Recording;
      try {
        recording = await hub.getRecording(token, callId, { signal });
      } catch (error) {
        if (isHubError(error) && error.code === 'not_found') return { kind: 'none' };
        throw error;
      }
      if (recording.status !== 'ready') return { kind: 'not_ready', recording };
      try {
        const [levels, ticket] = await Promise.all([hub.recordingLevels(token, callId, { signal }), hub.replayRecording(token, callId, purpose, { signal })]);
        const durationMs = recording.durationMs ?? levels.agent.length * levels.frameMs;
        return { kind: 'ready', recording, levels, audioUrl: audioAddress(hubUrl, ticket.url), durationMs };
      } catch (error) {
        if (isHubError(error) && error.code === 'recording_not_ready') return { kind: 'not_ready', recording };
        throw error;
      }
    },
    [callId, purpose, hubUrl],
  );
  return useHubLoad(callId === null ? null : `recording ${callId} ${purpose}`, read);
}
