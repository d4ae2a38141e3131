import { createParser } from 'eventsource-parser';
import type { HubEvent } from '../../shared/api/events';
import { bearer } from './hub-app';

/** A console's subscription to `GET /api/v1/events` on a listening hub: what arrived so far, parsed. */
export interface HubEventStream {
  readonly received: HubEvent[];
  /** Resolves at the stream's `ready`: from then on every event published reaches it. */
  readonly ready: Promise<void>;
  close(): void;
}

export async function subscribeToHub(baseUrl: string, token: string): Promise<HubEventStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { ...bearer(token), accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`event stream refused: ${response.status}`);
  const received: HubEvent[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const parser = createParser({
    onEvent: ({ event, data }) => (event === 'ready' ? markReady() : received.push(JSON.parse(data) as HubEvent)),
  });
  const body = response.body;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // Aborted by close().
    }
  })();
  return { received, ready, close: () => controller.abort() };
}
