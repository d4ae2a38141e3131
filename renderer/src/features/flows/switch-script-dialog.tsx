import { Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowCatalogEntry } from '../../store/flow-slice-state';
import { CaseChoiceField, useCaseChoice, type ScriptStartOptions } from './script-picker';

export interface SwitchScriptDialogProps {
  callId: string;
  /** The script to switch to. */
  target: FlowCatalogEntry;
  language: Language;
  onCancel: () => void;
  onConfirm: (options: ScriptStartOptions) => Promise<void>;
}

/**
 * "Switch script" asks first, since the running script is abandoned; switching to a callback also
 * asks which case the call is about, as the picker does. Mounted only while open, so each opening
 * starts afresh.
 */
export function SwitchScriptDialog({ callId, target, language, onCancel, onConfirm }: SwitchScriptDialogProps) {
  const { t } = useTranslation();
  const caseId = useId();
  const choice = useCaseChoice(callId, target.needsContextTicket);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const options = choice.attempt();
    if (!options) return;
    setBusy(true);
    try {
      await onConfirm(options);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('flows.switch.confirmTitle', { title: target.title[language] })}
      okText={t('flows.switch.confirm')}
      cancelText={t('flows.switch.cancel')}
      okButtonProps={{ loading: busy, disabled: choice.waiting }}
      onOk={() => void confirm()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('flows.switch.confirmBody')}</Typography.Paragraph>
      {target.needsContextTicket && (
        <CaseChoiceField id={caseId} choice={choice} language={language} />
      )}
    </Modal>
  );
}
