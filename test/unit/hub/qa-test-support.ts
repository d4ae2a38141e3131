import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { CallLogRecord } from '../../../shared/api/call-logs';
import { ApiErrorSchema, type ApiError } from '../../../shared/api/errors';
import { callLogRecord } from '../../support/call-log-records';
import { bearer, startTestHub, type TestHub } from '../../support/hub-app';
import type { Backend } from '../../support/hub-db';

/** The people of the QA suites, signed in once. */
export const PEOPLE = ['agent1', 'agent2', 'callback1', 'qa1', 'qa2', 'supervisor1', 'manager1', 'admin', 'field1'] as const;
export type Person = (typeof PEOPLE)[number];

export interface CallPlan {
  /** Minutes after 10:00 Shanghai on `date`. */
  minute?: number;
  date?: string;
  talk?: number;
  hold?: number;
  answered?: boolean;
  survey?: { score: number | null; satisfied: boolean };
  ticketIds?: string[];
  /** The recording's state; null for none. */
  recording?: 'ready' | 'uploading' | 'unreadable' | null;
}

export interface QaHub {
  hub: TestHub;
  ids: Record<Person, string>;
  send(method: 'GET' | 'POST' | 'PUT', url: string, as: Person, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Uploads the call as its agent and stores its recording's row; answers the call's id. */
  addCall(agent: 'agent1' | 'agent2' | 'callback1', plan?: CallPlan): Promise<string>;
  close(): Promise<void>;
}

export async function startQaHub(backend: Backend): Promise<QaHub> {
  const hub = await startTestHub(backend, { customers: 0 });
  // The demo's reviews (seed/demo-qa.ts) would join every queue and list these suites read.
  await hub.db.query('delete from qa_evaluations');
  await hub.db.query('delete from qa_reviews');
  const tokens = {} as Record<Person, string>;
  for (const person of PEOPLE) tokens[person] = await hub.login(person);
  const { rows } = await hub.db.query<{ id: string; username: string }>('select id, username from users where username = any($1::text[])', [[...PEOPLE]]);
  const ids = Object.fromEntries(rows.map((row) => [row.username, row.id])) as Record<Person, string>;
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, as: Person, payload?: unknown) =>
    hub.app.inject({ method, url, headers: bearer(tokens[as]), ...(payload === undefined ? {} : { payload: payload as object }) });

  let counter = 0;
  const addCall = async (agent: 'agent1' | 'agent2' | 'callback1', plan: CallPlan = {}) => {
    counter += 1;
    const { minute = counter, date = '2025-06-02', talk = 200, hold = 0, answered = true, recording = 'ready' } = plan;
    const start = Date.parse(`${date}T10:00:00+08:00`) + minute * 60_000;
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    const record: CallLogRecord = callLogRecord({
      startedAt: at(0),
      answeredAt: answered ? at(5) : null,
      endedAt: answered ? at(5 + talk + hold) : at(30),
      holdSeconds: hold,
      events: [],
      ticketIds: plan.ticketIds ?? [],
      wrapUp: { dispositionCode: null, notes: '', doneAt: null },
      status: 'ended',
      callback: plan.survey === undefined ? null : { taskId: randomUUID(), type: 'after_sales', survey: { ...plan.survey, reasons: '' } },
    });
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/call-logs/batch', headers: bearer(tokens[agent]), payload: { records: [record] } });
    expect(response.json<{ results: { outcome: string }[] }>().results[0]?.outcome, response.body).toBe('created');
    if (recording !== null) {
      await hub.db.query(
        `insert into recordings (call_id, agent_id, status, media_type, length, received_bytes, bytes, created_at, completed_at)
         values ($1, $2, $3, 'audio/webm', 1000, 1000, 1000, $4, $5)`,
        [record.id, ids[agent], recording, at(0), recording === 'uploading' ? null : at(600)],
      );
    }
    return record.id;
  };
  return { hub, ids, send, addCall, close: () => hub.close() };
}

export function errorOf(response: LightMyRequestResponse, status: number): ApiError {
  expect(response.statusCode, response.body).toBe(status);
  return ApiErrorSchema.parse(response.json());
}

export function okJson<T>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

/** Every item of the starter scorecard (0010-qa.ts) at full marks, fatal ones passed; patch some. */
export function fullScores(patch: Record<string, number | null> = {}): { itemId: string; value: number | null }[] {
  const full: Record<string, number> = {
    greeting: 10, identity: 10, needs: 10, accuracy: 20, procedure: 10, hold: 5,
    courtesy: 10, patience: 10, empathy: 5, recap: 5, farewell: 5, 'data-leak': 1, abuse: 1,
  };
  return Object.entries(full).map(([itemId, value]) => ({ itemId, value: itemId in patch ? patch[itemId]! : value }));
}
