import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';

/**
 * Says what became of a clicked link or a tray action (refused, waiting for login, put in the dial
 * pad) as a passing message, on the login screen and in the workspace alike. antd's message area
 * is a live region, so a screen reader hears it too.
 */
export function DesktopNotices() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const notice = useConsoleStore((s) => s.desktop.notice);
  const take = useConsoleStore((s) => s.takeDesktopNotice);

  useEffect(() => {
    if (!notice) return;
    take(notice.seq);
    const text = t(notice.key, notice.values);
    // Long enough to read a number; a refusal a little longer, since the agent has to act on it.
    if (notice.tone === 'error') void message.error({ content: text, duration: 8 });
    else if (notice.tone === 'warning') void message.warning({ content: text, duration: 6 });
    else void message.info({ content: text, duration: 4 });
  }, [notice, take, t, message]);

  return null;
}
