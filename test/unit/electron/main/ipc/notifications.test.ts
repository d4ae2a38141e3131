import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotificationHandlers } from '../../../../../electron/main/ipc/notifications';
import { Notification, resetFakeElectron } from '../../../../support/fake-electron';
import { recordingLogger } from '../../recording-logger';

beforeEach(() => resetFakeElectron());

describe('notifications', () => {
  it('shows the notification and answers shown when notifications are supported', async () => {
    const { showNotification } = createNotificationHandlers({ Notification, focusMainWindow: () => {}, log: recordingLogger() });
    expect(await showNotification({ title: 'Incoming call', body: '+86 10 1234 5678' })).toEqual({ shown: true });
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]?.options).toEqual({ title: 'Incoming call', body: '+86 10 1234 5678' });
    expect(Notification.instances[0]?.shown).toBe(true);
  });

  it('focuses the main window when the notification is clicked', async () => {
    const focusMainWindow = vi.fn();
    const { showNotification } = createNotificationHandlers({ Notification, focusMainWindow, log: recordingLogger() });
    await showNotification({ title: 'Incoming call', body: '' });
    expect(focusMainWindow).not.toHaveBeenCalled();
    Notification.instances[0]?.click();
    expect(focusMainWindow).toHaveBeenCalledTimes(1);
  });

  it('answers not shown and creates nothing when notifications are not supported', async () => {
    Notification.supported = false;
    const { showNotification } = createNotificationHandlers({ Notification, focusMainWindow: () => {}, log: recordingLogger() });
    expect(await showNotification({ title: 'Incoming call', body: '' })).toEqual({ shown: false });
    expect(Notification.instances).toHaveLength(0);
  });
});
