import { describe, expect, it } from 'vitest';
import { mayHaveReachedHub, requestFor } from '../../../../../renderer/src/services/cases/action-request';

const ids = () => {
  let n = 0;
  return () => `id-${(n += 1)}`;
};

describe('requestFor', () => {
  it('makes a new id for a first submission', () => {
    const { request, sent } = requestFor(null, 3, { type: 'accept', note: '' }, ids());
    expect(request).toEqual({ id: 'id-1', expectedVersion: 3, action: { type: 'accept', note: '' } });
    expect(sent.id).toBe('id-1');
  });

  it('sends the same id again when the same request is retried', () => {
    const newId = ids();
    const first = requestFor(null, 3, { type: 'query', note: '数据有误' }, newId);
    const retry = requestFor(first.sent, 3, { type: 'query', note: '数据有误' }, newId);
    expect(retry.request.id).toBe(first.request.id);
  });

  it('makes a new id when the form changed or the case has a new version', () => {
    const newId = ids();
    const first = requestFor(null, 3, { type: 'query', note: '数据有误' }, newId);
    expect(requestFor(first.sent, 3, { type: 'query', note: '数据有误，需复核' }, newId).request.id).not.toBe(first.request.id);
    expect(requestFor(first.sent, 4, { type: 'query', note: '数据有误' }, newId).request.id).not.toBe(first.request.id);
  });
});

describe('mayHaveReachedHub', () => {
  it('keeps the id for failures after which the hub may have done it', () => {
    expect(['network', 'timeout', 'aborted', 'internal', 'bad_response'].every((code) => mayHaveReachedHub(code as never))).toBe(true);
  });

  it('spends the id on a refusal, which stored nothing', () => {
    expect(['stale_version', 'illegal_transition', 'forbidden', 'authority_exceeded', 'validation', 'conflict'].some((code) => mayHaveReachedHub(code as never))).toBe(false);
  });
});
