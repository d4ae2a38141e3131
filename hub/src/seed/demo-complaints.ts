import { TicketCreateRequestSchema, type TicketAnswer, type TicketCreateRequest } from '../../../shared/api/tickets';
import { ComplaintActionSchema, type ComplaintActionInput } from '../../../shared/complaints/complaint-actions';
import type { ComplaintConfig } from '../../../shared/complaints/complaint-config';
import { applyComplaintAction, type CaseActor } from '../complaints/case-repo';
import { readComplaintConfig } from '../complaints/config-repo';
import type { Queryable } from '../db/db';
import { createTicket } from '../tickets/ticket-repo';
import { stableUuid } from './prng';
import { DEMO_USERS } from './demo-users';

/*
 * Complaint cases in every stage of 4-1 (DOMAIN.md §3), so that the case list, the queues of the
 * departments and the report have something to show on a fresh demo. Each is made the way the
 * center would make it: opened like the intake script opens it and moved by real actions through
 * the hub's own write path, at times in the past. Their history, versions, notifications,
 * callbacks and derived columns are therefore what the procedure produces, not a hand-written
 * imitation. They belong to generated customers; the showcase's are kept as the end-to-end tests
 * expect them.
 */

const HOUR_MS = 3_600_000;

interface Step {
  /** Hours after the complaint was opened. */
  at: number;
  by: string;
  /** A function of the step's time where the form records when (表1.2's visit). */
  action: ComplaintActionInput | ((at: string) => ComplaintActionInput);
}

interface DemoComplaint {
  key: string;
  /** Generated customer number (demo-customers.ts). */
  customerIndex: number;
  /** Hours before the seed's now. */
  openedHoursAgo: number;
  openedBy: string;
  ticket: Pick<TicketCreateRequest, 'title' | 'channel' | 'category' | 'severity' | 'triage' | 'departmentCode'>;
  what: string;
  wants: string;
  steps: Step[];
}

const onSiteRecord = (visitedAt: string, findings: string, signed: boolean) => ({
  visitedAt,
  place: '客户现场',
  findings,
  customerRecords: '客户提供了购货单据与近期使用记录',
  technicalMeasures: '',
  customerSigned: signed,
  refusalReason: signed ? null : '客户认为记录未写明赔偿，拒绝签字；已报告主管并拍照留证',
  witness: signed ? null : '物业管理处 刘主任',
  attachmentIds: [],
});

const CASES: readonly DemoComplaint[] = [
  {
    key: 'registered',
    customerIndex: 1,
    openedHoursAgo: 2,
    openedBy: 'agent1',
    ticket: { title: '促销价格与结算价格不符', channel: 'letter', category: 'price', severity: 'normal', triage: null, departmentCode: null },
    what: '客户来信称活动页标价 299 元，结算时按 349 元扣款',
    wants: '退还差价',
    steps: [],
  },
  {
    key: 'answered',
    customerIndex: 2,
    openedHoursAgo: 30,
    openedBy: 'agent2',
    ticket: { title: '不会使用预约功能', channel: 'phone', category: 'service', severity: 'normal', triage: 'answered', departmentCode: null },
    what: '客户以为预约功能失灵，实为未开启定时开关',
    wants: '教会使用',
    steps: [{ at: 3, by: 'supervisor1', action: { type: 'archive', note: '已电话指导客户开启定时开关，客户表示明白，建档' } }],
  },
  {
    key: 'on-site-overdue',
    customerIndex: 4,
    openedHoursAgo: 80,
    openedBy: 'agent1',
    ticket: { title: '饲料使用后生长缓慢', channel: 'visit', category: 'quality', severity: 'normal', triage: 'on_site', departmentCode: null },
    what: '客户到访称换用新批次饲料后两周内增重明显变慢',
    wants: '查明原因并赔偿损失',
    steps: [],
  },
  {
    key: 'memo-logistics',
    customerIndex: 5,
    openedHoursAgo: 26,
    openedBy: 'agent2',
    ticket: { title: '快递外箱破损，机器有划痕', channel: 'phone', category: 'transport', severity: 'normal', triage: null, departmentCode: 'logistics' },
    what: '收货时外箱破损，机身侧面有明显划痕',
    wants: '换新',
    steps: [
      {
        at: 4,
        by: 'supervisor1',
        action: {
          type: 'send_memo',
          proposal: { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: '为客户换新，并向承运商索赔', compensationFen: 0 },
          note: '责任清楚，以备忘函转物流部处理',
        },
      },
    ],
  },
  {
    key: 'awaiting-gm',
    customerIndex: 7,
    openedHoursAgo: 120,
    openedBy: 'agent1',
    ticket: { title: '整批产品色差，客户拒收', channel: 'sales_rep', category: 'quality', severity: 'severe', triage: 'on_site', departmentCode: 'production' },
    what: '区域销售代表转达：客户收到的 200 件产品与样品色差明显',
    wants: '整批退换并赔偿停工损失',
    steps: [
      {
        at: 20,
        by: 'field1',
        action: (at) => ({ type: 'record_investigation', form: onSiteRecord(at, '抽检 20 件，其中 14 件与封样色差超出标准', false), note: '' }),
      },
      {
        at: 30,
        by: 'supervisor1',
        action: {
          type: 'propose',
          proposal: { category: 'quality', responsibility: 'company', departmentCode: 'production', measure: '整批换货，赔偿停工损失 8000 元', compensationFen: 800_000 },
          note: '生产批次色差，责任在公司',
        },
      },
      { at: 40, by: 'manager1', action: { type: 'sign_off', note: '同意，金额超出本人权限，报总经理审批' } },
      { at: 100, by: 'production1', action: { type: 'accept', note: '确认为该批次染色工艺问题' } },
    ],
  },
  {
    key: 'tracking',
    customerIndex: 8,
    openedHoursAgo: 100,
    openedBy: 'agent2',
    ticket: { title: '销售承诺的赠品未兑现', channel: 'department', category: 'sales', severity: 'normal', triage: null, departmentCode: 'sales' },
    what: '销售部转办：客户称下单时销售承诺赠送配件，收货时没有',
    wants: '补发赠品',
    steps: [
      {
        at: 5,
        by: 'supervisor1',
        action: {
          type: 'send_memo',
          proposal: { category: 'sales', responsibility: 'company', departmentCode: 'sales', measure: '补发承诺的配件并致歉', compensationFen: 0 },
          note: '',
        },
      },
      { at: 24, by: 'sales1', action: { type: 'accept', note: '核实销售确有承诺' } },
      { at: 60, by: 'sales1', action: { type: 'complete_measure', result: '配件已顺丰寄出，单号 SF140200310099', note: '' } },
    ],
  },
  {
    key: 'closed-satisfied',
    customerIndex: 10,
    openedHoursAgo: 200,
    openedBy: 'agent1',
    ticket: { title: '上门安装人员态度差', channel: 'authority', category: 'staff', severity: 'normal', triage: null, departmentCode: 'tech-service' },
    what: '消费者协会转来：客户反映安装工程师迟到两小时且态度生硬',
    wants: '道歉并改进',
    steps: [
      {
        at: 6,
        by: 'supervisor1',
        action: {
          type: 'send_memo',
          proposal: { category: 'staff', responsibility: 'company', departmentCode: 'tech-service', measure: '工程师当面致歉，技术服务部整改预约流程', compensationFen: 0 },
          note: '',
        },
      },
      { at: 20, by: 'tech1', action: { type: 'accept', note: '' } },
      { at: 70, by: 'tech1', action: { type: 'complete_measure', result: '工程师已上门致歉，预约改为两小时时段并短信提醒', note: '' } },
      { at: 80, by: 'supervisor1', action: { type: 'request_callback', dueAt: null, note: '请回访客户对整改的评价' } },
      { at: 90, by: 'callback1', action: { type: 'callback_result', satisfied: true, words: '客户表示满意，感谢跟进' } },
    ],
  },
  {
    key: 'returned',
    customerIndex: 12,
    openedHoursAgo: 150,
    openedBy: 'agent2',
    ticket: { title: '维修后同一故障再次出现', channel: 'other', category: 'quality', severity: 'normal', triage: null, departmentCode: 'production' },
    what: '电机异响维修后一周再次出现',
    wants: '换新机',
    steps: [
      {
        at: 4,
        by: 'supervisor1',
        action: {
          type: 'send_memo',
          proposal: { category: 'quality', responsibility: 'company', departmentCode: 'production', measure: '更换电机总成', compensationFen: 30_000 },
          note: '',
        },
      },
      { at: 30, by: 'production1', action: { type: 'accept', note: '' } },
      { at: 90, by: 'production1', action: { type: 'complete_measure', result: '已更换电机总成并试机正常', note: '' } },
      { at: 100, by: 'supervisor1', action: { type: 'request_callback', dueAt: null, note: '' } },
      { at: 140, by: 'callback1', action: { type: 'callback_result', satisfied: false, words: '客户说换了电机还是响，坚持要换新机' } },
    ],
  },
  // Two cases waiting for their 投诉回访, for the callback worklist (issue 8). Their customers are far
  // down the book, so that hub tests seeding a few customers do not meet them.
  ...(['callback-due-1', 'callback-due-2'] as const).map(
    (key, n): DemoComplaint => ({
      key,
      customerIndex: 201 + 2 * n,
      openedHoursAgo: 90 - 30 * n,
      openedBy: n === 0 ? 'agent1' : 'agent2',
      ticket: { title: n === 0 ? '配送延误三天未通知' : '退款迟迟未到账', channel: 'phone', category: n === 0 ? 'transport' : 'service', severity: 'normal', triage: null, departmentCode: n === 0 ? 'logistics' : 'sales' },
      what: n === 0 ? '订单承诺次日达，实际第四天才送到，期间无人通知' : '退货已签收一周，退款仍未到账',
      wants: n === 0 ? '说明原因并补偿运费' : '尽快退款',
      steps: [
        {
          at: 3,
          by: 'supervisor1',
          action: {
            type: 'send_memo',
            proposal:
              n === 0
                ? { category: 'transport', responsibility: 'company', departmentCode: 'logistics', measure: '致歉并退还运费', compensationFen: 1_200 }
                : { category: 'service', responsibility: 'company', departmentCode: 'sales', measure: '加急办理退款', compensationFen: 0 },
            note: '',
          },
        },
        { at: 10, by: n === 0 ? 'logistics1' : 'sales1', action: { type: 'accept', note: '' } },
        { at: 30, by: n === 0 ? 'logistics1' : 'sales1', action: { type: 'complete_measure', result: n === 0 ? '运费已退还，已向客户致歉' : '退款已原路退回', note: '' } },
        { at: 40, by: 'supervisor1', action: { type: 'request_callback', dueAt: null, note: '请回访客户对处理结果的评价' } },
      ],
    }),
  ),
];

function actorFor(username: string, now: Date): CaseActor {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (user === undefined) throw new Error(`demo complaints: no demo user ${username}`);
  return { username, role: user.role, departmentCode: user.departmentCode, now };
}

const answersOf = (demo: DemoComplaint): TicketAnswer[] => [
  { stepId: 'details', questionId: 'what_happened', label: '投诉内容（客户原话要点）', display: demo.what },
  { stepId: 'details', questionId: 'customer_request', label: '客户诉求', display: demo.wants },
];

/**
 * Opens the demo complaints that are not there yet, for generated customers below `customers`.
 * Returns how many were opened.
 */
export async function insertDemoComplaints(tx: Queryable, customers: number, now: Date): Promise<number> {
  const config: ComplaintConfig = await readComplaintConfig(tx);
  let opened = 0;
  for (const demo of CASES) {
    if (demo.customerIndex >= customers) continue;
    const ticketId = stableUuid(`demo-complaint:${demo.key}`);
    if ((await tx.query('select 1 from tickets where id = $1', [ticketId])).rows.length > 0) continue;
    const openedAt = new Date(now.getTime() - demo.openedHoursAgo * HOUR_MS);
    const request = TicketCreateRequestSchema.parse({
      id: ticketId,
      kind: 'complaint',
      customerId: stableUuid(`demo-customer:${demo.customerIndex}`),
      callId: null,
      ...demo.ticket,
      answers: answersOf(demo),
      flow: null,
    });
    await createTicket(tx, request, actorFor(demo.openedBy, openedAt));
    let version = 1;
    for (const [index, step] of demo.steps.entries()) {
      const at = new Date(openedAt.getTime() + step.at * HOUR_MS);
      const action = ComplaintActionSchema.parse(typeof step.action === 'function' ? step.action(at.toISOString()) : step.action);
      const result = await applyComplaintAction(tx, ticketId, { id: stableUuid(`demo-complaint:${demo.key}:${index}`), expectedVersion: version, action }, actorFor(step.by, at), [], config);
      if (result.outcome !== 'created') throw new Error(`demo complaint ${demo.key}: step ${index} was not applied`);
      version = result.value.case.version;
    }
    opened += 1;
  }
  return opened;
}
