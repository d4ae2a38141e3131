import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReviewListSchema, SamplingRulesSchema, SamplingRunListSchema, SamplingRunSchema, ScorecardListSchema, type SamplingRules } from '../../../shared/api/qa';
import { ScorecardDefinitionSchema, ScorecardSchema } from '../../../shared/qa/scorecard';
import { migrate } from '../../../hub/src/db/migrate';
import { seedDemo } from '../../../hub/src/seed/demo';
import { FakeClock } from '../../support/hub-clock';
import { createTestDatabase, describeEachBackend } from '../../support/hub-db';
import { errorOf, okJson, startQaHub, type QaHub } from './qa-test-support';

const RULES: SamplingRules = {
  randomPerAgent: 1,
  risk: [
    { kind: 'low_satisfaction', enabled: true, threshold: 2, perAgent: 0 },
    { kind: 'complaint', enabled: true, threshold: 0, perAgent: 0 },
    { kind: 'short_call', enabled: true, threshold: 20, perAgent: 1 },
    { kind: 'long_call', enabled: true, threshold: 900, perAgent: 1 },
    { kind: 'long_hold', enabled: true, threshold: 120, perAgent: 1 },
  ],
};

describeEachBackend('QA sampling', (backend) => {
  let qa: QaHub;
  const calls: Record<string, string> = {};

  beforeAll(async () => {
    qa = await startQaHub(backend);
    const { addCall } = qa;
    calls.survey = await addCall('agent1', { survey: { score: 1, satisfied: false } });
    // A complaint ticket opened from the call.
    calls.complaint = await addCall('agent1');
    const ticket = randomUUID();
    await qa.hub.db.query(
      `insert into tickets (id, ticket_no, kind, title, status, opened_at, updated_at, call_id) values ($1, $2, 'complaint', '投诉', 'registered', $3, $3, $4)`,
      [ticket, `QA-${ticket.slice(0, 8)}`, '2025-06-02T03:00:00Z', calls.complaint],
    );
    calls.short = await addCall('agent1', { talk: 10 });
    calls.long = await addCall('agent1', { talk: 1000 });
    calls.hold = await addCall('agent1', { hold: 200 });
    calls.plainA = await addCall('agent1');
    calls.plainB = await addCall('agent1');
    calls.uploading = await addCall('agent1', { recording: 'uploading' });
    calls.unreadable = await addCall('agent1', { recording: 'unreadable' });
    calls.unrecorded = await addCall('agent1', { recording: null });
    calls.unanswered = await addCall('agent1', { answered: false });
    calls.otherDay = await addCall('agent1', { date: '2025-06-04' });
    // Not satisfied, by the survey of a callback this call promised.
    calls.callbackSurvey = await addCall('agent1');
    await qa.hub.db.query(
      `insert into callbacks (id, type, status, end_reason, ended_at, call_id, due_at, priority, created_at, created_by, request_hash, survey_at, survey_satisfied, survey_score)
       values ($1, 'after_sales', 'done', 'surveyed', $2, $3, $2, 'normal', $2, 'agent1', $4, $2, false, 3)`,
      [randomUUID(), '2025-06-03T03:00:00Z', calls.callbackSurvey, 'b'.repeat(64)],
    );
    for (const name of ['d1', 'd2', 'd3']) calls[name] = await addCall('agent2');
    okJson(await qa.send('PUT', '/api/v1/qa/sampling-rules', 'manager1', RULES));
  });
  afterAll(() => qa.close());

  const run = (body: object, as: 'qa1' | 'supervisor1' | 'agent1' = 'supervisor1') => qa.send('POST', '/api/v1/qa/sampling-runs', as, body);
  const reviewsOf = async (as: 'qa1' | 'qa2') => ReviewListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/reviews?scope=mine', as))).reviews;

  it('answers the default rules until they are set, and the set ones after', async () => {
    const stored = SamplingRulesSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/sampling-rules', 'qa1')));

    expect(stored).toEqual(RULES);
    errorOf(await qa.send('PUT', '/api/v1/qa/sampling-rules', 'qa1', RULES), 403);
    const duplicate = errorOf(await qa.send('PUT', '/api/v1/qa/sampling-rules', 'admin', { ...RULES, risk: [...RULES.risk, RULES.risk[0]] }), 400);
    expect(duplicate.field).toMatch(/^risk/);
  });

  it('picks the risky calls by rule with every reason, one random call per agent, and only answered calls with a ready recording', async () => {
    const body = SamplingRunSchema.parse(okJson(await run({ from: '2025-06-02', to: '2025-06-03', assessorIds: [qa.ids.qa1, qa.ids.qa2], seed: 'fixed' }), 201));

    // agent1: eight answered, recorded calls of the period; agent2: three.
    expect(body).toMatchObject({ from: '2025-06-02', to: '2025-06-03', seed: 'fixed', candidates: 11, picked: 8, createdBy: 'supervisor1' });
    expect(body.byReason).toEqual({ random: 2, low_satisfaction: 2, complaint: 1, short_call: 1, long_call: 1, long_hold: 1 });
    const reviews = [...(await reviewsOf('qa1')), ...(await reviewsOf('qa2'))];
    const reasons = Object.fromEntries(reviews.map((r) => [r.callId, r.reasons]));
    expect(reasons[calls.survey!]).toEqual(['low_satisfaction']);
    expect(reasons[calls.callbackSurvey!]).toEqual(['low_satisfaction']);
    expect(reasons[calls.complaint!]).toEqual(['complaint']);
    expect(reasons[calls.short!]).toEqual(['short_call']);
    expect(reasons[calls.long!]).toEqual(['long_call']);
    expect(reasons[calls.hold!]).toEqual(['long_hold']);
    const randomOfAgent1 = reviews.filter((r) => r.agentId === qa.ids.agent1 && r.reasons.includes('random'));
    expect(randomOfAgent1).toHaveLength(1);
    expect([calls.plainA, calls.plainB]).toContain(randomOfAgent1[0]!.callId);
    expect(reviews.filter((r) => r.agentId === qa.ids.agent2).map((r) => r.reasons)).toEqual([['random']]);
    for (const never of ['uploading', 'unreadable', 'unrecorded', 'unanswered', 'otherDay']) expect(reasons[calls[never]!], never).toBeUndefined();
  });

  it('shares the picks among the assessors evenly when they start with the same load', async () => {
    const [first, second] = [await reviewsOf('qa1'), await reviewsOf('qa2')];

    expect([first.length, second.length]).toEqual([4, 4]);
    expect(first.every((r) => r.assessorId === qa.ids.qa1 && r.status === 'open' && r.evaluationId === null)).toBe(true);
  });

  it('never samples a call twice when a later run covers the same days', async () => {
    const again = SamplingRunSchema.parse(okJson(await run({ from: '2025-06-01', to: '2025-06-03', assessorIds: [qa.ids.qa1] }), 201));

    // Left: one of agent1's two plain calls, two of agent2's; one random call each.
    expect(again).toMatchObject({ candidates: 3, picked: 2 });
    const reviews = await reviewsOf('qa1');
    expect(new Set(reviews.map((r) => r.callId)).size).toBe(reviews.length);
  });

  it('gives the next calls to the assessor with the fewest open reviews', async () => {
    // qa1 has 6 open now, qa2 4: both new calls go to qa2.
    await qa.addCall('agent2', { date: '2025-06-05' });
    await qa.addCall('agent2', { date: '2025-06-05' });
    okJson(await qa.send('PUT', '/api/v1/qa/sampling-rules', 'admin', { randomPerAgent: 2, risk: [] }));

    const body = SamplingRunSchema.parse(okJson(await run({ from: '2025-06-05', to: '2025-06-05', assessorIds: [qa.ids.qa1, qa.ids.qa2] }, 'qa1'), 201));

    expect(body.picked).toBe(2);
    expect((await reviewsOf('qa2')).filter((r) => r.callStartedAt.startsWith('2025-06-05'))).toHaveLength(2);
    expect((await reviewsOf('qa1')).filter((r) => r.callStartedAt.startsWith('2025-06-05'))).toHaveLength(0);
  });

  it('lists the runs newest first with their seeds', async () => {
    const { runs } = SamplingRunListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/sampling-runs', 'admin')));

    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.from)).toContain('2025-06-05');
    expect(runs.find((r) => r.seed === 'fixed')?.picked).toBe(8);
  });

  it('refuses an assessor who is not of the qa role, naming the entry, and samples nothing', async () => {
    await qa.addCall('agent1', { date: '2025-06-07' });

    const error = errorOf(await run({ from: '2025-06-07', to: '2025-06-07', assessorIds: [qa.ids.qa1, qa.ids.agent1] }), 400);

    expect(error.field).toBe('assessorIds.1');
    const { rows } = await qa.hub.db.query<{ n: number }>("select count(*)::int as n from qa_sampling_runs where from_date = '2025-06-07'");
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses a period that ends before it starts and an unknown department, naming the field', async () => {
    expect(errorOf(await run({ from: '2025-06-03', to: '2025-06-02', assessorIds: [qa.ids.qa1] }), 400).field).toBe('from');
    expect(errorOf(await run({ from: '2025-06-02', to: '2025-06-02', departmentId: 'nope', assessorIds: [qa.ids.qa1] }), 400).field).toBe('departmentId');
  });

  it('answers 403 to an agent who asks for a run or the queue', async () => {
    errorOf(await run({ from: '2025-06-02', to: '2025-06-02', assessorIds: [qa.ids.qa1] }, 'agent1'), 403);
    errorOf(await qa.send('GET', '/api/v1/qa/reviews', 'agent1'), 403);
    errorOf(await qa.send('GET', '/api/v1/qa/reviews?scope=all', 'qa1'), 403);
  });

  it('serves the starter scorecard to agents too: 100 points, and the two fatal items', async () => {
    const { scorecards } = ScorecardListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards', 'agent1')));

    expect(scorecards.map((c) => [c.id, c.version, c.active])).toEqual([['call-quality', 1, true]]);
    const items = scorecards[0]!.definition.sections.flatMap((s) => s.items);
    expect(items.filter((i) => !i.fatal).reduce((sum, i) => sum + i.weight, 0)).toBe(100);
    expect(items.filter((i) => i.fatal).map((i) => i.label['zh-CN'])).toEqual(['泄露客户信息', '辱骂或顶撞客户']);
    expect(scorecards[0]!.definition.sections.map((s) => s.label['zh-CN'])).toEqual(['开场与身份核实', '业务处理', '服务态度', '结束语', '红线项']);
    errorOf(await qa.send('GET', '/api/v1/qa/scorecards', 'field1'), 403);
  });

  it('refuses a scorecard with a repeated item id, naming the field, and keeps the stored version', async () => {
    const card = ScorecardSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards/call-quality/versions/1', 'qa1')));
    const bad = structuredClone(card.definition);
    bad.sections[1]!.items[0]!.id = 'greeting';

    const error = errorOf(await qa.send('PUT', '/api/v1/qa/scorecards/call-quality', 'admin', bad), 400);

    expect(error.field).toBe('sections.1.items.0.id');
    errorOf(await qa.send('GET', '/api/v1/qa/scorecards/call-quality/versions/2', 'qa1'), 404);
  });

  it('stores an edit as the next version, keeps the old one readable, and lets only admins edit', async () => {
    const card = ScorecardSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards/call-quality/versions/1', 'qa1')));
    const edited = ScorecardDefinitionSchema.parse({ ...card.definition, name: { 'zh-CN': '通话质量评分表（修订）', 'en-US': 'Call quality scorecard (revised)' } });

    errorOf(await qa.send('PUT', '/api/v1/qa/scorecards/call-quality', 'supervisor1', edited), 403);
    const stored = ScorecardSchema.parse(okJson(await qa.send('PUT', '/api/v1/qa/scorecards/call-quality', 'admin', edited)));

    expect([stored.id, stored.version, stored.definition.name['zh-CN']]).toEqual(['call-quality', 2, '通话质量评分表（修订）']);
    const { scorecards } = ScorecardListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards', 'qa1')));
    expect(scorecards.map((c) => c.version)).toEqual([2]);
    expect(ScorecardSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards/call-quality/versions/1', 'qa1'))).definition.name['zh-CN']).toBe('通话质量评分表');
  });
});

describeEachBackend('QA demo seed', (backend) => {
  it('puts five of the floor calls in the two assessors\' queues, three submitted, and adds nothing when run again', async () => {
    const database = await createTestDatabase(backend);
    try {
      await migrate(database.db);
      const clock = new FakeClock();
      const first = await seedDemo(database.db, { clock, customers: 0 });
      const second = await seedDemo(database.db, { clock, customers: 0 });
      const { rows } = await database.db.query<{ username: string; status: string | null; total: number | null; fatal: boolean | null }>(
        `select u.username, e.status, e.total::float8 as total, e.fatal from qa_reviews r join users u on u.id = r.assessor_id
           left join qa_evaluations e on e.review_id = r.id order by r.sampled_at, u.username, e.status`,
      );

      expect([first.evaluations, second.evaluations]).toEqual([4, 0]);
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.username))).toEqual(new Set(['qa1', 'qa2']));
      expect(rows.filter((r) => r.status === 'submitted').map((r) => [r.total, r.fatal])).toEqual(expect.arrayContaining([[94, false], [91, false], [0, true]]));
      expect(rows.filter((r) => r.status === 'draft')).toHaveLength(1);
    } finally {
      await database.dispose();
    }
  });
});
