import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMerge, decideMerge, newestPerId, type StoredVersion } from '../../../shared/call-logs/merge';

const OWNER = 'agent-a';
const OTHER = 'agent-b';
/** A console's version n of the call; its content is a function of the version, so duplicates are retries. */
const version = (agentId: string, n: number): StoredVersion => ({ agentId, version: n, contentHash: `${agentId}:${n}` });
const mergeAll = (arrivals: readonly StoredVersion[], start: StoredVersion | null = null) => arrivals.reduce(applyMerge, start);

const versionNumber = fc.integer({ min: 1, max: 40 });

describe('call-log merge', () => {
  it('creates when nothing is stored', () => {
    expect(decideMerge(null, version(OWNER, 3))).toEqual({ kind: 'create' });
  });

  it('updates to a higher version of the same agent', () => {
    expect(decideMerge(version(OWNER, 3), version(OWNER, 4))).toEqual({ kind: 'update' });
  });

  it('answers stale when a lower version arrives after a higher one', () => {
    expect(decideMerge(version(OWNER, 5), version(OWNER, 4))).toEqual({ kind: 'stale' });
    expect(applyMerge(version(OWNER, 5), version(OWNER, 4))).toEqual(version(OWNER, 5));
  });

  it('answers unchanged when the stored version arrives again with the same content', () => {
    expect(decideMerge(version(OWNER, 5), version(OWNER, 5))).toEqual({ kind: 'unchanged' });
  });

  it('refuses the stored version with other content as a conflict and keeps what is stored', () => {
    const reset = { ...version(OWNER, 5), contentHash: 'from a console whose database was reset' };

    expect(decideMerge(version(OWNER, 5), reset)).toEqual({ kind: 'conflict', reason: 'same_version_other_content' });
    expect(applyMerge(version(OWNER, 5), reset)).toEqual(version(OWNER, 5));
  });

  it("refuses any version of another agent's call, however high", () => {
    expect(decideMerge(version(OWNER, 2), version(OTHER, 99))).toEqual({ kind: 'conflict', reason: 'other_agent' });
  });

  it('ends at the highest version whatever order the versions arrive in and however often', () => {
    fc.assert(
      fc.property(fc.array(versionNumber, { minLength: 1, maxLength: 30 }), (numbers) => {
        expect(mergeAll(numbers.map((n) => version(OWNER, n)))).toEqual(version(OWNER, Math.max(...numbers)));
      }),
    );
  });

  it('ends at the same version for every interleaving of two consoles retrying the same versions', () => {
    fc.assert(
      fc.property(
        fc.array(versionNumber, { minLength: 1, maxLength: 15 }),
        fc.array(versionNumber, { minLength: 1, maxLength: 15 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        (first, second, turns) => {
          const a = [...first];
          const b = [...second];
          const arrivals: number[] = [];
          for (const fromA of turns) {
            const next = (fromA ? a : b).shift() ?? (fromA ? b : a).shift();
            if (next !== undefined) arrivals.push(next);
          }
          arrivals.push(...a, ...b);

          expect(mergeAll(arrivals.map((n) => version(OWNER, n)))).toEqual(version(OWNER, Math.max(...first, ...second)));
        },
      ),
    );
  });

  it("never lets another agent change a stored call, whatever it sends and whenever", () => {
    const arrival = fc.record({ agentId: fc.constantFrom(OWNER, OTHER), n: versionNumber });
    fc.assert(
      fc.property(versionNumber, fc.array(arrival, { maxLength: 30 }), (first, rest) => {
        const arrivals = [version(OWNER, first), ...rest.map(({ agentId, n }) => version(agentId, n))];

        const owned = [first, ...rest.filter((r) => r.agentId === OWNER).map((r) => r.n)];
        expect(mergeAll(arrivals)).toEqual(version(OWNER, Math.max(...owned)));
        for (const later of rest.filter((r) => r.agentId === OTHER)) {
          expect(decideMerge(mergeAll(arrivals), version(OTHER, later.n)).kind).toBe('conflict');
        }
      }),
    );
  });

  it('answers only stale, unchanged or conflict once the highest version is stored', () => {
    fc.assert(
      fc.property(fc.array(versionNumber, { minLength: 1, maxLength: 20 }), fc.constantFrom(OWNER, OTHER), (numbers, agentId) => {
        const stored = version(OWNER, Math.max(...numbers));
        for (const n of numbers) expect(['stale', 'unchanged', 'conflict']).toContain(decideMerge(stored, version(agentId, n)).kind);
      }),
    );
  });
});

describe('newestPerId', () => {
  const ids = fc.constantFrom('a', 'b', 'c');

  it('keeps, for each id, the first of its highest versions', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: ids, version: versionNumber }), { maxLength: 30 }), (records) => {
        const keep = newestPerId(records);

        expect([...keep.keys()].sort()).toEqual([...new Set(records.map((r) => r.id))].sort());
        for (const [id, index] of keep) {
          const highest = Math.max(...records.filter((r) => r.id === id).map((r) => r.version));
          expect(index).toBe(records.findIndex((r) => r.id === id && r.version === highest));
        }
      }),
    );
  });

  it('ends where merging every record would when only the kept ones are merged', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: ids, version: versionNumber }), { maxLength: 30 }), (records) => {
        const keep = newestPerId(records);
        for (const id of keep.keys()) {
          const all = records.filter((r) => r.id === id).map((r) => version(OWNER, r.version));
          const kept = records[keep.get(id)!]!;

          expect(applyMerge(null, version(OWNER, kept.version))).toEqual(mergeAll(all));
        }
      }),
    );
  });
});
