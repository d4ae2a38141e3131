import { CaretRightOutlined, FastBackwardOutlined, FastForwardOutlined, PauseOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Select, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingLevels } from '../../../../shared/api/recordings';
import { createLogger } from '../../logger';
import { clockText, fractionOf, type PauseRegion, type Timeline, type TimelineMarker } from './timeline';
import { createWaveform, type Waveform } from './waveform';
import { TAG_TEXT } from '../common/tag-style';

const log = createLogger('qa/player');

export const PLAYER_SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;
export const JUMP_MS = 10_000;
const CHANNEL_HEIGHT = 56;

/** What the review workspace does with the player: seek from a comment, read the time for a new one. */
export interface PlayerHandle {
  seek(ms: number): void;
  currentMs(): number;
}

export interface PlayerPin {
  key: string;
  atMs: number;
  label: string;
}

export interface RecordingPlayerProps {
  audioUrl: string;
  levels: RecordingLevels;
  durationMs: number;
  timeline: Timeline;
  /** Comments, drawn below the waveform as pins. */
  pins?: readonly PlayerPin[];
  handle?: Ref<PlayerHandle>;
  onTime?: (ms: number) => void;
}

export function markerText(t: TFunction, marker: TimelineMarker): string {
  const name = t(`callLog.events.${marker.type}`);
  const detail = marker.detail ?? {};
  const fact = ['target', 'stepId', 'code'].map((key) => detail[key]).find((value): value is string => typeof value === 'string' && value !== '');
  return fact ? `${name}（${fact}）` : name;
}

export function pauseText(t: TFunction, pause: PauseRegion): string {
  const who = pause.byName ?? t('qa.player.pauseUnknownWho');
  const why = pause.reason ?? t('qa.player.pauseUnknownWhy');
  const source = pause.source === 'script' ? t('qa.player.pauseByScript') : '';
  return t(pause.closed ? 'qa.player.pause' : 'qa.player.pauseOpen', { who, why, source, from: clockText(pause.startMs), to: clockText(pause.endMs) });
}

/**
 * The recording: the waveform of both channels (agent above, customer below) with the call's events
 * and the sensitive-data pauses on it, play/pause, speed, ±10 s and the clock. The media element
 * streams the hub's file by Range requests; nothing is decoded here.
 */
export function RecordingPlayer({ audioUrl, levels, durationMs, timeline, pins = [], handle, onTime }: RecordingPlayerProps) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const waveBox = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [currentMs, setCurrentMs] = useState(0);
  const [speed, setSpeed] = useState<number>(1);
  const speedId = useId();

  const seek = (ms: number) => {
    const target = Math.min(Math.max(0, ms), durationMs);
    if (audio.current) audio.current.currentTime = target / 1000;
    setCurrentMs(target);
    onTime?.(target);
  };
  useImperativeHandle(handle, () => ({ seek, currentMs: () => (audio.current ? Math.round(audio.current.currentTime * 1000) : currentMs) }));

  useEffect(() => {
    const media = audio.current;
    const box = waveBox.current;
    if (!media || !box) return;
    let waveform: Waveform | null = null;
    let gone = false;
    createWaveform({ container: box, media, levels, durationMs, channelHeight: CHANNEL_HEIGHT }).then(
      (made) => {
        if (gone) made.destroy();
        else waveform = made;
      },
      // The waveform is a help, not the player: without it the audio still plays and seeks.
      (error: unknown) => log.warn('could not draw the waveform', error),
    );
    return () => {
      gone = true;
      waveform?.destroy();
    };
  }, [levels, durationMs]);

  useEffect(() => {
    const media = audio.current;
    if (!media) return;
    const onMeta = () => setReady(true);
    const onTimeUpdate = () => {
      const ms = Math.round(media.currentTime * 1000);
      setCurrentMs(ms);
      onTime?.(ms);
    };
    const onPlay = () => setPlaying(true);
    const onPause = () => setPlaying(false);
    const onError = () => setFailed(true);
    media.addEventListener('loadedmetadata', onMeta);
    media.addEventListener('timeupdate', onTimeUpdate);
    media.addEventListener('play', onPlay);
    media.addEventListener('pause', onPause);
    media.addEventListener('ended', onPause);
    media.addEventListener('error', onError);
    return () => {
      media.removeEventListener('loadedmetadata', onMeta);
      media.removeEventListener('timeupdate', onTimeUpdate);
      media.removeEventListener('play', onPlay);
      media.removeEventListener('pause', onPause);
      media.removeEventListener('ended', onPause);
      media.removeEventListener('error', onError);
    };
  }, [onTime]);

  const toggle = () => {
    const media = audio.current;
    if (!media) return;
    if (media.paused) void media.play().catch((error: unknown) => log.warn('could not play the recording', error));
    else media.pause();
  };
  const changeSpeed = (value: number) => {
    setSpeed(value);
    if (audio.current) audio.current.playbackRate = value;
  };
  // Space plays and pauses when the player itself (or its waveform) has the focus; on a button or
  // the speed list it keeps its own meaning.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== ' ' || event.target !== event.currentTarget) return;
    event.preventDefault();
    toggle();
  };

  return (
    <section
      aria-label={t('qa.player.label')}
      data-testid="qa-player"
      data-state={failed ? 'error' : ready ? 'ready' : 'loading'}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ outlineOffset: 2 }}
    >
      <audio ref={audio} src={audioUrl} preload="metadata" />
      <Flex vertical gap={8}>
        <div style={{ position: 'relative', paddingLeft: 48 }}>
          <div aria-hidden style={{ position: 'absolute', left: 0, top: 0, width: 44, fontSize: 12 }}>
            <div style={{ height: CHANNEL_HEIGHT, lineHeight: `${CHANNEL_HEIGHT}px` }}>{t('qa.player.agent')}</div>
            <div style={{ height: CHANNEL_HEIGHT, lineHeight: `${CHANNEL_HEIGHT}px` }}>{t('qa.player.customer')}</div>
          </div>
          <div style={{ position: 'relative', minHeight: CHANNEL_HEIGHT * 2 }}>
            <div ref={waveBox} data-testid="qa-waveform" aria-label={t('qa.player.waveform')} role="img" />
            {timeline.pauses.map((pause) => (
              <div
                key={pause.key}
                data-testid="qa-pause-region"
                data-start-ms={pause.startMs}
                data-end-ms={pause.endMs}
                title={pauseText(t, pause)}
                style={{
                  position: 'absolute',
                  top: 0,
                  bottom: 0,
                  left: `${fractionOf(pause.startMs, durationMs) * 100}%`,
                  width: `${Math.max(0.3, (fractionOf(pause.endMs, durationMs) - fractionOf(pause.startMs, durationMs)) * 100)}%`,
                  background: 'repeating-linear-gradient(45deg, rgba(0,0,0,0.12) 0 6px, rgba(0,0,0,0.04) 6px 12px)',
                  borderInline: '1px dashed #8c8c8c',
                  pointerEvents: 'none',
                  zIndex: 3,
                }}
              />
            ))}
          </div>
          <div style={{ position: 'relative', height: 22 }}>
            {timeline.markers.map((marker) => (
              <button
                key={marker.key}
                type="button"
                data-testid="qa-marker"
                data-type={marker.type}
                data-at-ms={marker.atMs}
                aria-label={t('qa.player.markerAt', { label: markerText(t, marker), time: clockText(marker.atMs) })}
                title={markerText(t, marker)}
                onClick={() => seek(marker.atMs)}
                style={{
                  position: 'absolute',
                  left: `${fractionOf(marker.atMs, durationMs) * 100}%`,
                  transform: 'translateX(-50%)',
                  width: 12,
                  height: 18,
                  padding: 0,
                  border: 'none',
                  background: 'transparent',
                  cursor: 'pointer',
                  color: '#d46b08',
                }}
              >
                ▲
              </button>
            ))}
            {pins.map((pin) => (
              <button
                key={pin.key}
                type="button"
                data-testid="qa-comment-pin"
                data-at-ms={pin.atMs}
                aria-label={t('qa.player.pinAt', { label: pin.label, time: clockText(pin.atMs) })}
                title={pin.label}
                onClick={() => seek(pin.atMs)}
                style={{ position: 'absolute', left: `${fractionOf(pin.atMs, durationMs) * 100}%`, transform: 'translateX(-50%)', top: 0, width: 12, height: 18, padding: 0, border: 'none', background: 'transparent', cursor: 'pointer', color: '#1677ff' }}
              >
                ●
              </button>
            ))}
          </div>
        </div>
        <Flex gap={8} align="center" wrap>
          <Button type="primary" icon={playing ? <PauseOutlined aria-hidden /> : <CaretRightOutlined aria-hidden />} onClick={toggle} aria-label={playing ? t('qa.player.pauseButton') : t('qa.player.play')}>
            {playing ? t('qa.player.pauseButton') : t('qa.player.play')}
          </Button>
          <Button icon={<FastBackwardOutlined aria-hidden />} onClick={() => seek(currentMs - JUMP_MS)}>
            {t('qa.player.back10')}
          </Button>
          <Button icon={<FastForwardOutlined aria-hidden />} onClick={() => seek(currentMs + JUMP_MS)}>
            {t('qa.player.forward10')}
          </Button>
          <label htmlFor={speedId}>{t('qa.player.speed')}</label>
          <Select<number>
            id={speedId}
            value={speed}
            onChange={changeSpeed}
            options={PLAYER_SPEEDS.map((value) => ({ value, label: `${value}×` }))}
            virtual={false}
            style={{ width: 90 }}
          />
          <Typography.Text data-testid="qa-player-time" data-current-ms={currentMs} role="timer" aria-live="off">
            {clockText(currentMs)} / {clockText(durationMs)}
          </Typography.Text>
        </Flex>
        {failed && <Alert type="error" showIcon title={t('qa.player.failed')} />}
        {timeline.pauses.length > 0 && (
          <ul aria-label={t('qa.player.pauses')} style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
            {timeline.pauses.map((pause) => (
              <li key={pause.key}>
                <Tag style={TAG_TEXT.default}>{t('qa.player.pausedTag')}</Tag>
                <Button type="link" size="small" onClick={() => seek(pause.startMs)}>
                  {pauseText(t, pause)}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Flex>
    </section>
  );
}
