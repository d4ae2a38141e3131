import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fanOut, type EventBus } from '../../../hub/src/events/event-bus';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';

/** A bus whose gap the test announces, as the PostgreSQL bus does after its listener reconnects. */
function gappingBus(): EventBus & { gap(): void } {
  const subscribers = fanOut();
  return { publish: subscribers.deliver, subscribe: subscribers.subscribe, gap: subscribers.gap };
}

describe('event stream when the bus may have lost events', () => {
  let hub: TestHub;
  let bus: ReturnType<typeof gappingBus>;
  let baseUrl: string;

  beforeAll(async () => {
    bus = gappingBus();
    hub = await startTestHub('pglite', { customers: 0, events: bus });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => hub.close());

  it('ends the open stream, so the console reconnects and reloads what it shows', async () => {
    const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { ...bearer(await hub.login('agent1')), accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    let text = '';
    let ended = false;
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
      ended = true;
    })();
    await vi.waitFor(() => expect(text).toContain('event: ready'));
    expect(ended).toBe(false);

    bus.gap();

    await reading;
    expect(ended).toBe(true);
  });
});
