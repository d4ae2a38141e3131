import type { AudioDeviceOption, MediaDeviceService } from '../../store';

/**
 * The browser's audio devices. Without `navigator.mediaDevices` (an insecure origin, an old
 * browser) the list is empty and only "System default" is offered.
 */
export function createBrowserMediaDevices(mediaDevices: MediaDevices | undefined = navigator.mediaDevices): MediaDeviceService {
  return {
    list: async () => {
      if (!mediaDevices?.enumerateDevices) return [];
      const devices = await mediaDevices.enumerateDevices();
      return devices
        .filter((d): d is MediaDeviceInfo & { kind: AudioDeviceOption['kind'] } => d.kind === 'audioinput' || d.kind === 'audiooutput')
        // The "default" and "communications" entries repeat a real device under another id; "System default" covers them.
        .filter((d) => d.deviceId !== '' && d.deviceId !== 'default' && d.deviceId !== 'communications')
        .map((d) => ({ kind: d.kind, deviceId: d.deviceId, label: d.label }));
    },
    subscribe: (onChange) => {
      if (!mediaDevices?.addEventListener) return () => undefined;
      mediaDevices.addEventListener('devicechange', onChange);
      return () => mediaDevices.removeEventListener('devicechange', onChange);
    },
  };
}
