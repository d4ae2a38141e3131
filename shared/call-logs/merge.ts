/**
 * The hub's rule for an incoming version of a call log, given what it stores. Pure, so that the rule
 * itself is property-tested (any interleaving of versions ends at the newest) and the hub's SQL only
 * has to carry it out.
 *
 * A record belongs to the agent who first uploaded it: an id that arrives from someone else is
 * refused, never merged (ids are client-made, so a clash is a bug or a forgery, and either way the
 * stored call must not change hands). Within one agent, the higher version wins; the same version
 * with the same content is a retry, with other content a conflict (a console whose database was
 * reset, say) that is refused rather than guessed at.
 */
export interface StoredVersion {
  agentId: string;
  version: number;
  contentHash: string;
}

export interface IncomingVersion {
  agentId: string;
  version: number;
  contentHash: string;
}

export type MergeDecision =
  | { kind: 'create' }
  | { kind: 'update' }
  | { kind: 'unchanged' }
  | { kind: 'stale' }
  | { kind: 'conflict'; reason: 'other_agent' | 'same_version_other_content' };

export function decideMerge(stored: StoredVersion | null, incoming: IncomingVersion): MergeDecision {
  if (stored === null) return { kind: 'create' };
  if (stored.agentId !== incoming.agentId) return { kind: 'conflict', reason: 'other_agent' };
  if (incoming.version > stored.version) return { kind: 'update' };
  if (incoming.version < stored.version) return { kind: 'stale' };
  return stored.contentHash === incoming.contentHash ? { kind: 'unchanged' } : { kind: 'conflict', reason: 'same_version_other_content' };
}

/** What the hub stores after the decision: the incoming version for create/update, else what it had. */
export function applyMerge(stored: StoredVersion | null, incoming: IncomingVersion): StoredVersion | null {
  const decision = decideMerge(stored, incoming);
  return decision.kind === 'create' || decision.kind === 'update' ? { ...incoming } : stored;
}

/**
 * Several versions of one record in one batch: only the newest needs to reach the store, the others
 * are answered as stale. Returns the index of the one to keep for each id.
 */
export function newestPerId<T extends { id: string; version: number }>(records: readonly T[]): Map<string, number> {
  const keep = new Map<string, number>();
  records.forEach((record, index) => {
    const current = keep.get(record.id);
    if (current === undefined || records[current]!.version < record.version) keep.set(record.id, index);
  });
  return keep;
}
