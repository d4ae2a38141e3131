import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Modal, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferTarget } from '../../../../shared/api/org';
import { useConsoleStore, type InvalidNumberReason } from '../../store';
import { errorText } from '../common/error-text';

/** Transfer of the call in `phone.transferFor`: to a department or person of the org design, or a typed number. */
export function TransferDialog() {
  const { t } = useTranslation();
  const callId = useConsoleStore((s) => s.phone.transferFor);
  const closeTransfer = useConsoleStore((s) => s.closeTransfer);
  return (
    <Modal
      open={callId !== null}
      title={t('phone.transfer.title')}
      onCancel={closeTransfer}
      footer={null}
      destroyOnHidden
    >
      {callId && <TransferForm key={callId} callId={callId} onCancel={closeTransfer} />}
    </Modal>
  );
}

function TransferForm({ callId, onCancel }: { callId: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const targetId = useId();
  const numberId = useId();
  const helpId = useId();
  const language = useConsoleStore((s) => s.ui.language);
  const call = useConsoleStore((s) => s.phone.snapshot?.calls.find((c) => c.id === callId));
  const directory = useConsoleStore((s) => s.phone.directory);
  const directoryError = useConsoleStore((s) => s.phone.directoryError);
  const reloadDirectory = useConsoleStore((s) => s.reloadPhoneDirectory);
  const blindTransfer = useConsoleStore((s) => s.blindTransfer);
  const consultTransfer = useConsoleStore((s) => s.consultTransfer);
  const [extension, setExtension] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const [invalid, setInvalid] = useState<InvalidNumberReason | null>(null);
  const [busy, setBusy] = useState(false);

  const targets = directory?.transferTargets ?? [];
  const option = (x: TransferTarget) => ({ value: x.extension, label: `${x.name[language]} · ${x.extension}` });
  const groups = (['department', 'person'] as const)
    .map((kind) => ({ label: t(`phone.transfer.groups.${kind}`), options: targets.filter((x) => x.kind === kind).map(option) }))
    .filter((g) => g.options.length > 0);
  // A typed number wins: it is what the agent did last.
  const input = number.trim() !== '' ? number : (extension ?? '');

  const run = async (how: 'blind' | 'consult') => {
    if (input === '') {
      setInvalid('empty');
      return;
    }
    setBusy(true);
    try {
      const outcome = how === 'blind' ? await blindTransfer(callId, input) : await consultTransfer(callId, input);
      if (!outcome.ok && outcome.invalid) setInvalid(outcome.invalid);
    } finally {
      setBusy(false);
    }
  };

  const who = call ? call.remote.displayName || call.remote.number || t('phone.call.unknownCaller') : null;

  return (
    <Flex vertical gap={12}>
      {who && <Typography.Text>{t('phone.transfer.caller', { caller: who })}</Typography.Text>}
      {directoryError && (
        <Alert
          type="warning"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('phone.transfer.targetsFailed')}
          description={errorText(t, directoryError)}
          action={
            <Button size="small" onClick={() => void reloadDirectory()}>
              {t('phone.transfer.retry')}
            </Button>
          }
        />
      )}
      <div>
        <label htmlFor={targetId} style={{ display: 'block', marginBottom: 4 }}>
          {t('phone.transfer.target')}
          {/* A hint, not a placeholder: antd's placeholder grey is below 4.5:1. */}
          <Typography.Text type="secondary"> {t('phone.transfer.targetHint')}</Typography.Text>
        </label>
        <Select<string>
          id={targetId}
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          virtual={false}
          value={extension}
          options={groups}
          onChange={(value) => {
            setExtension(value ?? null);
            setInvalid(null);
          }}
          style={{ width: '100%' }}
        />
      </div>
      <div>
        <label htmlFor={numberId} style={{ display: 'block', marginBottom: 4 }}>
          {t('phone.transfer.number')}
        </label>
        <Input
          id={numberId}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          maxLength={40}
          value={number}
          status={invalid ? 'error' : undefined}
          aria-invalid={invalid !== null}
          aria-describedby={invalid ? helpId : undefined}
          onChange={(e) => {
            setNumber(e.target.value);
            setInvalid(null);
          }}
        />
        {invalid && (
          <div id={helpId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
            {invalid === 'empty' ? t('phone.transfer.noTarget') : t(`phone.dialpad.invalid.${invalid}`)}
          </div>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('phone.transfer.explain')}
      </Typography.Paragraph>
      <Flex gap={8} justify="flex-end" wrap>
        <Button onClick={onCancel}>{t('phone.transfer.cancel')}</Button>
        <Button disabled={busy} onClick={() => void run('consult')}>
          {t('phone.transfer.consult')}
        </Button>
        <Button type="primary" disabled={busy} onClick={() => void run('blind')}>
          {t('phone.transfer.blind')}
        </Button>
      </Flex>
    </Flex>
  );
}
