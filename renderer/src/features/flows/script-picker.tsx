import { PlayCircleOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import type { FlowCatalogEntry } from '../../store/flow-slice-state';
import { catalogGroups, suggestedFlows } from './flow-model';

export interface ScriptSelectProps {
  id: string;
  catalog: readonly FlowCatalogEntry[];
  language: Language;
  ivrChoice: string | null;
  value: string | undefined;
  onChange: (flowId: string) => void;
  disabled?: boolean;
}

/** The catalog in a searchable Select: the IVR's scripts first, then by category. */
export function ScriptSelect({ id, catalog, language, ivrChoice, value, onChange, disabled }: ScriptSelectProps) {
  const { t } = useTranslation();
  const groups = catalogGroups(catalog, language, ivrChoice);
  return (
    <Select<string>
      id={id}
      virtual={false}
      disabled={disabled}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      options={groups.map((group) => ({
        label: t(`flows.groups.${group.key}`),
        title: t(`flows.groups.${group.key}`),
        options: group.entries.map((entry) => ({ value: entry.id, label: entry.title[language] })),
      }))}
    />
  );
}

export interface ScriptChooserProps {
  catalog: readonly FlowCatalogEntry[];
  language: Language;
  ivrChoice: string | null;
  onStart: (flowId: string) => Promise<void>;
}

/**
 * A live call without a script yet: pick one (the IVR's suggestion is chosen already) and start it.
 * With no scripts on this PC yet, says so rather than showing an empty list.
 */
export function ScriptChooser({ catalog, language, ivrChoice, onStart }: ScriptChooserProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const suggested = suggestedFlows(catalog, ivrChoice)[0]?.id;
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const chosen = picked ?? suggested;
  if (catalog.length === 0) return <Typography.Text type="secondary">{t('flows.picker.empty')}</Typography.Text>;
  const start = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      await onStart(chosen);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={8} align="flex-end" wrap>
      <div style={{ flex: '1 1 200px', minWidth: 0 }}>
        <label htmlFor={selectId} style={{ display: 'block', marginBottom: 4 }}>
          {t('flows.picker.label')}
        </label>
        <ScriptSelect id={selectId} catalog={catalog} language={language} ivrChoice={ivrChoice} value={chosen} onChange={setPicked} />
      </div>
      <Button type="primary" icon={<PlayCircleOutlined aria-hidden />} disabled={!chosen} loading={busy} onClick={() => void start()}>
        {t('flows.picker.start')}
      </Button>
    </Flex>
  );
}
