import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { FlowListResponseSchema, FlowRejectedSchema, FlowVersionListSchema, StoredFlowSchema } from '../../../shared/api/flows';
import type { FlowDefinitionInput } from '../../../shared/flows/flow-schema';
import { flowInput, step, t } from '../../support/flow-builders';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import { describeEachBackend } from '../../support/hub-db';

type Username = 'agent1' | 'callback1' | 'qa1' | 'supervisor1' | 'manager1' | 'admin';

/** A flow the checks accept: greet, then end. Ids and triggers are the test's own, apart from the library's. */
function goodFlow(id: string, more: Partial<FlowDefinitionInput> = {}): FlowDefinitionInput {
  return flowInput([step('greet', { say: t('您好，{{customer.name|先生/女士}}', 'Hello'), next: 'done' }), step('done', { end: { outcome: 'resolved' } })], {
    id,
    ...more,
  });
}

describeEachBackend('flow routes', (backend) => {
  let hub: TestHub;
  const tokens = {} as Record<Username, string>;
  beforeAll(async () => {
    hub = await startTestHub(backend, { customers: 0 });
    for (const username of ['agent1', 'callback1', 'qa1', 'supervisor1', 'manager1', 'admin'] as const) tokens[username] = await hub.login(username);
  });
  afterAll(() => hub.close());

  const upload = (source: string, format: 'yaml' | 'json' = 'yaml', as: Username = 'manager1') =>
    hub.app.inject({ method: 'POST', url: '/api/v1/flows', headers: bearer(tokens[as]), payload: { source, format } });
  const get = (url: string, as: Username = 'agent1') => hub.app.inject({ method: 'GET', url, headers: bearer(tokens[as]) });
  const published = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(201);
    return StoredFlowSchema.parse(response.json());
  };
  const refused = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(400);
    return FlowRejectedSchema.parse(response.json());
  };

  it('publishes version 1, then 2, of a flow id, each by its publisher, and lists the higher one as in force', async () => {
    const first = published(await upload(stringify(goodFlow('test.versions'))));
    hub.clock.advance(60_000);
    const changed = goodFlow('test.versions', { title: t('新版', 'New version') });
    const second = published(await upload(JSON.stringify(changed), 'json', 'supervisor1'));

    expect([first.version, first.publishedBy, first.title['en-US']]).toEqual([1, 'manager1', 'Test flow']);
    expect([second.version, second.publishedBy, second.title['en-US']]).toEqual([2, 'supervisor1', 'New version']);
    expect(second.definition.steps[0]?.questions).toBeUndefined();
    const list = FlowListResponseSchema.parse((await get('/api/v1/flows')).json());
    expect(list.flows.filter((f) => f.id === 'test.versions').map((f) => f.version)).toEqual([2]);
  });

  it('keeps an old version readable after a newer one is published, so a call in progress keeps its script', async () => {
    published(await upload(stringify(goodFlow('test.old'))));
    published(await upload(stringify(goodFlow('test.old', { title: t('第二版', 'Second') }))));

    const old = await get('/api/v1/flows/test.old/versions/1', 'qa1');

    expect(old.statusCode).toBe(200);
    expect(StoredFlowSchema.parse(old.json())).toMatchObject({ id: 'test.old', version: 1, title: { 'en-US': 'Test flow' } });
    const versions = FlowVersionListSchema.parse((await get('/api/v1/flows/test.old/versions')).json());
    expect(versions.versions.map((v) => [v.version, v.publishedBy])).toEqual([
      [2, 'manager1'],
      [1, 'manager1'],
    ]);
  });

  it('answers 404 for an unknown flow id or version', async () => {
    published(await upload(stringify(goodFlow('test.known'))));

    for (const url of ['/api/v1/flows/test.unknown/versions/1', '/api/v1/flows/test.known/versions/2', '/api/v1/flows/test.unknown/versions']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(ApiErrorSchema.parse(response.json()).error).toBe('not_found');
    }
  });

  it('gives two simultaneous uploads of one id consecutive versions, never the same one', async () => {
    const source = stringify(goodFlow('test.race'));

    const answers = await Promise.all([upload(source), upload(source, 'yaml', 'admin'), upload(source, 'yaml', 'supervisor1')]);

    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(answers.map((a) => StoredFlowSchema.parse(a.json()).version).sort()).toEqual([1, 2, 3]);
  });

  it('lists every problem, each naming its step, when a flow has an unreachable step and a dead end', async () => {
    const broken = flowInput(
      [step('greet', { next: 'ask' }), step('ask', { say: t('请问') }), step('orphan', { end: { outcome: 'resolved' } })],
      { id: 'test.broken' },
    );

    const answer = refused(await upload(stringify(broken)));

    expect(answer.error).toBe('invalid_flow');
    expect(answer.problems.map((p) => [p.code, p.stepId])).toEqual(expect.arrayContaining([
      ['unreachable', 'orphan'],
      ['dead_end', 'ask'],
    ]));
    expect(answer.problems.find((p) => p.code === 'unreachable')?.message).toContain('step "orphan"');
    expect((await get('/api/v1/flows/test.broken/versions')).statusCode).toBe(404);
  });

  it('refuses an action naming a department the org design does not have, naming the step and path', async () => {
    const flow = flowInput([step('hand-over', { actions: [{ type: 'transfer', department: 'no-such-dept' }], end: { outcome: 'transferred' } })], {
      id: 'test.dept',
    });

    const answer = refused(await upload(stringify(flow)));

    expect(answer.problems).toEqual([expect.objectContaining({ code: 'unknown_department', stepId: 'hand-over', path: 'steps.0.actions.0.department' })]);
  });

  it('accepts a department and a disposition code of the center, and refuses a retired disposition', async () => {
    const flow = (code: string) =>
      flowInput(
        [step('wrap', { actions: [{ type: 'transfer', department: 'tech-service' }, { type: 'set_disposition', code }], end: { outcome: 'transferred' } })],
        { id: 'test.codes' },
      );
    await hub.db.query("update disposition_codes set active = false where code = 'other'");
    try {
      published(await upload(stringify(flow('transferred'))));
      const answer = refused(await upload(stringify(flow('other'))));
      expect(answer.problems.map((p) => p.code)).toEqual(['unknown_disposition']);
    } finally {
      await hub.db.query("update disposition_codes set active = true where code = 'other'");
    }
  });

  it('reports a YAML syntax error with its line', async () => {
    const answer = refused(await upload('format: 1\nid: test.syntax\nsteps: [\n  - id: a\n'));

    expect(answer.problems[0]?.code).toBe('syntax');
    expect(answer.problems[0]?.path).toMatch(/^\d+:\d+$/);
  });

  it('answers a 10 MB source with invalid_flow too_large, not a bare 413', async () => {
    const huge = `format: 1\nid: test.huge\n# ${'长'.repeat(10 * 1024 * 1024 / 3)}\n`;

    const answer = refused(await upload(huge));

    expect(answer.problems.map((p) => p.code)).toEqual(['too_large']);
    expect((await get('/api/v1/flows/test.huge/versions')).statusCode).toBe(404);
  });

  it('refuses a flow claiming an IVR choice or callback type that another flow in force has, but not its own earlier version', async () => {
    const triggers = { ivrChoices: ['test-queue'], callbackTypes: ['pre_sales' as const] };
    const owner = await upload(stringify(goodFlow('test.trigger-owner', { triggers: { ivrChoices: ['test-queue'] } })));
    published(owner);
    published(await upload(stringify(goodFlow('test.trigger-owner', { triggers: { ivrChoices: ['test-queue'] } }))));

    const answer = refused(await upload(stringify(goodFlow('test.trigger-thief', { triggers }))));

    const taken = answer.problems.filter((p) => p.code === 'trigger_taken');
    expect(taken.map((p) => p.path)).toContain('triggers.ivrChoices.0');
    expect(taken[0]?.message).toContain('test.trigger-owner');
  });

  it('lists a taken trigger together with the problems of the graph', async () => {
    published(await upload(stringify(goodFlow('test.queue-owner', { triggers: { ivrChoices: ['test-queue-2'] } }))));
    const flow = flowInput([step('greet', { end: { outcome: 'resolved' } }), step('orphan', { end: { outcome: 'resolved' } })], {
      id: 'test.queue-thief',
      triggers: { ivrChoices: ['test-queue-2'] },
    });

    const answer = refused(await upload(stringify(flow)));

    expect(answer.problems.map((p) => p.code).sort()).toEqual(['trigger_taken', 'unreachable']);
  });

  it('refuses text holding U+0000, which PostgreSQL cannot store, naming the step', async () => {
    const flow = flowInput([step('greet', { say: t('你好\u0000'), end: { outcome: 'resolved' } })], { id: 'test.nul' });

    const answer = refused(await upload(JSON.stringify(flow), 'json'));

    expect(answer.problems[0]).toMatchObject({ stepId: 'greet', path: 'steps.0.say.zh-CN' });
  });

  it.each(['agent1', 'callback1', 'qa1'] as const)('refuses %s an upload with 403', async (username) => {
    const response = await upload(stringify(goodFlow('test.roles')), 'yaml', username);

    expect(response.statusCode).toBe(403);
    expect((await get('/api/v1/flows/test.roles/versions')).statusCode).toBe(404);
  });

  it.each(['agent1', 'callback1', 'qa1', 'supervisor1'] as const)('lets %s read the flows in force', async (username) => {
    expect((await get('/api/v1/flows', username)).statusCode).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/flows' })).statusCode).toBe(401);
  });

  it('documents the flow routes with their schemas in the OpenAPI document', async () => {
    const doc = (await get('/api/docs/json', 'admin')).json<{ paths: Record<string, Record<string, unknown>> }>();

    expect(Object.keys(doc.paths['/api/v1/flows'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(JSON.stringify(doc.paths['/api/v1/flows']?.post)).toContain('problems');
    expect(doc.paths['/api/v1/flows/{id}/versions/{version}']).toBeDefined();
  });
});
