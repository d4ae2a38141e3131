import { Alert } from 'antd';
import { useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogEvent } from '../../../../shared/api/call-logs';
import { MeasuresPanel } from './measures-panel';
import { RecordingPlayer, type PlayerHandle, type PlayerPin } from './recording-player';
import { buildTimeline } from './timeline';
import type { HubLoad } from './use-hub-load';
import type { RecordingState } from './use-recording';
import { LoadFailed, LoadingState } from './load-states';

export interface RecordingSectionProps {
  load: HubLoad<RecordingState>;
  onRetry: () => void;
  events: readonly CallLogEvent[];
  pins?: readonly PlayerPin[];
  handle?: Ref<PlayerHandle>;
}

/** The player, or why there is none ("未上传录音", still uploading, unreadable, the hub's error). */
export function RecordingSection({ load, onRetry, events, pins, handle }: RecordingSectionProps) {
  const { t } = useTranslation();
  const ready = load.status === 'ready' && load.value.kind === 'ready' ? load.value : null;
  const timeline = useMemo(
    () => (ready ? buildTimeline({ events, startedAt: ready.recording.startedAt ?? ready.recording.createdAt, durationMs: ready.durationMs, pauses: ready.recording.pauses }) : null),
    [ready, events],
  );
  if (load.status === 'idle' || load.status === 'loading') {
    return (
      <LoadingState label={t('qa.player.loading')} padding={24} />
    );
  }
  if (load.status === 'error') {
    return (
      <LoadFailed title={t('qa.player.loadFailed')} error={load.error} onRetry={onRetry} />
    );
  }
  const state = load.value;
  if (state.kind === 'none') return <Alert type="info" showIcon data-testid="qa-no-recording" title={t('qa.player.none')} />;
  if (state.kind === 'not_ready') {
    return <Alert type="warning" showIcon data-testid="qa-no-recording" title={state.recording.status === 'unreadable' ? t('qa.player.unreadable') : t('qa.player.uploading')} />;
  }
  return <RecordingPlayer audioUrl={state.audioUrl} levels={state.levels} durationMs={state.durationMs} timeline={timeline!} {...(pins ? { pins } : {})} {...(handle ? { handle } : {})} />;
}

/** The measures beside the scorecard, with the reason when there are none. */
export function RecordingMeasures({ load, onJump }: { load: HubLoad<RecordingState>; onJump: (ms: number) => void }) {
  const { t } = useTranslation();
  if (load.status !== 'ready') return <MeasuresPanel measures={null} absentText={t('qa.measures.loading')} />;
  const state = load.value;
  if (state.kind === 'none') return <MeasuresPanel measures={null} absentText={t('qa.player.none')} />;
  const measures = state.recording.measures;
  return <MeasuresPanel measures={measures} absentText={t('qa.measures.none')} {...(state.kind === 'ready' ? { onJump } : {})} />;
}
