// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../../shared/api/auth';
import type { ConsoleApi, DesktopStatus, IpcResult, Settings } from '../../../../../shared/ipc/contract';
import { SettingsDrawer } from '../../../../../renderer/src/features/settings/settings-drawer';
import { initI18n } from '../../../../../renderer/src/i18n';
import { unwrap } from '../../../../../renderer/src/platform/ipc-result';
import { configureStoreDeps, resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { fakeDesktopBridge, REGISTERED_STATUS } from '../../support/fake-desktop-bridge';
import { fakeHub } from '../../support/fake-hub';
import { quietConsole, storeTestDeps } from '../../support/store-test-deps';
import { installDomShims, Wrapped } from '../cases/dom';

const agent: User = { id: 'u1', username: 'agent1', role: 'agent', displayName: '张敏', departmentCode: 'acceptance' };

let bridge: ConsoleApi;
let desktop: ReturnType<typeof fakeDesktopBridge>;

beforeAll(async () => {
  installDomShims();
  await initI18n('zh-CN');
});

beforeEach(() => {
  quietConsole();
  const test = storeTestDeps({ hub: fakeHub() });
  desktop = fakeDesktopBridge(test.deps.bridge);
  bridge = test.deps.bridge;
  configureStoreDeps(test.deps);
});

afterEach(() => {
  cleanup();
  resetStore();
  vi.restoreAllMocks();
});

/** The drawer as the header opens it, over a console in web mode (the web bridge) or the desktop app (its fake). */
async function openSettings(mode: 'web' | 'desktop', options: { status?: DesktopStatus; signedIn?: boolean } = {}) {
  if (mode === 'desktop') {
    desktop.record.status = options.status ?? REGISTERED_STATUS;
    bridge = desktop.bridge;
    configureStoreDeps({ ...storeTestDeps({ hub: fakeHub() }).deps, bridge });
    await unwrap(bridge.updateSettings({ hubUrl: 'http://127.0.0.1:8790' }));
  }
  const settings = await unwrap(bridge.getSettings());
  useConsoleStore.getState().initUi({ language: 'zh-CN', mode });
  useConsoleStore.getState().initSettings(settings);
  if (options.signedIn) useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-in', user: agent, token: 'tok', hubUrl: settings.hubUrl } }));
  else useConsoleStore.setState((s) => ({ session: { ...s.session, status: 'signed-out', hubUrl: settings.hubUrl } }));
  const onClose = vi.fn();
  render(
    <Wrapped>
      <SettingsDrawer open onClose={onClose} />
    </Wrapped>,
  );
  const dialog = await screen.findByRole('dialog', { name: '设置' });
  // The status arrives after the drawer opened.
  await waitFor(() => expect(useConsoleStore.getState().desktop.status).not.toBeNull());
  return { dialog, onClose, user: userEvent.setup() };
}

const saved = async (): Promise<Settings> => unwrap(bridge.getSettings());

describe('the settings drawer', () => {
  it('names every section and control, and has no accessibility violations', async () => {
    const { dialog } = await openSettings('web');
    for (const heading of ['服务器', '音频设备', '全局快捷键', '启动与来电', '语言', '电话链接']) {
      expect(within(dialog).getByRole('heading', { name: heading })).toBeTruthy();
    }
    for (const label of ['麦克风', '扬声器', '振铃设备', '接听', '挂断', '保持 / 恢复', '静音 / 取消静音', '开机自动启动', '来电时窗口置前']) {
      expect(within(dialog).getByLabelText(label)).toBeTruthy();
    }
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('shows the same-origin server read-only and the desktop switches off with a note in web mode', async () => {
    const { dialog } = await openSettings('web');
    expect(within(dialog).queryByLabelText('服务器地址')).toBeNull();
    expect(within(dialog).getByText(/网页版使用提供本页面的服务器/)).toBeTruthy();
    expect((within(dialog).getByLabelText('开机自动启动') as HTMLButtonElement).disabled).toBe(true);
    expect((within(dialog).getByLabelText('来电时窗口置前') as HTMLButtonElement).disabled).toBe(true);
    expect(within(dialog).getAllByText('仅桌面版可用。')).toHaveLength(2);
  });

  it('records a pressed combination, refuses one another action has, clears with Backspace and cancels with Esc', async () => {
    const { dialog, user } = await openSettings('web');
    const answer = within(dialog).getByLabelText('接听') as HTMLInputElement;
    await user.click(answer);

    await user.keyboard('{Control>}{Alt>}h{/Alt}{/Control}');
    expect(answer.value).toBe('Ctrl+Alt+Enter');
    expect(within(dialog).getByRole('alert').textContent).toBe('Ctrl+Alt+H 已用于“挂断”。');

    await user.keyboard('[F9]');
    expect(answer.value).toBe('F9');
    expect(within(dialog).queryByRole('alert')).toBeNull();

    await user.keyboard('q');
    expect(answer.value).toBe('F9');
    expect(within(dialog).getByRole('alert').textContent).toContain('Q 不能单独使用');

    await user.keyboard('{Backspace}');
    expect(answer.value).toBe('');
    expect(answer.placeholder).toBe('未设置');

    await user.keyboard('{Escape}');
    expect(answer.value).toBe('Ctrl+Alt+Enter');
  });

  it('saves the hotkeys and then shows each one as desktop-only in web mode', async () => {
    const { dialog, user } = await openSettings('web');
    const status = () => within(dialog).getByLabelText('接听').getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(status()).toContain('仅桌面版');
    await user.click(within(dialog).getByLabelText('接听'));
    await user.keyboard('[F9]');
    expect(status()).toContain('未保存');

    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(status()).toContain('仅桌面版'));
    expect((await saved()).hotkeys.answer).toBe('F9');
  });

  it('shows whether each hotkey took effect in the desktop app, including one another program holds', async () => {
    const { dialog } = await openSettings('desktop', {
      status: { ...REGISTERED_STATUS, hotkeys: { ...REGISTERED_STATUS.hotkeys, hangUp: { accelerator: 'Ctrl+Alt+H', status: 'conflict' } } },
    });
    const tagOf = (label: string) => within(dialog).getByLabelText(label).getAttribute('aria-describedby')!.split(' ')[0]!;
    expect(document.getElementById(tagOf('接听'))?.textContent).toBe('已生效');
    expect(document.getElementById(tagOf('挂断'))?.textContent).toBe('被其他程序占用');
  });

  it('refuses a hub address that is not http(s) at the field and saves nothing', async () => {
    const { dialog, user } = await openSettings('desktop');
    const field = within(dialog).getByLabelText('服务器地址');
    await user.clear(field);
    await user.type(field, 'javascript:alert(1)');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(within(dialog).getByRole('alert').textContent).toContain('http:// 或 https://');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((await saved()).hubUrl).toBe('http://127.0.0.1:8790');
  });

  it('asks before a new hub address logs the agent out', async () => {
    const { dialog, user } = await openSettings('desktop', { signedIn: true });
    const field = within(dialog).getByLabelText('服务器地址');
    await user.clear(field);
    await user.type(field, 'http://hub.example.cn:8790');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    // antd ids its modals 'test-id' under test, so the dialog is found by its title's text.
    const title = await screen.findByText('更改服务器地址？', { selector: '.ant-modal-confirm-title' });
    const confirm = title.closest('[role="dialog"]') as HTMLElement;
    expect((await saved()).hubUrl).toBe('http://127.0.0.1:8790');
    await user.click(within(confirm).getByRole('button', { name: '保存并退出登录' }));
    await waitFor(() => expect(useConsoleStore.getState().session.status).toBe('signed-out'));
    expect((await saved()).hubUrl).toBe('http://hub.example.cn:8790');
  });

  it('keeps what was typed and marks the field when the platform refuses to save', async () => {
    const { dialog, user } = await openSettings('desktop');
    const refuse = vi.spyOn(bridge, 'updateSettings').mockResolvedValue({
      ok: false,
      error: { code: 'invalid_request', message: 'launchAtLogin: the login item could not be written' },
    } as IpcResult<Settings>);
    await user.click(within(dialog).getByLabelText('开机自动启动'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(within(dialog).getByText('设置未保存，已填写的内容仍保留。')).toBeTruthy());
    expect(within(dialog).getByText('launchAtLogin: the login item could not be written')).toBeTruthy();
    expect(within(dialog).getByLabelText('开机自动启动').getAttribute('aria-checked')).toBe('true');
    expect(refuse).toHaveBeenCalledTimes(1);
  });

  it('warns when this computer can keep passwords in memory only', async () => {
    const { dialog } = await openSettings('desktop', { status: { ...REGISTERED_STATUS, secretProtection: 'memory-only' } });
    expect(within(dialog).getByText('此电脑没有系统密钥库，密码只保存在本次运行的内存中，重启后需重新登录。')).toBeTruthy();
  });

  it('says when starting with the computer could not be set up', async () => {
    const { dialog, user } = await openSettings('desktop', { status: { ...REGISTERED_STATUS, launchAtLogin: 'failed' } });
    expect(within(dialog).queryByText(/未能设置开机自动启动/)).toBeNull();
    await user.click(within(dialog).getByLabelText('开机自动启动'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(within(dialog).getByText(/未能设置开机自动启动/)).toBeTruthy());
  });

  it('offers to take tel: links in a browser that can, and says when it was asked', async () => {
    let asked = 0;
    configureStoreDeps({
      ...storeTestDeps({ hub: fakeHub() }).deps,
      bridge,
      registerTelHandler: () => {
        asked += 1;
        return true;
      },
    });
    const { dialog, user } = await openSettings('web');
    expect(within(dialog).getByText('电话链接（tel:）尚未交给本工作台。')).toBeTruthy();
    await act(async () => {
      await user.click(within(dialog).getByRole('button', { name: '设为电话链接的默认程序' }));
    });
    expect(asked).toBe(1);
  });
});
