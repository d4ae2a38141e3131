import { BoardSchema, CallReportSchema, type Board, type BoardAgent, type CallFiguresRow, type CallReport } from '../../../../shared/api/board';
import type { AgentStateChangedEvent } from '../../../../shared/api/events';

/*
 * A board and a call report as the hub could answer them (parsed with the contract), and the
 * pushed change of one agent's state. The moments are around 10:00 in Shanghai on 15 March 2026.
 */

export const AS_OF = '2026-03-15T02:00:00.000Z';
export const AS_OF_MS = Date.parse(AS_OF);

export const userIds = {
  zhang: '0193a1b2-0000-7000-8000-0000000000a1',
  li: '0193a1b2-0000-7000-8000-0000000000a2',
  wang: '0193a1b2-0000-7000-8000-0000000000a3',
  zhao: '0193a1b2-0000-7000-8000-0000000000a4',
  newcomer: '0193a1b2-0000-7000-8000-0000000000a9',
} as const;

/** `seconds` before AS_OF, as an ISO instant. */
export const before = (seconds: number): string => new Date(AS_OF_MS - seconds * 1000).toISOString();

export function boardAgent(overrides: Partial<BoardAgent> = {}): BoardAgent {
  return {
    userId: userIds.zhang,
    username: 'agent1',
    displayName: '张敏',
    role: 'agent',
    extension: '1001',
    state: 'ready',
    reasonCode: null,
    since: before(90),
    call: null,
    wrapUpOverrun: false,
    loggedOut: false,
    ...overrides,
  };
}

/**
 * Four agents: 张敏 Ready 1:30, 李娜 talking to 王先生 for 2:05, 王芳 in wrap-up for 75 s of the
 * center's 60 (the hub says it ran over), 赵强 signed out since yesterday.
 */
export function board(overrides: Partial<Board> = {}): Board {
  return BoardSchema.parse({
    asOf: AS_OF,
    date: '2026-03-15',
    timeZone: 'Asia/Shanghai',
    wrapUpSeconds: 60,
    agents: [
      boardAgent(),
      boardAgent({
        userId: userIds.li,
        username: 'agent2',
        displayName: '李娜',
        extension: '1002',
        state: 'talking',
        since: before(120),
        call: { callId: 'call-li', direction: 'inbound', number: '+8613800138000', customerId: null, customerName: '王先生', startedAt: before(125) },
      }),
      boardAgent({ userId: userIds.wang, username: 'callback1', displayName: '王芳', role: 'callback', extension: '1101', state: 'wrap_up', since: before(75), call: null, wrapUpOverrun: true }),
      boardAgent({ userId: userIds.zhao, username: 'agent3', displayName: '赵强', extension: '1003', state: 'not_ready', reasonCode: 'meal', since: before(86_400), loggedOut: true }),
    ],
    totals: {
      callsIn: 42,
      callsOut: 7,
      answered: 40,
      avgHandleSeconds: 185.6,
      avgWrapUpSeconds: 32,
      openComplaints: 5,
      overdueComplaints: 1,
      callbacksDue: 3,
      satisfactionRate: 0.875,
    },
    ...overrides,
  });
}

export function agentState(overrides: Partial<AgentStateChangedEvent> = {}): AgentStateChangedEvent {
  return {
    type: 'agent.state',
    userId: userIds.zhang,
    state: 'not_ready',
    reasonCode: 'break',
    since: before(0),
    callId: null,
    at: before(0),
    ...overrides,
  };
}

const figures = (callsIn: number, callsOut: number, answered: number, talk: number, hold: number, wrapUp: number): CallFiguresRow => ({
  callsIn,
  callsOut,
  answered,
  unanswered: callsIn - answered,
  answerRate: callsIn > 0 ? answered / callsIn : null,
  talkSeconds: talk,
  holdSeconds: hold,
  wrapUpSeconds: wrapUp,
  avgTalkSeconds: answered + callsOut > 0 ? talk / (answered + callsOut) : null,
  avgHandleSeconds: answered + callsOut > 0 ? (talk + hold + wrapUp) / (answered + callsOut) : null,
  avgWrapUpSeconds: answered + callsOut > 0 ? wrapUp / (answered + callsOut) : null,
});

/** Calls of 1–3 March 2026: two agents, the consultation and complaint queues and direct calls, four dispositions. */
export function callReport(overrides: Partial<CallReport> = {}): CallReport {
  return CallReportSchema.parse({
    period: { from: '2026-03-01', to: '2026-03-03', timeZone: 'Asia/Shanghai' },
    // 10:05:09 in Shanghai.
    generatedAt: '2026-03-15T02:05:09.000Z',
    department: null,
    totals: figures(10, 2, 8, 2400, 120, 480),
    byAgent: [
      { userId: userIds.zhang, username: 'agent1', displayName: '张敏', ...figures(6, 2, 5, 1500, 60, 300) },
      { userId: userIds.li, username: 'agent2', displayName: '李娜', ...figures(4, 0, 3, 900, 60, 180) },
    ],
    byQueue: [
      { queue: null, ...figures(1, 2, 1, 300, 0, 60) },
      { queue: 'consult', ...figures(6, 0, 5, 1500, 60, 300) },
      { queue: 'complaint', ...figures(3, 0, 2, 600, 60, 120) },
    ],
    byDisposition: [
      { code: 'resolved', label: '已解决', calls: 5 },
      { code: null, label: null, calls: 1 },
      { code: 'ticket', label: '已建工单', calls: 3 },
      { code: 'unused', label: '无效来电', calls: 0 },
    ],
    byDay: [
      { date: '2026-03-01', callsIn: 6, callsOut: 1, answered: 5, avgHandleSeconds: 250 },
      { date: '2026-03-02', callsIn: 0, callsOut: 0, answered: 0, avgHandleSeconds: null },
      { date: '2026-03-03', callsIn: 4, callsOut: 1, answered: 3, avgHandleSeconds: 200 },
    ],
    ...overrides,
  });
}
