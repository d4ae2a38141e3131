import { Input, Modal, Radio } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../customer/field-error';

/** The reasons an agent picks from; `other` asks for their own words. */
const OFFERED = ['customer_hung_up', 'wrong_script', 'not_needed', 'other'] as const;
type Offered = (typeof OFFERED)[number];
const REASON_MAX = 200;

export interface AbandonDialogProps {
  open: boolean;
  onCancel: () => void;
  /** The reason as stored: one of ours by code, else the agent's words. */
  onConfirm: (reason: string) => Promise<void>;
}

/**
 * Why the script is being given up, asked before it is: the run keeps its answers and the reason,
 * and the call log says it was abandoned. Mounted only while open, so each opening starts afresh.
 */
export function AbandonDialog({ open, onCancel, onConfirm }: AbandonDialogProps) {
  const { t } = useTranslation();
  const groupLabelId = useId();
  const otherId = useId();
  const errorId = useId();
  const [reason, setReason] = useState<Offered>('customer_hung_up');
  const [other, setOther] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const text = other.trim();
    if (reason === 'other' && text === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await onConfirm(reason === 'other' ? text : reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('flows.abandon.title')}
      okText={t('flows.abandon.confirm')}
      cancelText={t('flows.abandon.cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void confirm()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div id={groupLabelId} style={{ marginBottom: 8 }}>
        {t('flows.abandon.reason')}
      </div>
      <Radio.Group
        aria-labelledby={groupLabelId}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value as Offered);
          setMissing(false);
        }}
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
        options={OFFERED.map((code) => ({ value: code, label: t(`flows.abandon.reasons.${code}`) }))}
      />
      {reason === 'other' && (
        <div style={{ marginTop: 8 }}>
          <label htmlFor={otherId} style={{ display: 'block', marginBottom: 4 }}>
            {t('flows.abandon.otherText')}
          </label>
          <Input
            id={otherId}
            value={other}
            maxLength={REASON_MAX}
            aria-required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? errorId : undefined}
            status={missing ? 'error' : undefined}
            onChange={(e) => {
              setOther(e.target.value);
              setMissing(false);
            }}
            autoFocus
          />
          {missing && <FieldError id={errorId}>{t('flows.abandon.otherRequired')}</FieldError>}
        </div>
      )}
    </Modal>
  );
}
