import { Card, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PHONE_SHORTCUTS, type PhoneShortcutAction } from './shortcuts';

/** The phone's keyboard shortcuts, where the agent looks for them. */
export function ShortcutsList() {
  const { t } = useTranslation();
  const headingId = useId();
  const name = (action: PhoneShortcutAction) => {
    switch (action) {
      case 'answer':
        return t('phone.actions.answer');
      case 'hangUp':
        return t('phone.actions.hangUp');
      case 'holdResume':
        return t('phone.shortcuts.holdResume');
      case 'mute':
        return t('phone.shortcuts.muteUnmute');
      case 'transfer':
        return t('phone.actions.transfer');
    }
  };
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('phone.shortcuts.title')}
        </Typography.Title>
      }
    >
      <section aria-labelledby={headingId}>
        <dl style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px', margin: 0 }}>
          {PHONE_SHORTCUTS.map((s) => (
            <div key={s.action} style={{ display: 'contents' }}>
              <dt>{name(s.action)}</dt>
              <dd style={{ margin: 0 }}>
                <Typography.Text keyboard>{s.keys}</Typography.Text>
              </dd>
            </div>
          ))}
        </dl>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('phone.shortcuts.note')}
        </Typography.Paragraph>
      </section>
    </Card>
  );
}
