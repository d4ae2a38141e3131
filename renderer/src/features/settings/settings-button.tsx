import { SettingOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SettingsDrawer } from './settings-drawer';

/** The gear in the header (and on the login screen, where the hub URL is set before anyone logs in). */
export function SettingsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<SettingOutlined aria-hidden />} onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t('settings.open')}
      </Button>
      <SettingsDrawer open={open} onClose={() => setOpen(false)} />
    </>
  );
}
