import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudioDevices } from '../../services/sip/phone-types';
import { useConsoleStore, type AudioDeviceOption } from '../../store';

// rc-select needs a value for "none chosen"; the phone contract says null.
const SYSTEM_DEFAULT = '';

type DeviceField = keyof AudioDevices;

const FIELDS: readonly { field: DeviceField; kind: AudioDeviceOption['kind'] }[] = [
  { field: 'microphoneId', kind: 'audioinput' },
  { field: 'speakerId', kind: 'audiooutput' },
  { field: 'ringerId', kind: 'audiooutput' },
];

/**
 * Microphone, speaker (the call) and ring device (the ringing, e.g. loud speakers while the headset
 * is on the desk). A choice goes to the phone at once and into the settings for the next login.
 */
export function AudioDevicesCard() {
  const { t } = useTranslation();
  const headingId = useId();
  const refresh = useConsoleStore((s) => s.refreshAudioDevices);

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('phone.devices.title')}
        </Typography.Title>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={() => void refresh()}>
          {t('phone.devices.refresh')}
        </Button>
      }
    >
      <section aria-labelledby={headingId}>
        <AudioDeviceFields />
      </section>
    </Card>
  );
}

/** The three device pickers, for the Phone pane's card and the settings page alike. */
export function AudioDeviceFields() {
  const { t } = useTranslation();
  const baseId = useId();
  const options = useConsoleStore((s) => s.phone.deviceOptions);
  const chosen = useConsoleStore((s) => s.phone.devices);
  const select = useConsoleStore((s) => s.selectAudioDevices);
  const namesHidden = options.length > 0 && options.every((o) => o.label === '');

  const label = (field: DeviceField) => {
    switch (field) {
      case 'microphoneId':
        return t('phone.devices.microphone');
      case 'speakerId':
        return t('phone.devices.speaker');
      case 'ringerId':
        return t('phone.devices.ringer');
    }
  };

  return (
    <Flex vertical gap={8}>
      {FIELDS.map(({ field, kind }) => {
        const id = `${baseId}-${field}`;
        const ofKind = options.filter((o) => o.kind === kind);
        return (
          <div key={field}>
            <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
              {label(field)}
            </label>
            <Select<string>
              id={id}
              virtual={false}
              value={chosen[field] ?? SYSTEM_DEFAULT}
              onChange={(value) => void select({ [field]: value === SYSTEM_DEFAULT ? null : value })}
              options={[
                { value: SYSTEM_DEFAULT, label: t('phone.devices.systemDefault') },
                ...ofKind.map((o, i) => ({
                  value: o.deviceId,
                  label: o.label || t(kind === 'audioinput' ? 'phone.devices.unnamedInput' : 'phone.devices.unnamedOutput', { n: i + 1 }),
                })),
              ]}
              style={{ width: '100%' }}
            />
          </div>
        );
      })}
      {namesHidden && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('phone.devices.namesHidden')}
        </Typography.Paragraph>
      )}
    </Flex>
  );
}
