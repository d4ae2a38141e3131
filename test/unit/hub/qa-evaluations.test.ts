import { afterAll, beforeAll, expect, it } from 'vitest';
import { MyNotificationListSchema } from '../../../shared/api/notifications';
import {
  CalibrationSchema,
  EvaluationListSchema,
  EvaluationSchema,
  QaFiguresSchema,
  ReviewDetailSchema,
  ReviewListSchema,
  type Evaluation,
  type Review,
} from '../../../shared/api/qa';
import { describeEachBackend } from '../../support/hub-db';
import { errorOf, fullScores, okJson, startQaHub, type Person, type QaHub } from './qa-test-support';

describeEachBackend('QA evaluations', (backend) => {
  let qa: QaHub;
  const calls: Record<string, string> = {};
  const reviews: Record<string, Review> = {};
  const evaluations: Record<string, Evaluation> = {};

  beforeAll(async () => {
    qa = await startQaHub(backend);
    calls.a = await qa.addCall('agent1', { date: '2025-06-02' });
    calls.b = await qa.addCall('agent1', { date: '2025-06-02' });
    calls.draft = await qa.addCall('agent1', { date: '2025-06-02' });
    calls.c = await qa.addCall('agent2', { date: '2025-06-03' });
    // Every call of the period, all to qa1.
    okJson(await qa.send('PUT', '/api/v1/qa/sampling-rules', 'admin', { randomPerAgent: 10, risk: [] }));
    okJson(await qa.send('POST', '/api/v1/qa/sampling-runs', 'supervisor1', { from: '2025-06-02', to: '2025-06-03', assessorIds: [qa.ids.qa1] }), 201);
    const list = ReviewListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/reviews', 'qa1'))).reviews;
    for (const [name, callId] of Object.entries(calls)) reviews[name] = list.find((r) => r.callId === callId)!;
  });
  afterAll(() => qa.close());

  const save = (review: string, body: object, as: Person = 'qa1') =>
    qa.send('PUT', `/api/v1/qa/reviews/${reviews[review]!.id}/evaluation`, as, { comments: [], summary: '', submit: false, expectedVersion: 0, ...body });
  const evaluationOf = (id: string, as: Person) => qa.send('GET', `/api/v1/qa/evaluations/${id}`, as);
  const listAs = async (as: Person, query = '') => EvaluationListSchema.parse(okJson(await qa.send('GET', `/api/v1/qa/evaluations${query}`, as))).evaluations;

  it('opens a review with its call log and scorecard version for its assessor and the supervisors only', async () => {
    const detail = ReviewDetailSchema.parse(okJson(await qa.send('GET', `/api/v1/qa/reviews/${reviews.a!.id}`, 'qa1')));

    expect(detail.call.id).toBe(calls.a);
    expect(detail.call.agentName).toBe('张敏');
    expect([detail.scorecard.id, detail.scorecard.version, detail.evaluation]).toEqual(['call-quality', 1, null]);
    expect(detail.review).toMatchObject({ status: 'open', reasons: ['random'], agentId: qa.ids.agent1, talkSeconds: 200 });
    okJson(await qa.send('GET', `/api/v1/qa/reviews/${reviews.a!.id}`, 'supervisor1'));
    errorOf(await qa.send('GET', `/api/v1/qa/reviews/${reviews.a!.id}`, 'qa2'), 404);
    errorOf(await save('a', { scores: [] }, 'qa2'), 403);
    errorOf(await save('a', { scores: [] }, 'supervisor1'), 403);
  });

  it('saves a draft, refuses a save over a version not read, and submits only a complete evaluation', async () => {
    const draft = EvaluationSchema.parse(okJson(await save('a', { scores: [{ itemId: 'greeting', value: 8 }], summary: '开场不完整' }), 201));
    expect(draft).toMatchObject({ status: 'draft', version: 1, total: 80, fatal: false, submittedAt: null });

    expect(errorOf(await save('a', { scores: [] }), 409).error).toBe('stale_version');
    const missing = errorOf(await save('a', { scores: [{ itemId: 'greeting', value: 8 }], submit: true, expectedVersion: 1 }), 400);
    expect(missing.field).toBe('scores');
    const beyond = errorOf(await save('a', { scores: fullScores({ needs: 11 }), submit: true, expectedVersion: 1 }), 400);
    expect(beyond.field).toBe('scores.2');
    const pinned = { id: '01970000-0000-7000-8000-000000000001', atMs: 12_000, itemId: 'nope', text: '这里没有核实身份' };
    expect(errorOf(await save('a', { scores: fullScores(), comments: [pinned], expectedVersion: 1 }), 400).field).toBe('comments.0.itemId');

    const submitted = EvaluationSchema.parse(
      okJson(await save('a', { scores: fullScores({ accuracy: 10 }), comments: [{ ...pinned, itemId: 'identity' }], summary: '解答不完整', submit: true, expectedVersion: 1 })),
    );
    expect(submitted).toMatchObject({ status: 'submitted', version: 2, total: 90, fatal: false, submittedAt: '2026-03-02T09:00:00.000Z' });
    expect(submitted.comments).toEqual([{ ...pinned, itemId: 'identity' }]);
    evaluations.a = submitted;
  });

  it('answers read_only to any change of a submitted evaluation by its assessor, and changes nothing', async () => {
    const error = errorOf(await save('a', { scores: fullScores(), submit: true, expectedVersion: 2 }), 409);

    expect(error.error).toBe('read_only');
    expect(EvaluationSchema.parse(okJson(await evaluationOf(evaluations.a!.id, 'qa1')))).toEqual(evaluations.a);
  });

  it('zeroes the total when a fatal item failed, and leaves an n/a item out', async () => {
    const fatal = EvaluationSchema.parse(okJson(await save('b', { scores: fullScores({ 'data-leak': 0 }), submit: true }), 201));
    const na = EvaluationSchema.parse(okJson(await save('c', { scores: fullScores({ hold: null }), submit: true }), 201));
    okJson(await save('draft', { scores: [{ itemId: 'greeting', value: 2 }] }), 201);

    expect([fatal.total, fatal.fatal]).toEqual([0, true]);
    expect([na.total, na.fatal]).toEqual([100, false]);
    evaluations.b = fatal;
    evaluations.c = na;
  });

  it("shows an agent their own submitted evaluations only: another agent's, or a draft, answer 404", async () => {
    const own = await listAs('agent1');
    expect(own.map((e) => e.id).sort()).toEqual([evaluations.a!.id, evaluations.b!.id].sort());
    // Asking for another agent's is answered with one's own.
    expect((await listAs('agent1', `?agentId=${qa.ids.agent2}`)).map((e) => e.agentId)).toEqual([qa.ids.agent1, qa.ids.agent1]);
    expect((await listAs('agent2')).map((e) => e.id)).toEqual([evaluations.c!.id]);

    okJson(await evaluationOf(evaluations.a!.id, 'agent1'));
    expect(errorOf(await evaluationOf(evaluations.a!.id, 'agent2'), 404).error).toBe('not_found');
    const draftId = ReviewListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/reviews?status=draft', 'qa1'))).reviews[0]!.evaluationId!;
    errorOf(await evaluationOf(draftId, 'agent1'), 404);
    errorOf(await evaluationOf(draftId, 'qa2'), 404);
    okJson(await evaluationOf(draftId, 'qa1'));
    errorOf(await evaluationOf(evaluations.a!.id, 'field1'), 403);
  });

  it('lets a supervisor correct a submitted evaluation with a reason, writing the audit trail and recomputing the total', async () => {
    const body = { reason: '复听后确认解答基本完整', scores: [{ itemId: 'accuracy', value: 15 }], expectedVersion: 2 };
    errorOf(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.a!.id}/corrections`, 'qa1', body), 403);
    expect(errorOf(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.a!.id}/corrections`, 'supervisor1', { ...body, expectedVersion: 1 }), 409).error).toBe('stale_version');
    expect(errorOf(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.a!.id}/corrections`, 'supervisor1', { ...body, scores: [{ itemId: 'accuracy', value: 25 }] }), 400).field).toBe(
      'scores.0',
    );

    const corrected = EvaluationSchema.parse(okJson(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.a!.id}/corrections`, 'supervisor1', body)));

    expect(corrected).toMatchObject({ version: 3, total: 95, status: 'submitted' });
    expect(corrected.scores.find((s) => s.itemId === 'accuracy')?.value).toBe(15);
    expect(corrected.corrections).toEqual([
      {
        at: '2026-03-02T09:00:00.000Z',
        byUserId: qa.ids.supervisor1,
        byName: '陈静',
        reason: '复听后确认解答基本完整',
        changes: [{ itemId: 'accuracy', from: 10, to: 15 }],
        totalBefore: 90,
        totalAfter: 95,
      },
    ]);
    await expect(qa.hub.db.query("update qa_evaluation_corrections set reason = 'changed'")).rejects.toThrow(/append-only/);
    evaluations.a = corrected;
  });

  it('takes the agent\'s dispute once, with a reason, and tells the assessor', async () => {
    const url = `/api/v1/qa/evaluations/${evaluations.a!.id}/response`;
    errorOf(await qa.send('POST', url, 'agent1', { status: 'disputed', note: '' }), 400);
    errorOf(await qa.send('POST', url, 'agent2', { status: 'acknowledged' }), 404);

    const disputed = EvaluationSchema.parse(okJson(await qa.send('POST', url, 'agent1', { status: 'disputed', note: '客户身份已在 IVR 核实' })));

    expect(disputed.agentResponse).toEqual({ status: 'disputed', at: '2026-03-02T09:00:00.000Z', note: '客户身份已在 IVR 核实' });
    expect(errorOf(await qa.send('POST', url, 'agent1', { status: 'acknowledged' }), 409).error).toBe('conflict');
    const { items } = MyNotificationListSchema.parse(okJson(await qa.send('GET', '/api/v1/notifications/mine', 'qa1')));
    expect(items.some((n) => n.username === 'qa1' && n.callId === calls.a && n.message.includes('客户身份已在 IVR 核实'))).toBe(true);
    okJson(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.c!.id}/response`, 'agent2', { status: 'acknowledged' }));
  });

  it('asks the agent again after a correction of an evaluation they had answered', async () => {
    const answered = EvaluationSchema.parse(okJson(await evaluationOf(evaluations.c!.id, 'supervisor1')));
    const corrected = EvaluationSchema.parse(
      okJson(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.c!.id}/corrections`, 'manager1', { reason: '统一尺度', scores: [{ itemId: 'hold', value: 5 }], expectedVersion: answered.version })),
    );

    expect(answered.agentResponse.status).toBe('acknowledged');
    expect(corrected.agentResponse).toEqual({ status: 'pending', at: null, note: '' });
    expect(corrected.total).toBe(100);
    okJson(await qa.send('POST', `/api/v1/qa/evaluations/${evaluations.c!.id}/response`, 'agent2', { status: 'acknowledged' }));
  });

  it('keeps a calibration blind to an assessor until their own is submitted, then shows the spread', async () => {
    errorOf(await qa.send('POST', '/api/v1/qa/calibrations', 'supervisor1', { callId: calls.b, assessorIds: [qa.ids.qa1, qa.ids.agent2] }), 400);
    const created = CalibrationSchema.parse(okJson(await qa.send('POST', '/api/v1/qa/calibrations', 'supervisor1', { callId: calls.b, assessorIds: [qa.ids.qa1, qa.ids.qa2] }), 201));
    const mine = async (as: 'qa1' | 'qa2') =>
      ReviewListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/reviews', as))).reviews.find((r) => r.calibrationId === created.id)!;
    const calibrationAs = async (as: Person) => CalibrationSchema.parse(okJson(await qa.send('GET', `/api/v1/qa/calibrations/${created.id}`, as)));
    const [r1, r2] = [await mine('qa1'), await mine('qa2')];
    expect([r1.reasons, r2.reasons]).toEqual([['manual'], ['manual']]);

    const calibrationSave = (review: Review, as: 'qa1' | 'qa2', scores: object) =>
      qa.send('PUT', `/api/v1/qa/reviews/${review.id}/evaluation`, as, { scores, comments: [], summary: '', submit: true, expectedVersion: 0 });
    okJson(await calibrationSave(r2, 'qa2', fullScores({ greeting: 6, accuracy: 10 })), 201);
    const blind = await calibrationAs('qa1');
    expect(blind.assessors.map((a) => [a.name, a.submitted, a.total])).toEqual(
      expect.arrayContaining([
        ['刘洋', false, null],
        ['韩雪', true, null],
      ]),
    );
    expect(blind.items.every((i) => i.values.length === 0 && i.spread === null)).toBe(true);

    okJson(await calibrationSave(r1, 'qa1', fullScores()), 201);
    const open = await calibrationAs('qa1');
    const greeting = open.items.find((i) => i.itemId === 'greeting')!;
    expect(greeting.spread).toBeCloseTo(0.4, 10);
    expect(greeting.values).toEqual(expect.arrayContaining([{ assessorId: qa.ids.qa1, value: 1 }, { assessorId: qa.ids.qa2, value: 0.6 }]));
    expect(open.items.find((i) => i.itemId === 'accuracy')!.spread).toBe(0.5);
    expect(open.items.find((i) => i.itemId === 'courtesy')!.spread).toBe(0);
    expect(open.totalSpread).toBe(100 - 86);
    expect((await calibrationAs('supervisor1')).totalSpread).toBe(14);

    // Never the agent's, nor in anyone's list of evaluations.
    const ids = (await listAs('agent1')).map((e) => e.id);
    expect(ids.sort()).toEqual([evaluations.a!.id, evaluations.b!.id].sort());
    const calibrationEvaluation = (await mine('qa2')).evaluationId!;
    errorOf(await evaluationOf(calibrationEvaluation, 'agent1'), 404);
    errorOf(await qa.send('GET', `/api/v1/qa/calibrations/${created.id}`, 'agent1'), 403);
  });

  it('sums the submitted evaluations outside calibration per agent, item and day, by the day of the call', async () => {
    const figures = QaFiguresSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/figures?from=2025-06-02&to=2025-06-03&bucket=day', 'manager1')));

    // a: 95 (corrected, disputed), b: 0 (fatal), c: 100 (acknowledged); the draft and the calibration left out.
    expect(figures.totals).toEqual({ evaluations: 3, averageScore: 65, fatal: 1, acknowledged: 1, disputed: 1 });
    const agent1 = figures.perAgent.find((a) => a.agentId === qa.ids.agent1);
    const agent2 = figures.perAgent.find((a) => a.agentId === qa.ids.agent2);
    expect(figures.perAgent).toHaveLength(2);
    expect(agent1).toEqual({ agentId: qa.ids.agent1, agentName: '张敏', evaluations: 2, averageScore: 47.5, lowestScore: 0, fatal: 1, disputed: 1 });
    expect(agent2).toEqual({ agentId: qa.ids.agent2, agentName: '李娜', evaluations: 1, averageScore: 100, lowestScore: 100, fatal: 0, disputed: 0 });
    const item = (id: string) => figures.perItem.find((i) => i.itemId === id)!;
    expect(item('accuracy')).toMatchObject({ scorecardId: 'call-quality', scored: 3 });
    expect(item('accuracy').averageShare).toBeCloseTo((0.75 + 1 + 1) / 3, 10);
    expect(item('hold')).toMatchObject({ scored: 3, averageShare: 1, failures: 0 });
    expect(item('data-leak')).toMatchObject({ scored: 3, failures: 1 });
    expect(item('data-leak').averageShare).toBeCloseTo(2 / 3, 10);
    expect(figures.perItem.map((i) => i.itemId).slice(0, 3)).toEqual(['greeting', 'identity', 'needs']);
    expect(figures.trend).toEqual([
      { period: '2025-06-02', evaluations: 2, averageScore: 47.5 },
      { period: '2025-06-03', evaluations: 1, averageScore: 100 },
    ]);

    const weekly = QaFiguresSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/figures?from=2025-06-01&to=2025-06-10', 'qa1')));
    expect(weekly.trend).toEqual([
      { period: '2025-05-26', evaluations: 0, averageScore: null },
      { period: '2025-06-02', evaluations: 3, averageScore: 65 },
      { period: '2025-06-09', evaluations: 0, averageScore: null },
    ]);
    const callbackOnly = QaFiguresSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/figures?from=2025-06-02&to=2025-06-03&departmentId=callback', 'admin')));
    expect(callbackOnly.totals.evaluations).toBe(0);
    errorOf(await qa.send('GET', '/api/v1/qa/figures?from=2025-06-02&to=2025-06-03', 'agent1'), 403);
  });
});
