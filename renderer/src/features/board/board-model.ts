import type { BoardAgent, BoardTotals } from '../../../../shared/api/board';
import type { ReasonCode } from '../../../../shared/api/phone';
import type { Language } from '../../../../shared/domain/i18n';
import type { AgentState } from '../../../../shared/telephony/agent-state';
import type { TAG_TEXT } from '../common/tag-style';
import { formatDuration } from '../phone/call-format';
import { rateText } from '../reports/callback-report-model';

/*
 * The board as the pane shows it: which rows, in which order, which of them ran over their
 * wrap-up, and today's totals as text. No React: the table and its tests read the same rules.
 */

/**
 * The order of the rows: those who need a look first (wrap-up, where overruns are), then those on a
 * call, then those free, then those away; within a state, the longest in it first.
 */
export const BOARD_STATE_ORDER = ['wrap_up', 'ringing', 'dialing', 'talking', 'held', 'ready', 'not_ready'] as const satisfies readonly AgentState[];

/** The tag of each state: a hue per family (free, away, ringing, on a call, held, wrap-up), with text dark enough to read on it. */
export const STATE_TAG: Record<AgentState, keyof typeof TAG_TEXT> = {
  ready: 'success',
  not_ready: 'default',
  ringing: 'gold',
  dialing: 'gold',
  talking: 'processing',
  held: 'warning',
  wrap_up: 'purple',
};

/** A state, or every agent in wrap-up past the center's limit. */
export type BoardStateFilter = AgentState | 'overrun';

export interface BoardFilter {
  state: BoardStateFilter | null;
  text: string;
}

export const NO_BOARD_FILTER: BoardFilter = { state: null, text: '' };

const at = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** How long since `iso` on the hub's clock; null when there is no such moment. */
export function elapsedMs(iso: string | null, hubNow: number): number | null {
  const from = at(iso);
  return from === null ? null : Math.max(0, hubNow - from);
}

export function elapsedText(iso: string | null, hubNow: number): string {
  const ms = elapsedMs(iso, hubNow);
  return ms === null ? '—' : formatDuration(ms);
}

/**
 * In wrap-up past the center's limit: as the hub saw it when it answered, or since then by the
 * clock (a wrap-up runs over without any event to say so).
 */
export function isOverrun(agent: BoardAgent, wrapUpSeconds: number | null, hubNow: number): boolean {
  if (agent.loggedOut || agent.state !== 'wrap_up') return false;
  if (agent.wrapUpOverrun) return true;
  const since = at(agent.since);
  return wrapUpSeconds !== null && since !== null && hubNow - since > wrapUpSeconds * 1000;
}

/** The next moment (hub's clock) a wrap-up on the board runs over; null when none will. */
export function nextOverrunAt(agents: readonly BoardAgent[], wrapUpSeconds: number | null, hubNow: number): number | null {
  if (wrapUpSeconds === null) return null;
  let next: number | null = null;
  for (const agent of agents) {
    if (agent.loggedOut || agent.state !== 'wrap_up' || agent.wrapUpOverrun) continue;
    const since = at(agent.since);
    if (since === null) continue;
    const deadline = since + wrapUpSeconds * 1000;
    if (deadline >= hubNow && (next === null || deadline < next)) next = deadline;
  }
  return next;
}

const stateRank = (state: AgentState | null): number => (state === null ? BOARD_STATE_ORDER.length : BOARD_STATE_ORDER.indexOf(state));

/** By state (BOARD_STATE_ORDER, never reported last), then the longest in it first, then by name. */
export function compareAgents(a: BoardAgent, b: BoardAgent): number {
  const byState = stateRank(a.state) - stateRank(b.state);
  if (byState !== 0) return byState;
  const since = (at(a.since) ?? Number.POSITIVE_INFINITY) - (at(b.since) ?? Number.POSITIVE_INFINITY);
  if (since !== 0 && !Number.isNaN(since)) return since;
  return a.displayName.localeCompare(b.displayName, 'zh-CN');
}

function matchesText(agent: BoardAgent, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return [agent.displayName, agent.username, agent.extension, agent.call?.number, agent.call?.customerName].some(
    (field) => typeof field === 'string' && field.toLowerCase().includes(needle),
  );
}

function matchesState(agent: BoardAgent, state: BoardStateFilter | null, wrapUpSeconds: number | null, hubNow: number): boolean {
  if (state === null) return true;
  if (state === 'overrun') return isOverrun(agent, wrapUpSeconds, hubNow);
  return !agent.loggedOut && agent.state === state;
}

export interface BoardRows {
  /** Signed in, in board order. */
  present: BoardAgent[];
  /** No live session: apart, after the others. */
  loggedOut: BoardAgent[];
}

/** The rows the filter lets through, signed-in agents apart from the others, each in board order. */
export function boardRows(agents: readonly BoardAgent[], filter: BoardFilter, wrapUpSeconds: number | null, hubNow: number): BoardRows {
  const shown = agents.filter((agent) => matchesState(agent, filter.state, wrapUpSeconds, hubNow) && matchesText(agent, filter.text)).sort(compareAgents);
  return { present: shown.filter((agent) => !agent.loggedOut), loggedOut: shown.filter((agent) => agent.loggedOut) };
}

/** A Not-ready reason in the UI's language; the code itself when the center no longer lists it. */
export function reasonText(reasonCodes: readonly ReasonCode[], code: string | null, language: Language): string | null {
  if (code === null) return null;
  return reasonCodes.find((reason) => reason.code === code)?.label[language] ?? code;
}

/** Today's totals in the order of the cards. */
export const TOTAL_FIGURES = [
  'callsIn',
  'callsOut',
  'answered',
  'avgHandleSeconds',
  'avgWrapUpSeconds',
  'openComplaints',
  'overdueComplaints',
  'callbacksDue',
  'satisfactionRate',
] as const satisfies readonly (keyof BoardTotals)[];
export type TotalFigure = (typeof TOTAL_FIGURES)[number];

/** A count as it is; a time as `mm:ss`; a rate as a percentage; a dash when there was nothing to average or divide. */
export function totalText(totals: BoardTotals, figure: TotalFigure): string {
  const value = totals[figure];
  if (figure === 'satisfactionRate') return rateText(value);
  if (figure === 'avgHandleSeconds' || figure === 'avgWrapUpSeconds') return value === null ? '—' : formatDuration(value * 1000);
  return String(value);
}

/** `hh:mm:ss` of an instant in the center's time zone (this PC's if the zone is unknown here). */
export function clockText(ms: number, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(ms);
  }
}
