import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDialLinks, type DialLinksDeps } from '../../../../electron/main/dial-links';
import { app, resetFakeElectron } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

beforeEach(() => resetFakeElectron());

function setup(overrides: Partial<DialLinksDeps> = {}) {
  const events = { send: vi.fn(() => 'sent' as const) };
  const showWindow = vi.fn();
  const log = recordingLogger();
  const links = createDialLinks({
    app,
    defaultApp: false,
    execPath: '/opt/Console/console',
    argv: ['/opt/Console/console'],
    events,
    showWindow,
    log,
    ...overrides,
  });
  return { links, events, showWindow, log };
}

describe('dial links', () => {
  it('registers the app as the handler of tel: and callcenter: links when packaged', () => {
    const { links } = setup();
    expect(links.register()).toEqual({ tel: true, app: true });
    expect([...app.protocolClients.entries()]).toEqual([
      ['tel', { path: undefined, args: undefined }],
      ['callcenter', { path: undefined, args: undefined }],
    ]);
  });

  it('registers Electron with the script path when started for development', () => {
    const { links } = setup({ defaultApp: true, execPath: '/dev/electron', argv: ['/dev/electron', 'out/main/index.js'] });
    expect(links.register()).toEqual({ tel: true, app: true });
    expect(app.protocolClients.get('tel')).toEqual({ path: '/dev/electron', args: [resolve('out/main/index.js')] });
    expect(links.status()).toEqual({ tel: true, app: true });
  });

  it('reports false and warns when the OS keeps another handler', () => {
    app.protocolRegistrationWorks = false;
    const { links, log } = setup();
    expect(links.register()).toEqual({ tel: false, app: false });
    expect(log.at('warn')).toHaveLength(2);
  });

  it('sends a dial and shows the window when a tel: link opens', () => {
    const { links, events, showWindow } = setup();
    links.open('tel:+86 138-0013-8000');
    expect(events.send).toHaveBeenCalledWith({ type: 'dial', number: '+8613800138000', source: 'tel' });
    expect(showWindow).toHaveBeenCalledTimes(1);
  });

  it('sends a dial from the app link', () => {
    const { links, events } = setup();
    links.open('callcenter://dial/10086');
    expect(events.send).toHaveBeenCalledWith({ type: 'dial', number: '10086', source: 'app-link' });
  });

  it('sends linkRefused with the reason and the link cut short when the link carries script', () => {
    const { links, events, log } = setup();
    const link = `tel:<script>${'x'.repeat(500)}</script>`;
    links.open(link);
    expect(events.send).toHaveBeenCalledWith({ type: 'linkRefused', link: link.slice(0, 200), reason: 'not_a_number' });
    expect(log.at('warn')).toHaveLength(1);
  });

  it('refuses another app link host as unsupported', () => {
    const { links, events } = setup();
    links.open('callcenter://settings/reset');
    expect(events.send).toHaveBeenCalledWith({ type: 'linkRefused', link: 'callcenter://settings/reset', reason: 'unsupported' });
  });

  it('finds the link in a command line by its scheme, not its position', () => {
    const { links, events } = setup();
    expect(links.openFromArgv(['console.exe', '--no-sandbox-is-not-ours', 'tel:10086', '--another'])).toBe(true);
    expect(events.send).toHaveBeenCalledWith({ type: 'dial', number: '10086', source: 'tel' });
  });

  it('does nothing when the command line has no link', () => {
    const { links, events, showWindow } = setup();
    expect(links.openFromArgv(['console.exe', '--inspect'])).toBe(false);
    expect(events.send).not.toHaveBeenCalled();
    expect(showWindow).not.toHaveBeenCalled();
  });
});
