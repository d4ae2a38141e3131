import { describe, expect, it } from 'vitest';
import type { CallbackWorkItem } from '../../../../../shared/api/callbacks';
import { createHubClient } from '../../../../../renderer/src/services/hub';
import { fakeFetch } from '../../support/fake-fetch';

/* The hub client's survey request: what a script's `record_survey` sends, and the task it gets back. */

const client = (fetch: typeof globalThis.fetch) => createHubClient({ baseUrl: 'http://hub.test', fetch });
const taskId = '0193a1b2-0000-7000-9000-000000000001';
const surveyId = '0193a1b2-0000-7000-9000-0000000000aa';
const callId = '0193a1b2-0000-7000-9000-0000000000cc';

const ended: CallbackWorkItem = {
  id: taskId,
  type: 'after_sales',
  source: 'rule',
  status: 'done',
  endReason: 'surveyed',
  priority: 'normal',
  dueAt: '2026-11-24T02:00:00.000Z',
  overdue: false,
  assignee: 'callback1',
  assigneeName: '回访专员',
  claimedAt: '2026-11-24T01:00:00.000Z',
  customerId: null,
  customerName: null,
  phone: '+8613800138000',
  ticketId: null,
  ticketNo: null,
  ticketTitle: null,
  ticketStatus: null,
  callId: null,
  note: '',
  flow: null,
  attempts: [],
  failedAttempts: 0,
  maxAttempts: 3,
  survey: { score: 2, satisfied: false, reasons: '师傅迟到', callId, at: '2026-11-24T02:05:00.000Z', by: 'callback1' },
  createdAt: '2026-11-23T02:00:00.000Z',
  createdBy: 'system',
  endedAt: '2026-11-24T02:05:00.000Z',
  version: 3,
};

describe('the survey hub client', () => {
  it('posts the survey to the task it is recorded on and gives back the task as the hub now has it', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: ended });
    const body = { id: surveyId, callId, score: 2, satisfied: false, reasons: '师傅迟到', flow: { flowId: 'callback.after-sales', flowVersion: 1 } };
    expect(await client(fetch).recordCallbackSurvey('tok', taskId, body)).toEqual(ended);
    expect(requests[0]).toMatchObject({ method: 'POST', url: `http://hub.test/api/v1/callbacks/${taskId}/survey` });
    expect(JSON.parse(requests[0]!.body!)).toEqual(body);
  });

  it('refuses to send a score outside 1 to 5', async () => {
    const { fetch, requests } = fakeFetch({ status: 200, body: ended });
    const refused = await client(fetch)
      .recordCallbackSurvey('tok', taskId, { id: surveyId, score: 6, satisfied: true })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'validation', field: 'score' });
    expect(requests).toHaveLength(0);
  });
});
