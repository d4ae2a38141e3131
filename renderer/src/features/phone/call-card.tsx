import {
  AudioMutedOutlined,
  AudioOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  StopOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Badge, Card, Flex, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSnapshot } from '../../services/sip/phone-types';
import { useConsoleStore } from '../../store';
import { RecordingControls } from '../recording/recording-controls';
import { callElapsed, formatDuration } from './call-format';
import { ShortcutButton } from './shortcut-button';
import type { ShortcutTargets } from './shortcuts';
import { useNow } from './use-now';

// The dot adds colour to the words; the words are the state (antd's coloured tags fall short of 4.5:1).
const STATE_BADGE: Record<CallSnapshot['state'], 'processing' | 'success' | 'warning' | 'default'> = {
  ringing: 'processing',
  dialing: 'processing',
  talking: 'success',
  held: 'warning',
  ended: 'default',
};

export interface CallCardProps {
  call: CallSnapshot;
  waiting: boolean;
  targets: ShortcutTargets;
}

/**
 * One live (or just ended) call. Caller ID is hostile input: it is rendered as React text only,
 * never as HTML, and the phone service has already stripped control and bidi characters.
 */
export function CallCard({ call, waiting, targets }: CallCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const queues = useConsoleStore((s) => s.phone.directory?.queues);
  const answer = useConsoleStore((s) => s.answer);
  const reject = useConsoleStore((s) => s.reject);
  const hangUp = useConsoleStore((s) => s.hangUp);
  const hold = useConsoleStore((s) => s.hold);
  const resume = useConsoleStore((s) => s.resume);
  const toggleMute = useConsoleStore((s) => s.toggleMute);
  const openTransfer = useConsoleStore((s) => s.openTransfer);
  const now = useNow();

  const number = call.remote.number;
  const name = call.remote.displayName;
  const title = name || number || t('phone.call.unknownCaller');
  const queue = call.ivrChoice ? queues?.find((q) => q.ivrChoice === call.ivrChoice) : undefined;
  const ivrLabel = queue ? queue.name[language] : call.ivrChoice;
  const live = call.state !== 'ended';
  const answered = call.state === 'talking' || call.state === 'held';

  return (
    <Card size="small" role="article" aria-labelledby={headingId} style={{ borderColor: call.state === 'ringing' ? '#0958d9' : undefined }}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} id={headingId} style={{ fontSize: 16, margin: 0 }}>
            {title}
          </Typography.Title>
          {name && number && <Typography.Text>{number}</Typography.Text>}
          <div style={{ marginTop: 4 }}>
            <Space size={4} wrap>
              <Tag>{t(`phone.call.direction.${call.direction}`)}</Tag>
              {ivrLabel && (
                <Tag color="blue">
                  <span className="visually-hidden">{t('phone.call.ivrChoice')} </span>
                  {ivrLabel}
                </Tag>
              )}
              <Badge
                status={STATE_BADGE[call.state]}
                text={waiting ? t('phone.call.waiting') : t(`phone.call.state.${call.state}`)}
              />
              {call.muted && live && <Tag color="red">{t('phone.call.muted')}</Tag>}
            </Space>
          </div>
        </div>
        <Typography.Text strong style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
          <span className="visually-hidden">{answered || call.state === 'ended' ? t('phone.call.talkTime') : t('phone.call.waitTime')} </span>
          {formatDuration(callElapsed(call, now))}
        </Typography.Text>
      </Flex>

      <CallNotes call={call} />

      {live && answered && <RecordingControls callId={call.id} />}

      {live && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {call.state === 'ringing' && (
            <>
              <ShortcutButton
                type="primary"
                icon={<PhoneOutlined aria-hidden />}
                shortcut={targets.answer === call.id ? 'answer' : null}
                onClick={() => void answer(call.id)}
              >
                {t('phone.actions.answer')}
              </ShortcutButton>
              <ShortcutButton danger icon={<StopOutlined aria-hidden />} shortcut={null} onClick={() => void reject(call.id)}>
                {t('phone.actions.reject')}
              </ShortcutButton>
            </>
          )}
          {answered && (
            <>
              {call.state === 'held' ? (
                <ShortcutButton
                  icon={<PlayCircleOutlined aria-hidden />}
                  shortcut={targets.holdResume?.callId === call.id ? 'holdResume' : null}
                  onClick={() => void resume(call.id)}
                >
                  {t('phone.actions.resume')}
                </ShortcutButton>
              ) : (
                <ShortcutButton
                  icon={<PauseCircleOutlined aria-hidden />}
                  shortcut={targets.holdResume?.callId === call.id ? 'holdResume' : null}
                  onClick={() => void hold(call.id)}
                >
                  {t('phone.actions.hold')}
                </ShortcutButton>
              )}
              <ShortcutButton
                icon={call.muted ? <AudioOutlined aria-hidden /> : <AudioMutedOutlined aria-hidden />}
                aria-pressed={call.muted}
                shortcut={targets.mute === call.id ? 'mute' : null}
                onClick={() => void toggleMute(call.id)}
              >
                {call.muted ? t('phone.actions.unmute') : t('phone.actions.mute')}
              </ShortcutButton>
              <ShortcutButton
                icon={<SwapOutlined aria-hidden />}
                shortcut={targets.transfer === call.id ? 'transfer' : null}
                onClick={() => openTransfer(call.id)}
              >
                {t('phone.actions.transfer')}
              </ShortcutButton>
            </>
          )}
          {call.state !== 'ringing' && (
            <ShortcutButton
              danger
              type="primary"
              icon={<StopOutlined aria-hidden />}
              shortcut={targets.hangUp === call.id ? 'hangUp' : null}
              onClick={() => void hangUp(call.id)}
            >
              {t('phone.actions.hangUp')}
            </ShortcutButton>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** Who ended the call; the SIP cause only when it says more than a plain hang-up (`486 Busy Here`, `transferred`). */
function endedText(t: TFunction, call: CallSnapshot): string {
  const who = call.endedBy ? t(`phone.call.endedBy.${call.endedBy}`) : t('phone.call.state.ended');
  const cause = call.endCause && !['BYE', 'CANCEL'].includes(call.endCause) ? call.endCause : null;
  return cause ? t('phone.call.endCause', { ended: who, cause }) : who;
}

/** What else there is to know about the call: hold by the other side, transfer progress, how it ended. */
function CallNotes({ call }: { call: CallSnapshot }) {
  const { t } = useTranslation();
  const notes: string[] = [];
  if (call.remoteHold) notes.push(t('phone.call.remoteHold'));
  if (call.mediaRecovering) notes.push(t('phone.call.mediaRecovering'));
  if (call.transfer) notes.push(t(`phone.call.transfer.${call.transfer.state}`, { target: call.transfer.target }));
  if (call.state === 'ended') notes.push(endedText(t, call));
  if (notes.length === 0) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
      {notes.join(' · ')}
    </Typography.Paragraph>
  );
}
