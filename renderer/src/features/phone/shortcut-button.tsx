import { Button, Tooltip, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { shortcutFor, type PhoneShortcutAction } from './shortcuts';

/**
 * A call button whose keyboard shortcut is in its tooltip and in `aria-keyshortcuts`. The visible
 * text stays the plain action ("Hold"), which is also the button's accessible name.
 */
export function ShortcutButton({
  shortcut,
  children,
  ...props
}: ButtonProps & { shortcut: PhoneShortcutAction | null; children: string }) {
  const { t } = useTranslation();
  if (!shortcut) return <Button {...props}>{children}</Button>;
  const keys = shortcutFor(shortcut);
  return (
    <Tooltip title={t('phone.shortcuts.tooltip', { action: children, keys: keys.keys })}>
      <Button {...props} aria-keyshortcuts={keys.aria}>
        {children}
      </Button>
    </Tooltip>
  );
}
