// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DesktopNotices } from '../../../../../renderer/src/features/desktop/desktop-notices';
import { DialPad } from '../../../../../renderer/src/features/phone/dial-pad';
import { initI18n } from '../../../../../renderer/src/i18n';
import { resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { installDomShims, Wrapped } from '../cases/dom';

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

const patchDesktop = (patch: Partial<ReturnType<typeof useConsoleStore.getState>['desktop']>) =>
  act(() => useConsoleStore.setState((s) => ({ desktop: { ...s.desktop, ...patch } })));

describe('DesktopNotices', () => {
  it('shows a refused link in words, once', async () => {
    render(
      <Wrapped>
        <DesktopNotices />
      </Wrapped>,
    );
    patchDesktop({ notice: { seq: 1, tone: 'error', key: 'desktop.linkRefused.not_a_number', values: { link: 'tel:abc' } } });
    expect(await screen.findByText('无法拨打此链接：不是电话号码。')).toBeTruthy();
    expect(useConsoleStore.getState().desktop.notice).toBeNull();
  });
});

describe('DialPad with a number from a link', () => {
  it('takes the number into its field, and a later one replaces it', async () => {
    patchDesktop({ dialPrefill: { number: '13800138000', seq: 1 } });
    render(
      <Wrapped>
        <DialPad />
      </Wrapped>,
    );
    const field = screen.getByLabelText('号码') as HTMLInputElement;
    expect(field.value).toBe('13800138000');
    expect(useConsoleStore.getState().desktop.dialPrefill).toBeNull();
    patchDesktop({ dialPrefill: { number: '1001', seq: 2 } });
    expect(field.value).toBe('1001');
  });
});
