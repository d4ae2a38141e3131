// The push service's public surface: the rest of the renderer imports this folder, not its files.
export {
  createPushClient,
  EVENTS_PATH,
  type PushClient,
  type PushClientOptions,
  type PushConnectionState,
  type PushStopReason,
  type PushTimers,
} from './push-client';
