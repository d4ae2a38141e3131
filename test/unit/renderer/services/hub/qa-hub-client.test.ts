import { describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';
import { evaluation, ids, levels, recording, reviewDetail, scorecard } from '../../features/qa/qa-fixtures';

/* The hub client's recording and quality assessment routes: what it asks, how it reads the answers and the refusals. */

const client = (fetchImpl: typeof fetch) => createHubClient({ baseUrl: 'http://hub.test', fetch: fetchImpl });

describe('hub client: recordings', () => {
  it('reads a recording and its levels when the hub answers with the shared shapes', async () => {
    const hub = fakeFetch({ status: 200, body: recording }, { status: 200, body: levels });
    const api = client(hub.fetch);
    expect(await api.getRecording('tok', ids.call)).toEqual(recording);
    expect((await api.recordingLevels('tok', ids.call)).agent).toHaveLength(3000);
    expect(hub.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      `GET http://hub.test/api/v1/recordings/${ids.call} Bearer tok`,
      `GET http://hub.test/api/v1/recordings/${ids.call}/levels Bearer tok`,
    ]);
  });

  it('asks for a replay ticket with its purpose when the player opens', async () => {
    const hub = fakeFetch({ status: 201, body: { url: `/api/v1/recordings/${ids.call}/audio?ticket=abc`, expiresAt: '2026-03-04T03:00:00.000Z' } });
    const ticket = await client(hub.fetch).replayRecording('tok', ids.call, 'review');
    expect(ticket.url).toBe(`/api/v1/recordings/${ids.call}/audio?ticket=abc`);
    expect(hub.requests[0]).toMatchObject({ method: 'POST', url: `http://hub.test/api/v1/recordings/${ids.call}/replays`, body: '{"purpose":"review"}' });
  });

  it('raises recording_not_ready with the hub message when the recording still uploads', async () => {
    const hub = fakeFetch({ status: 409, body: { error: 'recording_not_ready', message: 'still uploading' } });
    const failure = await client(hub.fetch).replayRecording('tok', ids.call, 'own_call').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HubError);
    expect(failure).toMatchObject({ status: 409, code: 'recording_not_ready', message: 'still uploading' });
  });

  it('raises bad_response when the recording answer misses a field', async () => {
    const { measures: _gone, ...broken } = recording;
    const hub = fakeFetch({ status: 200, body: broken });
    await expect(client(hub.fetch).getRecording('tok', ids.call)).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('hub client: quality assessment', () => {
  it('lists reviews with scope and status in the query when a filter is chosen', async () => {
    const hub = fakeFetch({ status: 200, body: { reviews: [reviewDetail().review] } });
    const list = await client(hub.fetch).listReviews('tok', { scope: 'all', status: 'open' });
    expect(list.reviews).toHaveLength(1);
    expect(hub.requests[0]!.url).toBe('http://hub.test/api/v1/qa/reviews?scope=all&status=open');
  });

  it('asks for the retired scorecards too when include=all, and reads which card is in use', async () => {
    const hub = fakeFetch({ status: 200, body: { scorecards: [scorecard], inUse: { id: scorecard.id, version: scorecard.version } } });
    const list = await client(hub.fetch).qaScorecards('tok', { include: 'all' });
    expect(list.inUse).toEqual({ id: scorecard.id, version: scorecard.version });
    expect(hub.requests[0]!.url).toBe('http://hub.test/api/v1/qa/scorecards?include=all');
  });

  it('retires a scorecard by PUT of {active: false} and reads the card back', async () => {
    const hub = fakeFetch({ status: 200, body: { ...scorecard, active: false } });
    const card = await client(hub.fetch).setScorecardActive('tok', scorecard.id, false);
    expect(card.active).toBe(false);
    expect(hub.requests[0]).toMatchObject({ method: 'PUT', url: `http://hub.test/api/v1/qa/scorecards/${scorecard.id}/active`, body: '{"active":false}' });
  });

  it('reads a review with its call, scorecard and evaluation when opened', async () => {
    const hub = fakeFetch({ status: 200, body: reviewDetail({ evaluation: evaluation({ status: 'draft', submittedAt: null }) }) });
    const detail = await client(hub.fetch).getReview('tok', ids.review);
    expect(detail.scorecard.id).toBe(scorecard.id);
    expect(detail.call.events.length).toBeGreaterThan(0);
    expect(detail.evaluation?.status).toBe('draft');
  });

  it('saves an evaluation by PUT with the version read when the assessor saves', async () => {
    const saved = evaluation({ status: 'draft', submittedAt: null, version: 1 });
    const hub = fakeFetch({ status: 200, body: saved });
    const body = { scores: [{ itemId: 'greeting', value: 5 }], comments: [], summary: '好', submit: false, expectedVersion: 0 };
    expect(await client(hub.fetch).saveEvaluation('tok', ids.review, body)).toEqual(saved);
    expect(hub.requests[0]).toMatchObject({ method: 'PUT', url: `http://hub.test/api/v1/qa/reviews/${ids.review}/evaluation` });
    expect(JSON.parse(hub.requests[0]!.body!)).toEqual(body);
  });

  it.each(['stale_version', 'read_only'] as const)('raises a HubError with code %s when the hub answers 409 to a save', async (code) => {
    const hub = fakeFetch({ status: 409, body: { error: code, message: 'refused' } });
    const body = { scores: [], comments: [], summary: '', submit: true, expectedVersion: 2 };
    await expect(client(hub.fetch).saveEvaluation('tok', ids.review, body)).rejects.toMatchObject({ name: 'HubError', status: 409, code });
  });

  it('refuses a dispute without a reason before asking the hub', async () => {
    const hub = fakeFetch();
    const failure = await client(hub.fetch)
      .respondToEvaluation('tok', ids.evaluation, { status: 'disputed', note: '   ' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'validation', field: 'note' });
    expect(hub.requests).toHaveLength(0);
  });

  it('sends an acknowledgement and reads the evaluation back when the agent acknowledges', async () => {
    const answered = evaluation({ agentResponse: { status: 'acknowledged', at: '2026-03-05T01:00:00.000Z', note: '' } });
    const hub = fakeFetch({ status: 200, body: answered });
    const result = await client(hub.fetch).respondToEvaluation('tok', ids.evaluation, { status: 'acknowledged', note: '' });
    expect(result.agentResponse.status).toBe('acknowledged');
    expect(hub.requests[0]).toMatchObject({ method: 'POST', url: `http://hub.test/api/v1/qa/evaluations/${ids.evaluation}/response` });
  });

  it('refuses a correction without a reason before asking the hub', async () => {
    const hub = fakeFetch();
    await expect(client(hub.fetch).correctEvaluation('tok', ids.evaluation, { reason: '', scores: [{ itemId: 'greeting', value: 3 }], expectedVersion: 3 })).rejects.toMatchObject({
      code: 'validation',
      field: 'reason',
    });
    expect(hub.requests).toHaveLength(0);
  });

  it('asks for the figures with the period, bucket and department when the report is counted', async () => {
    const figures = { from: '2026-03-01', to: '2026-03-31', totals: { evaluations: 0, averageScore: null, fatal: 0, acknowledged: 0, disputed: 0 }, perAgent: [], perItem: [], trend: [] };
    const hub = fakeFetch({ status: 200, body: figures });
    expect(await client(hub.fetch).qaFigures('tok', { from: '2026-03-01', to: '2026-03-31', bucket: 'week', departmentId: 'acceptance' })).toEqual(figures);
    expect(hub.requests[0]!.url).toBe('http://hub.test/api/v1/qa/figures?from=2026-03-01&to=2026-03-31&bucket=week&departmentId=acceptance');
  });

  it('refuses a calibration with one assessor before asking the hub', async () => {
    const hub = fakeFetch();
    await expect(client(hub.fetch).createCalibration('tok', { callId: ids.call, assessorIds: [ids.assessor] })).rejects.toMatchObject({ code: 'validation' });
    expect(hub.requests).toHaveLength(0);
  });
});
