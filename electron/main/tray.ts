import type { Language } from '../../shared/domain/i18n';
import type { Presence } from '../../shared/ipc/contract';
import type { AgentState } from '../../shared/telephony/agent-state';
import type { ConsoleEvents } from './events';
import { messagesFor } from './i18n';
import type { Logger } from './log';
import { circlePng, type Rgb } from './tray-icon';

/** The parts of Electron's `Tray`, `Menu` and `nativeImage` this module uses; `I` is an image, `M` a menu. */
export interface TrayLike<I, M> {
  setImage(image: I): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayMenuItem {
  id: string;
  label?: string;
  type?: 'normal' | 'separator' | 'radio';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

export interface ImageLike {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
}

export interface TrayDeps<I extends ImageLike, M> {
  createTray(image: I): TrayLike<I, M>;
  buildMenu(template: TrayMenuItem[]): M;
  createImage(png: Buffer): I;
  appName: string;
  language: Language;
  events: Pick<ConsoleEvents, 'send'>;
  showWindow(): void;
  quit(): void;
  log: Logger;
}

export interface TrayController {
  /** Creates the tray icon; false when the desktop has no place for one. */
  start(): boolean;
  /** The renderer's report; answers whether a tray shows it. */
  setPresence(presence: Presence): boolean;
  /** The renderer is gone (crash, reload): nothing is known until it reports again. */
  clearPresence(): void;
  setLanguage(language: Language): void;
  presence(): Presence | null;
  destroy(): void;
}

const GREY: Rgb = [140, 140, 140];
const CALL_ORANGE: Rgb = [250, 140, 22];
/** Ready is a green light; Not ready a red one, as on the desk phones agents know. */
export const STATE_COLOURS: Readonly<Record<AgentState, Rgb>> = {
  ready: [82, 196, 26],
  not_ready: [245, 34, 45],
  ringing: CALL_ORANGE,
  dialing: CALL_ORANGE,
  talking: CALL_ORANGE,
  held: CALL_ORANGE,
  wrap_up: [22, 119, 255],
};
export const SIGNED_OUT_COLOUR = GREY;

/** Windows cuts tray tooltips at 127 characters; better to cut them ourselves, at a known place. */
const TOOLTIP_MAX = 127;

export function trayToolTip(appName: string, presence: Presence | null, language: Language): string {
  const messages = messagesFor(language);
  const parts =
    presence === null || presence.agentName === null
      ? [messages.signedOut]
      : [presence.agentName, messages.state[presence.state], ...(presence.reason ? [presence.reason] : [])];
  const text = `${appName} — ${parts.join(' · ')}`;
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

export function createTrayController<I extends ImageLike, M>(deps: TrayDeps<I, M>): TrayController {
  const { events, log } = deps;
  let tray: TrayLike<I, M> | null = null;
  let presence: Presence | null = null;
  let language = deps.language;
  const icons = new Map<string, I>();

  function icon(colour: Rgb): I {
    const key = colour.join(',');
    let image = icons.get(key);
    if (!image) {
      image = deps.createImage(circlePng(16, colour));
      image.addRepresentation({ scaleFactor: 2, buffer: circlePng(32, colour) });
      icons.set(key, image);
    }
    return image;
  }

  const currentIcon = (): I => icon(presence && presence.agentName !== null ? STATE_COLOURS[presence.state] : SIGNED_OUT_COLOUR);

  function request(state: 'ready' | 'not_ready'): void {
    if (presence?.state !== state) events.send({ type: 'presenceRequested', state });
    // Electron has already ticked the item; the menu shows the state the renderer reports, not the wish.
    render();
  }

  function menu(): M {
    const messages = messagesFor(language);
    const signedIn = presence !== null && presence.agentName !== null;
    const canChoose = signedIn && !presence?.inCall;
    return deps.buildMenu([
      { id: 'ready', label: messages.menuReady, type: 'radio', checked: presence?.state === 'ready', enabled: canChoose, click: () => request('ready') },
      { id: 'not_ready', label: messages.menuNotReady, type: 'radio', checked: presence?.state === 'not_ready', enabled: canChoose, click: () => request('not_ready') },
      { id: 'separator', type: 'separator' },
      { id: 'show', label: messages.menuShow, click: () => deps.showWindow() },
      { id: 'quit', label: messages.menuQuit, click: () => deps.quit() },
    ]);
  }

  function render(): void {
    if (!tray) return;
    tray.setImage(currentIcon());
    tray.setToolTip(trayToolTip(deps.appName, presence, language));
    tray.setContextMenu(menu());
  }

  return {
    start() {
      if (tray) return true;
      try {
        tray = deps.createTray(currentIcon());
      } catch (error) {
        log.warn('no tray icon: the desktop has no status area', error);
        return false;
      }
      tray.on('click', () => deps.showWindow());
      render();
      return true;
    },
    setPresence(next) {
      presence = next;
      render();
      return tray !== null;
    },
    clearPresence() {
      presence = null;
      render();
    },
    setLanguage(next) {
      if (next === language) return;
      language = next;
      render();
    },
    presence: () => presence,
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
}
