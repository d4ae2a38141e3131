import { afterAll, beforeAll, expect, it } from 'vitest';
import { CallLogBatchResponseSchema, type CallLogRecord } from '../../../shared/api/call-logs';
import type { HubEvent } from '../../../shared/api/events';
import { CallbackListResponseSchema, type CallbackTask } from '../../../shared/api/tickets';
import { DEFAULT_CALLBACK_CONFIG } from '../../../shared/callbacks/callback-config';
import { CALLBACK_CONFIG_KEY } from '../../../hub/src/callbacks/config-repo';
import { inProcessEventBus } from '../../../hub/src/events/event-bus';
import { SHOWCASE } from '../../../hub/src/seed/demo-showcase';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import { callLogId, callLogRecord } from '../../support/call-log-records';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

const { wangJianguo, liMei } = SHOWCASE;

/** A finished call of `customerId` wrapped up with `code`, ended at `endedAt`. */
function wrappedUp(code: string, customerId: string | null, endedAt: string): CallLogRecord {
  const ended = Date.parse(endedAt);
  const startedAt = new Date(ended - 240_000).toISOString();
  return callLogRecord({
    id: callLogId(ended - 240_000),
    startedAt,
    answeredAt: new Date(ended - 234_000).toISOString(),
    endedAt,
    customerId,
    wrapUp: { dispositionCode: code, notes: '上门维修已完成，客户确认设备正常。', doneAt: new Date(ended + 30_000).toISOString() },
  });
}

describeEachBackend('after-sales rule', (backend) => {
  let hub: TestHub;
  let token: string;
  const published: HubEvent[] = [];
  beforeAll(async () => {
    const events = inProcessEventBus();
    events.subscribe((event) => published.push(event));
    hub = await startTestHub(backend, { customers: 0, events });
    token = await hub.login('agent1');
  });
  afterAll(() => hub.close());

  const upload = async (...records: CallLogRecord[]) => {
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(token), payload: { records } });
    expect(response.statusCode, response.body).toBe(200);
    return CallLogBatchResponseSchema.parse(response.json()).results.map((r) => r.outcome);
  };
  const callbacksOf = async (callId: string): Promise<CallbackTask[]> => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/callbacks', query: { callId }, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    return CallbackListResponseSchema.parse(response.json()).items;
  };
  const eventsFor = (callbackId: string) => published.filter((e) => e.type === 'callback.changed' && e.callbackId === callbackId);

  it('makes one after-sales callback, due three days later at the next calling time, for a repair done', async () => {
    // Sunday 21:05 in Shanghai: three days later is Wednesday 21:05, after the calling hours, so
    // the callback is due when they open on Thursday at 09:00.
    const call = wrappedUp('repair-done', wangJianguo.id, '2026-03-01T13:05:00.000Z');

    expect(await upload(call)).toEqual(['created']);

    const made = await callbacksOf(call.id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      type: 'after_sales',
      status: 'pending',
      customerId: wangJianguo.id,
      callId: call.id,
      dueAt: '2026-03-05T01:00:00.000Z',
      // VIP level 3: first in the list.
      priority: 'high',
      phone: wangJianguo.phones[0],
      createdBy: 'rule',
    });
    expect(eventsFor(made[0]!.id)).toEqual([expect.objectContaining({ type: 'callback.changed', status: 'pending', assignee: null, by: 'rule' })]);
    const { rows } = await hub.db.query<{ source: string; rule_key: string }>('select source, rule_key from callbacks where id = $1', [made[0]!.id]);
    expect(rows[0]).toEqual({ source: 'rule', rule_key: `after_sales:${call.id}` });
  });

  it('keeps the due time exact when three days later falls inside the calling hours, and normal priority for an ordinary customer', async () => {
    // Monday 16:54 in Shanghai → Thursday 16:54.
    const call = wrappedUp('delivered', liMei.id, '2026-03-02T08:54:06.000Z');

    await upload(call);

    expect(await callbacksOf(call.id)).toEqual([expect.objectContaining({ dueAt: '2026-03-05T08:54:06.000Z', priority: 'normal', phone: liMei.phones[0] })]);
  });

  it('makes no second callback when the same record comes again or in a higher version', async () => {
    const call = wrappedUp('repair-done', liMei.id, '2026-03-02T06:00:00.000Z');
    await upload(call);
    const [first] = await callbacksOf(call.id);

    expect(await upload(call)).toEqual(['unchanged']);
    expect(await upload({ ...call, version: call.version + 1, wrapUp: { ...call.wrapUp, notes: '补充：客户另约保养时间。' } })).toEqual(['updated']);

    expect(await callbacksOf(call.id)).toEqual([first]);
    expect(eventsFor(first!.id)).toHaveLength(1);
  });

  it('makes the callback when a stored call is later wrapped up as a delivery', async () => {
    const call = wrappedUp('consult-answered', liMei.id, '2026-03-02T06:10:00.000Z');
    await upload(call);
    expect(await callbacksOf(call.id)).toEqual([]);

    await upload({ ...call, version: call.version + 1, wrapUp: { ...call.wrapUp, dispositionCode: 'delivered' } });

    expect(await callbacksOf(call.id)).toHaveLength(1);
  });

  it('keeps the callback when the disposition is changed away from a repair afterwards', async () => {
    const call = wrappedUp('repair-done', liMei.id, '2026-03-02T06:20:00.000Z');
    await upload(call);

    await upload({ ...call, version: call.version + 1, wrapUp: { ...call.wrapUp, dispositionCode: 'other' } });

    expect(await callbacksOf(call.id)).toEqual([expect.objectContaining({ status: 'pending' })]);
  });

  it('makes no callback for a call wrapped up with another disposition', async () => {
    const call = wrappedUp('other', wangJianguo.id, '2026-03-02T06:30:00.000Z');

    await upload(call);

    expect(await callbacksOf(call.id)).toEqual([]);
  });

  it('makes no callback for a call without a customer, nor for one naming a customer the hub does not have, and stores both calls', async () => {
    const anonymous = wrappedUp('repair-done', null, '2026-03-02T06:40:00.000Z');
    const unknown = wrappedUp('repair-done', 'c-0001', '2026-03-02T06:41:00.000Z');

    expect(await upload(anonymous, unknown)).toEqual(['created', 'created']);

    expect(await callbacksOf(anonymous.id)).toEqual([]);
    expect(await callbacksOf(unknown.id)).toEqual([]);
  });

  it('makes no callback while the rule is switched off', async () => {
    await writeSetting(hub.db, CALLBACK_CONFIG_KEY, { ...DEFAULT_CALLBACK_CONFIG, afterSales: { ...DEFAULT_CALLBACK_CONFIG.afterSales, enabled: false } });
    try {
      const call = wrappedUp('repair-done', wangJianguo.id, '2026-03-02T06:50:00.000Z');

      await upload(call);

      expect(await callbacksOf(call.id)).toEqual([]);
    } finally {
      await hub.db.query('delete from settings where key = $1', [CALLBACK_CONFIG_KEY]);
    }
  });
});
