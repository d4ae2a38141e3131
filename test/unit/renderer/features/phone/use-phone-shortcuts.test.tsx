// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePhoneShortcuts } from '../../../../../renderer/src/features/phone/use-phone-shortcuts';
import { KEY_CAPTURE_ATTRIBUTE } from '../../../../../renderer/src/features/phone/shortcuts';
import { resetStore, useConsoleStore } from '../../../../../renderer/src/store';
import { REGISTERED_STATUS } from '../../support/fake-desktop-bridge';

function Console() {
  usePhoneShortcuts(true);
  return (
    <>
      <input aria-label="备注" />
      <input aria-label="接听快捷键" {...{ [KEY_CAPTURE_ATTRIBUTE]: '' }} />
    </>
  );
}

const original = useConsoleStore.getState();
let pressed: string[];

beforeEach(() => {
  pressed = [];
  useConsoleStore.setState({ phoneShortcut: (action) => void pressed.push(action) });
  render(<Console />);
});

afterEach(() => {
  cleanup();
  useConsoleStore.setState(original);
  resetStore();
  vi.restoreAllMocks();
});

const hangUpKeys = { code: 'KeyH', key: 'h', ctrlKey: true, altKey: true };

describe('usePhoneShortcuts', () => {
  it('acts on a shortcut pressed anywhere in the window, even in a text field', () => {
    fireEvent.keyDown(document.body, hangUpKeys);
    fireEvent.keyDown(screen.getByLabelText('备注'), hangUpKeys);
    expect(pressed).toEqual(['hangUp', 'hangUp']);
  });

  it('leaves a key alone in a field that records hotkeys', () => {
    fireEvent.keyDown(screen.getByLabelText('接听快捷键'), hangUpKeys);
    expect(pressed).toEqual([]);
  });

  it('leaves a combination to the system-wide hotkey registered with it, so a call is not hung up twice', () => {
    useConsoleStore.setState((s) => ({ desktop: { ...s.desktop, status: REGISTERED_STATUS } }));
    fireEvent.keyDown(document.body, hangUpKeys);
    expect(pressed).toEqual([]);
    // Transfer has no global hotkey: the window still takes it.
    fireEvent.keyDown(document.body, { code: 'KeyX', key: 'x', ctrlKey: true, altKey: true });
    expect(pressed).toEqual(['transfer']);
  });
});
