import type { DispositionCode } from '../../../../shared/api/call-logs';
import type { PhoneConfig } from '../../../../shared/api/phone';
import type { FlowRunStatus } from '../../../../shared/flows/flow-run';

/*
 * When a call's wrap-up may end (issue 6, item 5): pure rules, so that Finish, the agent's Ready and
 * the automatic Ready at the end of the wrap-up time all refuse for the same reasons. They are
 * checked against what is saved on this PC, so they hold with the hub down.
 */

/** What a call still lacks before its wrap-up may end. */
export const WRAP_UP_GAPS = ['disposition', 'script'] as const;
export type WrapUpGap = (typeof WRAP_UP_GAPS)[number];

export type DispositionConfig = Pick<PhoneConfig, 'dispositionCodes' | 'queueDispositions'>;

/**
 * The disposition codes offered for a call, in menu order: its queue's list (by the IVR choice the
 * call came with), else every active code. A queue whose codes are all retired offers every code
 * rather than none, so the agent is never left with a required field and nothing to pick.
 */
export function dispositionOptions(config: DispositionConfig, ivrChoice: string | null): DispositionCode[] {
  const queue = ivrChoice === null ? undefined : config.queueDispositions.find((q) => q.ivrChoice === ivrChoice);
  if (!queue) return config.dispositionCodes;
  const byCode = new Map(config.dispositionCodes.map((d) => [d.code, d]));
  const offered = queue.codes.flatMap((code) => byCode.get(code) ?? []);
  return offered.length > 0 ? offered : config.dispositionCodes;
}

export interface WrapUpFacts {
  /** The phone config's `wrapUp.dispositionRequired`. */
  dispositionRequired: boolean;
  /** What the call is offered (dispositionOptions): with nothing to choose, nothing is required. */
  offered: readonly DispositionCode[];
  /** The disposition saved in the call's record (or about to be, with Finish). */
  dispositionCode: string | null;
  /** The call's script run as saved, null when it follows none. */
  scriptStatus: FlowRunStatus | null;
}

export function wrapUpGaps(facts: WrapUpFacts): WrapUpGap[] {
  const gaps: WrapUpGap[] = [];
  if (facts.dispositionRequired && facts.offered.length > 0 && !facts.dispositionCode) gaps.push('disposition');
  if (facts.scriptStatus === 'running') gaps.push('script');
  return gaps;
}
