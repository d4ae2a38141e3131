import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALL_LOG_EVENT_TYPES, CALL_LOG_STATUSES } from '../../../../../shared/api/call-logs';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import {
  eventDetailText,
  eventTypeText,
  headerSummary,
  statusText,
  syncText,
  uploadStateText,
} from '../../../../../renderer/src/features/call-log/call-log-text';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { initialUploadStatus } from '../../../../../renderer/src/store/call-log-slice';

describe('call log texts', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  beforeEach(async () => {
    await i18n.changeLanguage('en-US');
  });

  it('has words for every event type and status in every language', async () => {
    for (const language of LANGUAGES) {
      await i18n.changeLanguage(language);
      for (const type of CALL_LOG_EVENT_TYPES) expect(eventTypeText(i18n.t, type), `${language} ${type}`).not.toMatch(/^callLog\./);
      for (const status of CALL_LOG_STATUSES) expect(statusText(i18n.t, status), `${language} ${status}`).not.toMatch(/^callLog\./);
    }
  });

  it('summarises the uploads in the header, with the counts the agent acts on', () => {
    const upload = initialUploadStatus();
    expect(headerSummary(i18n.t, 'ready', upload, 'en-US')).toBe('Call logs: all uploaded');
    expect(headerSummary(i18n.t, 'ready', { ...upload, pending: 3 }, 'en-US')).toBe('Call logs: 3 waiting to upload');
    expect(headerSummary(i18n.t, 'ready', { ...upload, pending: 1200, rejected: 2 }, 'en-US')).toBe('Call logs: 1,200 waiting to upload, 2 rejected');
    expect(headerSummary(i18n.t, 'failed', upload, 'en-US')).toBe('Call logs: not saved on this PC');
  });

  it('names a rejection by its kind and keeps the hub’s own words out of the tag', () => {
    const rejection = { status: 400, code: 'invalid_record', message: 'wrapUp.dispositionCode: unknown code', field: 'wrapUp.dispositionCode', at: 0 };
    expect(syncText(i18n.t, { syncState: 'rejected', rejection })).toBe('Rejected: invalid record');
    expect(syncText(i18n.t, { syncState: 'rejected', rejection: { ...rejection, status: 409 } })).toBe("Rejected: conflicts with the hub's copy");
    expect(syncText(i18n.t, { syncState: 'pending', rejection: null })).toBe('Waiting to upload');
  });

  it('says when the next upload is tried and why the last one failed', () => {
    const nextAttemptAt = new Date(2026, 0, 5, 14, 3, 9).getTime();
    const state = uploadStateText(i18n.t, { ...initialUploadStatus(), state: 'waiting', nextAttemptAt, lastError: 'connect ECONNREFUSED', pending: 2 }, 'en-US');
    expect(state.text).toBe('The hub cannot be reached; next attempt at 14:03:09.');
    expect(state.detail).toBe('Last error: connect ECONNREFUSED');
  });

  it('adds the facts an event carries: who ended the call and why, the transfer target, the disposition', () => {
    const context = { dispositionCodes: [{ code: 'complaint', label: { 'zh-CN': '投诉已登记', 'en-US': 'Complaint registered' } }], language: 'en-US' as const };
    const at = '2026-01-05T06:00:00.000Z';
    expect(eventDetailText(i18n.t, { seq: 4, type: 'ended', at, detail: { by: 'remote', cause: 'BYE' } }, context)).toBe('The other side hung up');
    expect(eventDetailText(i18n.t, { seq: 4, type: 'ended', at, detail: { by: 'local', cause: '486 Busy Here' } }, context)).toBe('You hung up (486 Busy Here)');
    expect(eventDetailText(i18n.t, { seq: 2, type: 'transferred', at, detail: { kind: 'blind', target: '2001' } }, context)).toBe('to 2001');
    expect(eventDetailText(i18n.t, { seq: 5, type: 'disposition_set', at, detail: { code: 'complaint' } }, context)).toBe('Complaint registered');
    expect(eventDetailText(i18n.t, { seq: 1, type: 'answered', at }, context)).toBeNull();
  });
});
