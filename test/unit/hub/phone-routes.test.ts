import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PhoneConfigSchema, type PhoneConfig } from '../../../shared/api/phone';
import { insertDemoQueueDispositions } from '../../../hub/src/seed/demo-disposition-codes';
import { writeSetting } from '../../../hub/src/settings/settings-repo';
import { bearer, loginAs, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

describeEachBackend('phone config route', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
  });
  afterAll(() => hub.close());

  const phoneConfig = async (username: string, app = hub.app): Promise<PhoneConfig> => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/phone/config', headers: bearer(await loginAs(app, username)) });
    expect(response.statusCode).toBe(200);
    return PhoneConfigSchema.parse(response.json());
  };

  it("gives agent1 its extension and the demo HA1 when the hub runs with default settings", async () => {
    const config = await phoneConfig('agent1');

    expect(config.sip).toEqual({
      wsUrl: 'ws://127.0.0.1:8088',
      domain: 'callcenter.local',
      extension: '1001',
      authorizationUsername: '1001',
      ha1: createHash('md5').update('1001:callcenter.local:sip-1001-demo').digest('hex'),
      displayName: '张敏',
      iceServers: [],
      ivrHeader: 'X-IVR-Choice',
    });
  });

  it('lists the Not-ready reasons in menu order with both labels', async () => {
    const config = await phoneConfig('agent1');

    expect(config.reasonCodes.map((r) => r.code)).toEqual(['break', 'meal', 'training', 'meeting', 'outbound', 'system-issue']);
    expect(config.reasonCodes[0]?.label).toEqual({ 'zh-CN': '小休', 'en-US': 'Break' });
    expect(config.reasonCodes.map((r) => r.label['zh-CN'])).toEqual(['小休', '用餐', '培训', '会议', '外呼任务', '系统故障']);
  });

  it('lists the active disposition codes in menu order with both labels', async () => {
    const config = await phoneConfig('agent1');

    expect(config.dispositionCodes.map((d) => d.code)).toEqual([
      'consult-answered',
      'transferred',
      'order-placed',
      'after-sales',
      'repair-done',
      'delivered',
      'complaint',
      'callback-promised',
      'wrong-number',
      'silent-dropped',
      'other',
    ]);
    expect(config.dispositionCodes[0]?.label).toEqual({ 'zh-CN': '咨询已解答', 'en-US': 'Question answered' });
  });

  it('leaves a retired disposition code out of the menu', async () => {
    await hub.db.query("update disposition_codes set active = false where code = 'wrong-number'");
    try {
      expect((await phoneConfig('callback1')).dispositionCodes.map((d) => d.code)).not.toContain('wrong-number');
    } finally {
      await hub.db.query("update disposition_codes set active = true where code = 'wrong-number'");
    }
  });

  it('gives the default wrap-up rule, disposition required, when the center has not set one', async () => {
    expect((await phoneConfig('callback1')).wrapUp).toEqual({ seconds: 60, autoReady: false, dispositionRequired: true });
  });

  it("gives each demo queue's wrap-up menu in menu order", async () => {
    const config = await phoneConfig('agent1');

    expect(config.queueDispositions).toEqual([
      {
        ivrChoice: 'consult',
        codes: [
          'consult-answered',
          'transferred',
          'order-placed',
          'after-sales',
          'repair-done',
          'delivered',
          'callback-promised',
          'wrong-number',
          'silent-dropped',
          'other',
        ],
      },
      { ivrChoice: 'complaint', codes: ['complaint', 'callback-promised', 'transferred', 'after-sales', 'wrong-number', 'silent-dropped', 'other'] },
    ]);
  });

  it("leaves a retired code out of a queue's menu, and a queue whose codes are all retired out of the list", async () => {
    await hub.db.query("update disposition_codes set active = false where code = 'transferred'");
    await hub.db.query("delete from queue_dispositions where ivr_choice = 'consult' and code <> 'transferred'");
    try {
      const { queueDispositions } = await phoneConfig('agent1');

      expect(queueDispositions.map((q) => q.ivrChoice)).toEqual(['complaint']);
      expect(queueDispositions[0]?.codes).not.toContain('transferred');
    } finally {
      await hub.db.query("update disposition_codes set active = true where code = 'transferred'");
      await insertDemoQueueDispositions(hub.db);
    }
  });

  it('gives sip null but the reasons and wrap-up when the user has no extension', async () => {
    const config = await phoneConfig('qa1');

    expect(config.sip).toBeNull();
    expect(config.reasonCodes).toHaveLength(6);
    expect(config.dispositionCodes).toHaveLength(11);
    expect(config.wrapUp).toEqual({ seconds: 60, autoReady: false, dispositionRequired: true });
  });

  it('uses the PBX settings the hub was started with', async () => {
    const iceServers = [{ urls: ['stun:stun.pbx.example:3478'] }, { urls: 'turn:turn.pbx.example', username: 'u', credential: 'c' }];
    const app = await hub.another({ phone: { wsUrl: 'wss://pbx.example:8089/ws', realm: 'callcenter.local', iceServers, ivrHeader: 'X-Queue' } });

    const { sip } = await phoneConfig('agent2', app);

    expect(sip).toMatchObject({ wsUrl: 'wss://pbx.example:8089/ws', extension: '1002', iceServers, ivrHeader: 'X-Queue' });
  });

  it('follows the reason_codes table when an administrator retires and reorders codes', async () => {
    await hub.db.query("update reason_codes set active = false where code = 'meal'");
    await hub.db.query("update reason_codes set position = -1 where code = 'meeting'");
    try {
      const codes = (await phoneConfig('agent1')).reasonCodes.map((r) => r.code);

      expect(codes).toEqual(['meeting', 'break', 'training', 'outbound', 'system-issue']);
    } finally {
      await hub.db.query("update reason_codes set active = true, position = 1 where code = 'meal'");
      await hub.db.query("update reason_codes set position = 3 where code = 'meeting'");
    }
  });

  it.each([
    // Stored before dispositions could be required: still the center's rule, with the disposition required.
    [{ seconds: 30, autoReady: true }, { seconds: 30, autoReady: true, dispositionRequired: true }],
    [{ seconds: null, autoReady: false, dispositionRequired: false }, { seconds: null, autoReady: false, dispositionRequired: false }],
    // A broken row must not take every agent's phone away: the default applies.
    [{ seconds: -5, autoReady: 'yes' }, { seconds: 60, autoReady: false, dispositionRequired: true }],
    [{ seconds: 30, autoReady: true, dispositionRequired: 'no' }, { seconds: 60, autoReady: false, dispositionRequired: true }],
    ['sixty', { seconds: 60, autoReady: false, dispositionRequired: true }],
  ])('gives the wrap-up rule %j as %j when it is stored', async (stored, expected) => {
    await writeSetting(hub.db, 'wrap_up', stored);
    try {
      expect((await phoneConfig('agent1')).wrapUp).toEqual(expected);
    } finally {
      await hub.db.query("delete from settings where key = 'wrap_up'");
    }
  });

  it('gives sip null when the extension has no usable HA1', async () => {
    await hub.db.query("update users set sip_ha1 = null where username = 'agent2'");
    try {
      expect((await phoneConfig('agent2')).sip).toBeNull();
    } finally {
      await hub.db.query("update users set sip_ha1 = md5('1002:callcenter.local:sip-1002-demo') where username = 'agent2'");
    }
  });

  it('answers 401 when the request has no token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/phone/config' });

    expect(response.statusCode).toBe(401);
  });

  it('documents the phone and agent-state routes with their schemas in the OpenAPI document', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(await hub.login('admin')) });

    const doc = response.json<{ paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> }>();
    expect(Object.keys(doc.paths['/api/v1/phone/config'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/agent/state'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(JSON.stringify(doc.paths['/api/v1/phone/config']?.get?.responses?.['200'])).toContain('authorizationUsername');
    const post = JSON.stringify(doc.paths['/api/v1/agent/state']?.post?.requestBody);
    expect(post).toContain('reasonCode');
    expect(post).toContain('wrap_up');
    expect(JSON.stringify(doc.paths['/api/v1/agent/state']?.post?.responses)).toContain('applied');
  });
});
