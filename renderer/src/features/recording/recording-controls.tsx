import { AudioOutlined, PauseOutlined, PlayCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Modal, Radio, Space, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';

const PRESET_REASONS = ['bankCard', 'idNumber'] as const;
type ReasonChoice = (typeof PRESET_REASONS)[number] | 'other';

/**
 * The call card's recording line: what is being recorded, in words and a symbol (never colour
 * alone), and the pause for sensitive data (card and ID numbers) with its reason. Nothing shows
 * for a call that is not recorded (not answered, or a console without recording).
 */
export function RecordingControls({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const view = useConsoleStore((s) => s.recording.calls[callId]);
  const pauseRecording = useConsoleStore((s) => s.pauseRecording);
  const resumeRecording = useConsoleStore((s) => s.resumeRecording);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!view) return null;

  const text =
    view.state === 'paused'
      ? `${t('recording.indicator.pausedWithReason', { reason: view.reason ?? '' })}${view.source === 'script' ? t('recording.indicator.byScript') : ''}`
      : t(`recording.indicator.${view.state}`);
  const symbol = view.state === 'recording' ? '●' : view.state === 'paused' ? '⏸' : view.state === 'failed' ? <WarningOutlined /> : <AudioOutlined />;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex align="center" gap={8} wrap style={{ marginTop: 8 }}>
      <Typography.Text
        role="status"
        aria-label={t('recording.indicator.label')}
        data-testid="recording-indicator"
        data-recording-state={view.state}
        title={view.error ?? undefined}
        style={{ color: view.state === 'recording' ? '#a8071a' : undefined }}
      >
        <span aria-hidden style={{ marginInlineEnd: 4 }}>
          {symbol}
        </span>
        {text}
      </Typography.Text>
      {view.state === 'recording' && (
        <Button size="small" icon={<PauseOutlined aria-hidden />} disabled={busy} onClick={() => setAsking(true)}>
          {t('recording.pause')}
        </Button>
      )}
      {view.state === 'paused' && (
        <Button size="small" icon={<PlayCircleOutlined aria-hidden />} disabled={busy} onClick={() => void run(() => resumeRecording(callId, 'manual'))}>
          {t('recording.resume')}
        </Button>
      )}
      {asking && (
        <PauseDialog
          onCancel={() => setAsking(false)}
          onConfirm={(reason) => {
            setAsking(false);
            void run(() => pauseRecording(callId, reason, 'manual'));
          }}
        />
      )}
    </Flex>
  );
}

function PauseDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const groupLabel = useId();
  const otherId = useId();
  const otherErrorId = useId();
  const [choice, setChoice] = useState<ReasonChoice>('bankCard');
  const [other, setOther] = useState('');
  const [tried, setTried] = useState(false);
  const otherMissing = choice === 'other' && other.trim() === '';

  const confirm = () => {
    setTried(true);
    if (otherMissing) return;
    onConfirm(choice === 'other' ? other.trim() : t(`recording.reasons.${choice}`));
  };

  return (
    <Modal
      open
      title={t('recording.pauseDialog.title')}
      okText={t('recording.pauseDialog.confirm')}
      cancelText={t('recording.pauseDialog.cancel')}
      onOk={confirm}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('recording.pauseDialog.intro')}</Typography.Paragraph>
      <Typography.Text strong id={groupLabel}>
        {t('recording.pauseDialog.reason')}
      </Typography.Text>
      <Radio.Group
        aria-labelledby={groupLabel}
        value={choice}
        onChange={(e) => setChoice(e.target.value as ReasonChoice)}
        style={{ display: 'block', marginTop: 8 }}
      >
        <Space direction="vertical">
          {PRESET_REASONS.map((reason) => (
            <Radio key={reason} value={reason}>
              {t(`recording.reasons.${reason}`)}
            </Radio>
          ))}
          <Radio value="other">{t('recording.reasons.other')}</Radio>
        </Space>
      </Radio.Group>
      {choice === 'other' && (
        <div style={{ marginTop: 8 }}>
          <label htmlFor={otherId}>{t('recording.pauseDialog.otherReason')}</label>
          <Input
            id={otherId}
            autoFocus
            maxLength={200}
            value={other}
            placeholder={t('recording.pauseDialog.otherPlaceholder')}
            aria-invalid={tried && otherMissing}
            aria-describedby={tried && otherMissing ? otherErrorId : undefined}
            onChange={(e) => setOther(e.target.value)}
            onPressEnter={confirm}
          />
          {tried && otherMissing && (
            <Typography.Text type="danger" id={otherErrorId} role="alert">
              {t('recording.pauseDialog.otherRequired')}
            </Typography.Text>
          )}
        </div>
      )}
    </Modal>
  );
}
