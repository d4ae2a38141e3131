import {
  CallLogRecordSchema,
  type CallLogBatchResponse,
  type CallLogBatchResult,
  type CallLogRecord,
} from '../../../../shared/api/call-logs';
import { applyMerge, decideMerge, type StoredVersion } from '../../../../shared/call-logs/merge';

/** JSON with sorted keys: the same content always hashes the same, whatever order it was built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hub's side of a call-log upload, in memory: each record is checked with the contract's schema
 * (refused with 400 and the field, like the hub), then stored by the hub's own pure rule
 * (shared/call-logs/merge.ts), so the outcome of every record is what the real hub would answer.
 */
export function fakeCallLogHub(agentId = '0193a1b2-0000-7000-8000-0000000000aa') {
  const stored = new Map<string, StoredVersion & { record: CallLogRecord }>();

  function receive(records: readonly unknown[]): CallLogBatchResponse {
    const results = records.map((raw, index): CallLogBatchResult => {
      const parsed = CallLogRecordSchema.safeParse(raw);
      const rawId = (raw as { id?: unknown } | null)?.id;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          index,
          id: typeof rawId === 'string' ? rawId : null,
          outcome: 'rejected',
          error: { status: 400, code: 'validation', message: issue?.message ?? 'invalid', field: issue?.path.join('.') ?? '' },
        };
      }
      const record = parsed.data;
      const before = stored.get(record.id) ?? null;
      const incoming = { agentId, version: record.version, contentHash: canonical(record) };
      const decision = decideMerge(before, incoming);
      const after = applyMerge(before, incoming);
      if (after !== before && after !== null) stored.set(record.id, { ...after, record });
      switch (decision.kind) {
        case 'create':
          return { index, id: record.id, outcome: 'created', storedVersion: record.version };
        case 'update':
          return { index, id: record.id, outcome: 'updated', storedVersion: record.version };
        case 'unchanged':
          return { index, id: record.id, outcome: 'unchanged', storedVersion: record.version };
        case 'stale':
          return { index, id: record.id, outcome: 'stale', storedVersion: before!.version };
        case 'conflict':
          return { index, id: record.id, outcome: 'rejected', error: { status: 409, code: decision.reason, message: 'conflict' } };
      }
    });
    return { results };
  }

  return { receive, stored };
}
