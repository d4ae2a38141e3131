import { inflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTrayController, SIGNED_OUT_COLOUR, STATE_COLOURS, trayToolTip } from '../../../../electron/main/tray';
import { circlePng } from '../../../../electron/main/tray-icon';
import type { Presence } from '../../../../shared/ipc/contract';
import { Menu, nativeImage, resetFakeElectron, Tray, type FakeMenu, type FakeNativeImage } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

const AGENT: Presence = { state: 'ready', reason: null, agentName: '王芳', inCall: false };

function setup(language: 'zh-CN' | 'en-US' = 'zh-CN') {
  const events = { send: vi.fn(() => 'sent' as const) };
  const showWindow = vi.fn();
  const quit = vi.fn();
  const log = recordingLogger();
  const tray = createTrayController({
    createTray: (image: FakeNativeImage) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    createImage: (png) => nativeImage.createFromBuffer(png),
    appName: '呼叫中心',
    language,
    events,
    showWindow,
    quit,
    log,
  });
  const started = tray.start();
  const icon = () => Tray.instances[0] as Tray;
  const menu = () => icon().contextMenu as FakeMenu;
  return { tray, started, events, showWindow, quit, log, icon, menu };
}

/** The colour of the centre pixel of the 16 px representation. */
function centreColour(image: FakeNativeImage): number[] {
  const png = image.representations[0]?.buffer as Buffer;
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const idatLength = png.readUInt32BE(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const offset = 8 * (1 + 16 * 4) + 1 + 8 * 4;
  return [...raw.subarray(offset, offset + 4)];
}

describe('tray', () => {
  it('shows one grey icon with the signed-out tooltip and disabled state items when started', () => {
    const { started, icon, menu } = setup();
    expect(started).toBe(true);
    expect(Tray.instances).toHaveLength(1);
    expect(centreColour(icon().image)).toEqual([...SIGNED_OUT_COLOUR, 255]);
    expect(icon().toolTip).toBe('呼叫中心 — 未登录');
    expect(menu().item('ready')).toMatchObject({ label: '示闲', type: 'radio', enabled: false });
    expect(menu().item('not_ready')).toMatchObject({ label: '示忙', type: 'radio', enabled: false });
    expect(menu().items.map((item) => item.label ?? item.type)).toEqual(['示闲', '示忙', 'separator', '显示窗口', '退出']);
  });

  it('colours the icon by agent state when the presence changes', () => {
    const { tray, icon } = setup();
    for (const state of ['ready', 'not_ready', 'ringing', 'talking', 'held', 'dialing', 'wrap_up'] as const) {
      tray.setPresence({ ...AGENT, state, inCall: ['ringing', 'talking', 'held', 'dialing'].includes(state) });
      expect(centreColour(icon().image), state).toEqual([...STATE_COLOURS[state], 255]);
    }
    expect(STATE_COLOURS.ready).not.toEqual(STATE_COLOURS.not_ready);
    expect(STATE_COLOURS.talking).not.toEqual(STATE_COLOURS.wrap_up);
  });

  it('names the agent, the state and the reason in the tooltip when signed in', () => {
    const { tray, icon } = setup();
    tray.setPresence({ ...AGENT, state: 'not_ready', reason: '小休' });
    expect(icon().toolTip).toBe('呼叫中心 — 王芳 · 示忙 · 小休');
    tray.setPresence(AGENT);
    expect(icon().toolTip).toBe('呼叫中心 — 王芳 · 示闲');
  });

  it('cuts a long tooltip to what Windows shows', () => {
    const text = trayToolTip('Console', { ...AGENT, agentName: 'A'.repeat(100), reason: 'R'.repeat(100) }, 'en-US');
    expect(text).toHaveLength(127);
    expect(text.endsWith('…')).toBe(true);
  });

  it('checks the radio item of the current state and enables both when signed in and not in a call', () => {
    const { tray, menu } = setup();
    tray.setPresence({ ...AGENT, state: 'not_ready' });
    expect(menu().item('ready')).toMatchObject({ checked: false, enabled: true });
    expect(menu().item('not_ready')).toMatchObject({ checked: true, enabled: true });
    tray.setPresence({ ...AGENT, state: 'wrap_up' });
    expect(menu().item('ready')).toMatchObject({ checked: false, enabled: true });
    expect(menu().item('not_ready')).toMatchObject({ checked: false, enabled: true });
  });

  it('disables the state items when a call is up', () => {
    const { tray, menu, events } = setup();
    tray.setPresence({ ...AGENT, state: 'talking', inCall: true });
    expect(menu().item('ready').enabled).toBe(false);
    expect(menu().item('not_ready').enabled).toBe(false);
    menu().click('not_ready');
    expect(events.send).not.toHaveBeenCalled();
  });

  it('asks the renderer for the state and keeps showing the reported one when an item is picked', () => {
    const { tray, menu, events } = setup();
    tray.setPresence(AGENT);
    menu().click('not_ready');
    expect(events.send).toHaveBeenCalledWith({ type: 'presenceRequested', state: 'not_ready' });
    expect(menu().item('ready').checked).toBe(true);
    expect(menu().item('not_ready').checked).toBe(false);
    tray.setPresence({ ...AGENT, state: 'not_ready' });
    expect(menu().item('not_ready').checked).toBe(true);
  });

  it('does not ask again for the state the agent is already in', () => {
    const { tray, menu, events } = setup();
    tray.setPresence(AGENT);
    menu().click('ready');
    expect(events.send).not.toHaveBeenCalled();
  });

  it('shows the window when the icon or Show window is clicked, and quits from Quit', () => {
    const { icon, menu, showWindow, quit } = setup();
    icon().click();
    menu().click('show');
    expect(showWindow).toHaveBeenCalledTimes(2);
    menu().click('quit');
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('switches labels and tooltip to the new language when the setting changes', () => {
    const { tray, icon, menu } = setup();
    tray.setPresence({ ...AGENT, agentName: 'Fang Wang', state: 'held', inCall: true });
    tray.setLanguage('en-US');
    expect(icon().toolTip).toBe('呼叫中心 — Fang Wang · On hold');
    expect(menu().items.map((item) => item.label ?? item.type)).toEqual(['Ready', 'Not ready', 'separator', 'Show window', 'Quit']);
  });

  it('goes back to signed out when the renderer is gone', () => {
    const { tray, icon, menu } = setup();
    tray.setPresence({ ...AGENT, state: 'talking', inCall: true });
    tray.clearPresence();
    expect(tray.presence()).toBeNull();
    expect(icon().toolTip).toBe('呼叫中心 — 未登录');
    expect(menu().item('ready').enabled).toBe(false);
  });

  it('keeps the presence and answers not shown when the desktop has no tray', () => {
    Tray.failToCreate = true;
    const { started, tray, log } = setup();
    expect(started).toBe(false);
    expect(log.at('warn')).toHaveLength(1);
    expect(tray.setPresence({ ...AGENT, inCall: true })).toBe(false);
    expect(tray.presence()?.inCall).toBe(true);
  });

  it('answers shown when a tray shows the presence', () => {
    const { tray } = setup();
    expect(tray.setPresence(AGENT)).toBe(true);
  });

  it('adds a sharp 2x icon and reuses the images when a colour comes back', () => {
    const { tray, icon } = setup();
    tray.setPresence(AGENT);
    const ready = icon().image;
    expect(ready.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    tray.setPresence({ ...AGENT, state: 'not_ready' });
    tray.setPresence(AGENT);
    expect(icon().image).toBe(ready);
  });
});

describe('circlePng', () => {
  it('draws an opaque centre and transparent corners', () => {
    const png = circlePng(16, [1, 2, 3]);
    const raw = inflateSync(png.subarray(41, 41 + png.readUInt32BE(33)));
    expect(raw).toHaveLength(16 * (1 + 16 * 4));
    expect(raw[1 + 3]).toBe(0);
    expect([...raw.subarray(8 * 65 + 1 + 32, 8 * 65 + 1 + 36)]).toEqual([1, 2, 3, 255]);
  });
});
