import { RISK_KINDS, SAMPLE_REASONS, type RiskRule, type SampleReason, type SamplingRules } from '../api/qa';

/*
 * Which recorded calls of a period go to the review queue (DOMAIN.md §1: the quality control room
 * samples recordings at random, and more of the risky ones). Deterministic for a seed: a run can be
 * explained and repeated afterwards. Each agent draws from a generator of its own (seed + agent),
 * so adding an agent's calls to a period never changes what another agent's draw picked.
 */

export interface SamplingCandidate {
  callId: string;
  agentId: string;
  talkSeconds: number;
  holdSeconds: number;
  /** The customer's survey verdict on the call, if one was taken. */
  satisfaction: { score: number | null; satisfied: boolean } | null;
  /** A complaint case is linked to the call. */
  complaint: boolean;
}

export interface SamplingPick {
  callId: string;
  agentId: string;
  /** Every rule that took the call, in SAMPLE_REASONS order; `random` only for calls no rule took. */
  reasons: SampleReason[];
}

/** Whether a call is one a risk rule looks for (thresholds inclusive). */
export function matchesRisk(rule: Pick<RiskRule, 'kind' | 'threshold'>, call: SamplingCandidate): boolean {
  switch (rule.kind) {
    case 'low_satisfaction':
      return call.satisfaction !== null && (!call.satisfaction.satisfied || (call.satisfaction.score !== null && call.satisfaction.score <= rule.threshold));
    case 'complaint':
      return call.complaint;
    case 'short_call':
      return call.talkSeconds <= rule.threshold;
    case 'long_call':
      return call.talkSeconds >= rule.threshold;
    case 'long_hold':
      return call.holdSeconds >= rule.threshold;
  }
}

/** cyrb53 (public domain): a 53-bit string hash, enough to seed the generator below. */
function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** mulberry32: a tiny generator with the same sequence on every engine. */
export function seededRandom(seed: string): () => number {
  let state = hashString(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` of `items` at random (a partial Fisher–Yates shuffle); all of them when there are no more. */
function draw<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (items.length <= count) return [...items];
  const pool = [...items];
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

const byCallId = (a: { callId: string }, b: { callId: string }): number => (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0);

/**
 * The calls to review: per agent, each enabled risk rule takes its matching calls (at most
 * `perAgent`, drawn at random when there are more; 0 = all), then `randomPerAgent` calls are drawn
 * among the agent's calls no rule took. Picks come ordered by agent, then call id; the order of
 * `candidates` does not matter.
 */
export function sampleCalls(candidates: readonly SamplingCandidate[], rules: SamplingRules, seed: string): SamplingPick[] {
  const ruleOf = new Map(rules.risk.filter((rule) => rule.enabled).map((rule) => [rule.kind, rule]));
  // Rules in a fixed order, whatever order the settings list them in, so the draw depends on the rules only.
  const enabled = RISK_KINDS.map((kind) => ruleOf.get(kind)).filter((rule): rule is RiskRule => rule !== undefined);
  const perAgent = new Map<string, SamplingCandidate[]>();
  const unique = new Map(candidates.map((call) => [call.callId, call]));
  for (const call of [...unique.values()].sort(byCallId)) {
    const list = perAgent.get(call.agentId) ?? [];
    list.push(call);
    perAgent.set(call.agentId, list);
  }

  const picks: SamplingPick[] = [];
  for (const agentId of [...perAgent.keys()].sort()) {
    const calls = perAgent.get(agentId)!;
    const random = seededRandom(`${seed}\u0000${agentId}`);
    const reasons = new Map<string, Set<SampleReason>>();
    const take = (call: SamplingCandidate, reason: SampleReason) => {
      const set = reasons.get(call.callId) ?? new Set<SampleReason>();
      set.add(reason);
      reasons.set(call.callId, set);
    };
    for (const rule of enabled) {
      const matching = calls.filter((call) => matchesRisk(rule, call));
      const taken = rule.perAgent === 0 ? matching : draw(matching, rule.perAgent, random);
      for (const call of taken) take(call, rule.kind);
    }
    const rest = calls.filter((call) => !reasons.has(call.callId));
    for (const call of draw(rest, rules.randomPerAgent, random)) take(call, 'random');
    for (const call of calls) {
      const set = reasons.get(call.callId);
      if (set !== undefined) picks.push({ callId: call.callId, agentId, reasons: SAMPLE_REASONS.filter((reason) => set.has(reason)) });
    }
  }
  return picks;
}
