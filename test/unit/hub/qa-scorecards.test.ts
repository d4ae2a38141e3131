import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReviewDetailSchema, ReviewListSchema, SamplingRunSchema, ScorecardListSchema, type ScorecardList } from '../../../shared/api/qa';
import { ScorecardDefinitionSchema, ScorecardSchema, type ScorecardDefinition } from '../../../shared/qa/scorecard';
import { describeEachBackend } from '../../support/hub-db';
import { lockWaiters, waitUntil } from '../../support/pg-locks';
import { errorOf, okJson, startQaHub, type Person, type QaHub } from './qa-test-support';

const CALLBACK_CARD: ScorecardDefinition = ScorecardDefinitionSchema.parse({
  name: { 'zh-CN': '回访评分表', 'en-US': 'Callback scorecard' },
  sections: [
    {
      id: 'callback',
      label: { 'zh-CN': '回访', 'en-US': 'Callback' },
      items: [
        { id: 'verify', label: { 'zh-CN': '核实身份', 'en-US': 'Verifies identity' }, weight: 40, fatal: false },
        { id: 'survey', label: { 'zh-CN': '满意度调查', 'en-US': 'Runs the survey' }, weight: 60, fatal: false },
      ],
    },
  ],
});

describeEachBackend('QA scorecards: retiring and activating', (backend) => {
  let qa: QaHub;

  beforeAll(async () => {
    qa = await startQaHub(backend);
    // The migration stamps the starter card with the database's now(); this suite's hub runs on a
    // fake clock in March 2026, so the starter is dated before it for "activated or edited last".
    await qa.hub.db.query(`update qa_scorecards set updated_at = '2026-01-05T00:00:00Z'`);
  });
  afterAll(() => qa.close());

  const list = async (include?: 'all', as: Person = 'qa1'): Promise<ScorecardList> =>
    ScorecardListSchema.parse(okJson(await qa.send('GET', `/api/v1/qa/scorecards${include ? `?include=${include}` : ''}`, as)));
  const setActive = (id: string, active: boolean, as: Person = 'admin') => qa.send('PUT', `/api/v1/qa/scorecards/${id}/active`, as, { active });
  const summary = (cards: ScorecardList) => ({ cards: cards.scorecards.map((c) => [c.id, c.version, c.active]), inUse: cards.inUse });
  const later = () => qa.hub.clock.advance(60_000);

  it('names the card new reviews are scored on: the starter, until an admin adds another, which is then used', async () => {
    expect(summary(await list())).toEqual({ cards: [['call-quality', 1, true]], inUse: { id: 'call-quality', version: 1 } });

    later();
    okJson(await qa.send('PUT', '/api/v1/qa/scorecards/callback-quality', 'admin', CALLBACK_CARD));

    expect(summary(await list())).toEqual({
      cards: [
        ['call-quality', 1, true],
        ['callback-quality', 1, true],
      ],
      inUse: { id: 'callback-quality', version: 1 },
    });
  });

  it('lets only admins retire or activate a card, and answers 404 for an unknown one', async () => {
    for (const who of ['manager1', 'supervisor1', 'qa1', 'agent1'] as const) errorOf(await setActive('call-quality', false, who), 403);
    errorOf(await setActive('no-such-card', false), 404);
    expect(errorOf(await qa.send('PUT', '/api/v1/qa/scorecards/call-quality/active', 'admin', { active: 'no' }), 400).field).toBe('active');

    expect(summary(await list('all')).cards).toEqual([
      ['call-quality', 1, true],
      ['callback-quality', 1, true],
    ]);
  });

  it('takes a retired card out of the active list and of new reviews, keeps it listed with include=all and its versions readable', async () => {
    later();
    const retired = ScorecardSchema.parse(okJson(await setActive('callback-quality', false)));

    expect([retired.id, retired.version, retired.active]).toEqual(['callback-quality', 1, false]);
    expect(summary(await list())).toEqual({ cards: [['call-quality', 1, true]], inUse: { id: 'call-quality', version: 1 } });
    expect(summary(await list('all', 'agent1')).cards).toEqual([
      ['call-quality', 1, true],
      ['callback-quality', 1, false],
    ]);
    expect(ScorecardSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/scorecards/callback-quality/versions/1', 'qa1'))).definition.name['zh-CN']).toBe('回访评分表');

    // Sampling now scores on the card still in use.
    const callId = await qa.addCall('agent1', { date: '2025-07-01', talk: 10 });
    const run = SamplingRunSchema.parse(
      okJson(await qa.send('POST', '/api/v1/qa/sampling-runs', 'supervisor1', { from: '2025-07-01', to: '2025-07-01', assessorIds: [qa.ids.qa1] }), 201),
    );
    expect(run.picked).toBe(1);
    const { reviews } = ReviewListSchema.parse(okJson(await qa.send('GET', '/api/v1/qa/reviews?scope=mine', 'qa1')));
    const review = reviews.find((r) => r.callId === callId)!;
    const { scorecard } = ReviewDetailSchema.parse(okJson(await qa.send('GET', `/api/v1/qa/reviews/${review.id}`, 'qa1')));
    expect([scorecard.id, scorecard.version]).toEqual(['call-quality', 1]);
  });

  it('refuses to retire the last active card, which stays active and in use', async () => {
    const error = errorOf(await setActive('call-quality', false), 409);

    expect(error.error).toBe('conflict');
    expect(error.message).toContain('only active scorecard');
    expect(summary(await list())).toEqual({ cards: [['call-quality', 1, true]], inUse: { id: 'call-quality', version: 1 } });
  });

  it('makes an activated card the one in use, so the other can then be retired', async () => {
    later();
    ScorecardSchema.parse(okJson(await setActive('callback-quality', true)));
    expect((await list()).inUse).toEqual({ id: 'callback-quality', version: 1 });

    later();
    okJson(await setActive('call-quality', false));
    expect(summary(await list())).toEqual({ cards: [['callback-quality', 1, true]], inUse: { id: 'callback-quality', version: 1 } });

    // Activating the one already in use, or retiring one already retired, changes nothing else.
    okJson(await setActive('callback-quality', true));
    okJson(await setActive('call-quality', false));
    expect(summary(await list('all')).cards).toEqual([
      ['call-quality', 1, false],
      ['callback-quality', 1, true],
    ]);
  });

  // Both read "another card is still active" before either writes, unless the activation lock makes
  // the second wait for the first: a table lock held elsewhere holds both before their update.
  it.runIf(backend === 'postgres')('lets exactly one of two admins retiring the last two active cards at once succeed', async () => {
    later();
    okJson(await setActive('call-quality', true));
    const other = await qa.hub.database.connectAgain();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockedYet = new Promise<void>((resolve) => (locked = resolve));
    const holding = other.transaction(async (tx) => {
      await tx.query('lock table qa_scorecards in exclusive mode');
      locked();
      await released;
    });
    await lockedYet;

    let answers;
    try {
      const racing = Promise.all([setActive('call-quality', false), setActive('callback-quality', false)]);
      await waitUntil(async () => (await lockWaiters(qa.hub.db)) === 2);
      release();
      answers = await racing;
    } finally {
      release();
      await holding;
    }

    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const { scorecards, inUse } = await list();
    expect(scorecards).toHaveLength(1);
    expect(inUse?.id).toBe(scorecards[0]!.id);
  });
});
