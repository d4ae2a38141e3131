import { beforeEach, describe, expect, it } from 'vitest';
import { installPermissionHandlers, isPermissionAllowed } from '../../../../electron/main/permissions';
import { resetFakeElectron, session } from '../../../support/fake-electron';
import { recordingLogger } from '../recording-logger';

const APP = ['app://console'];
const APP_AND_DEV = ['app://console', 'http://localhost:5173'];
const microphone = { permission: 'media', origins: ['app://console/index.html'], isMainFrame: true, mediaTypes: ['audio'] };

describe('permissions', () => {
  describe('isPermissionAllowed', () => {
    it('allows the microphone when the app origin asks for audio only', () => {
      expect(isPermissionAllowed(microphone, APP)).toBe(true);
      expect(isPermissionAllowed({ ...microphone, origins: ['app://console', 'app://console/'] }, APP)).toBe(true);
    });

    it('refuses media when video is asked for, alone or with audio', () => {
      expect(isPermissionAllowed({ ...microphone, mediaTypes: ['video'] }, APP)).toBe(false);
      expect(isPermissionAllowed({ ...microphone, mediaTypes: ['audio', 'video'] }, APP)).toBe(false);
    });

    it('refuses media when the media type is unknown or missing', () => {
      expect(isPermissionAllowed({ ...microphone, mediaTypes: ['unknown'] }, APP)).toBe(false);
      expect(isPermissionAllowed({ ...microphone, mediaTypes: [] }, APP)).toBe(false);
    });

    it('refuses every other permission when the app origin asks', () => {
      for (const permission of [
        'geolocation',
        'notifications',
        'display-capture',
        'clipboard-read',
        'midi',
        'midiSysex',
        'pointerLock',
        'openExternal',
        'fileSystem',
        'hid',
        'serial',
        'usb',
        'unknown',
      ]) {
        expect(isPermissionAllowed({ ...microphone, permission }, APP), permission).toBe(false);
      }
    });

    it('refuses the microphone when another origin asks', () => {
      for (const origin of ['https://evil.example', 'app://evil', 'file:///tmp/x.html', 'http://localhost:5173', 'null', '']) {
        expect(isPermissionAllowed({ ...microphone, origins: [origin] }, APP), origin).toBe(false);
      }
    });

    it('refuses the microphone when any of the origins involved is foreign', () => {
      expect(isPermissionAllowed({ ...microphone, origins: ['app://console/index.html', 'https://evil.example'] }, APP)).toBe(false);
    });

    it('refuses the microphone when it is asked from a subframe', () => {
      expect(isPermissionAllowed({ ...microphone, isMainFrame: false }, APP)).toBe(false);
    });

    it('allows the dev server only when it is among the trusted origins', () => {
      const dev = { ...microphone, origins: ['http://localhost:5173/'] };
      expect(isPermissionAllowed(dev, APP_AND_DEV)).toBe(true);
      expect(isPermissionAllowed(dev, APP)).toBe(false);
    });
  });

  describe('installPermissionHandlers', () => {
    beforeEach(() => {
      resetFakeElectron();
      installPermissionHandlers(session.defaultSession, { trustedOrigins: APP, log: recordingLogger() });
    });

    it('grants a microphone request when the app page asks for audio', async () => {
      await expect(
        session.defaultSession.requestPermission('media', {
          requestingUrl: 'app://console/index.html',
          securityOrigin: 'app://console/',
          mediaTypes: ['audio'],
        }),
      ).resolves.toBe(true);
    });

    it('denies a camera request when the app page asks for video', async () => {
      await expect(
        session.defaultSession.requestPermission('media', { requestingUrl: 'app://console/index.html', mediaTypes: ['audio', 'video'] }),
      ).resolves.toBe(false);
    });

    it('denies geolocation and notifications requests when the app page asks', async () => {
      for (const permission of ['geolocation', 'notifications']) {
        await expect(
          session.defaultSession.requestPermission(permission, { requestingUrl: 'app://console/index.html' }),
        ).resolves.toBe(false);
      }
    });

    it('denies a microphone request when another origin asks', async () => {
      await expect(
        session.defaultSession.requestPermission('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }),
      ).resolves.toBe(false);
    });

    it('answers checks the same way when Chromium checks without asking', () => {
      const check = session.defaultSession;
      expect(check.checkPermission('media', 'app://console', { mediaType: 'audio', securityOrigin: 'app://console/' })).toBe(true);
      expect(check.checkPermission('media', 'app://console', { mediaType: 'video' })).toBe(false);
      expect(check.checkPermission('media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
      expect(check.checkPermission('notifications', 'app://console')).toBe(false);
      expect(check.checkPermission('geolocation', 'app://console')).toBe(false);
    });
  });
});
