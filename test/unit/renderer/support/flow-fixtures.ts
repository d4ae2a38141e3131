import type { StoredFlow } from '../../../../shared/api/flows';
import { FlowDefinitionSchema, type FlowDefinitionInput } from '../../../../shared/flows/flow-schema';

/*
 * Small scripts for the console's runner tests: a complaint intake with the three triages of
 * DOMAIN.md §3 (each opening a ticket, one escalating it, one notifying the field staff, every one
 * promising a callback), and a consultation that pauses the recording and transfers the call.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const opts = (...pairs: Array<[string, string, string]>) => pairs.map(([value, zh, en]) => ({ value, label: t(zh, en) }));

export const COMPLAINT_FLOW_ID = 'complaint.intake';
export const CONSULT_FLOW_ID = 'consult.general';

export function complaintFlowInput(titleSuffix = ''): FlowDefinitionInput {
  const ticket = (triage: string) => ({
    type: 'create_ticket' as const,
    kind: 'complaint' as const,
    title: t(`投诉：{{answers.what}}${titleSuffix}`, `Complaint: {{answers.what}}${titleSuffix}`),
    category: { answer: 'category' },
    severity: { answer: 'severity' },
    triage: { value: triage },
    department: 'service',
  });
  const callback = { type: 'schedule_callback' as const, callbackType: 'complaint' as const, dueInHours: 24, note: t('回复客户：{{answers.what}}', 'Call back: {{answers.what}}') };
  return {
    format: 1,
    id: COMPLAINT_FLOW_ID,
    title: t(`投诉受理${titleSuffix}`, `Complaint intake${titleSuffix}`),
    category: 'complaint',
    triggers: { ivrChoices: ['complaint'] },
    start: 'greet',
    steps: [
      {
        id: 'greet',
        title: t('问候', 'Greeting'),
        say: t('{{customer.name|您}}好，请讲。', 'Hello {{customer.name|there}}, go ahead.'),
        questions: [
          { id: 'what', type: 'text', label: t('投诉内容', 'What happened') },
          { id: 'order_no', type: 'text', label: t('订单号', 'Order number'), required: false, prefill: 'order.no' },
        ],
        next: 'classify',
      },
      {
        id: 'classify',
        title: t('分类', 'Classification'),
        questions: [
          { id: 'category', type: 'choice', label: t('类别', 'Category'), options: opts(['quality', '品质', 'Quality'], ['transport', '运输', 'Transport']) },
          { id: 'severity', type: 'choice', label: t('严重程度', 'Severity'), options: opts(['normal', '一般', 'Normal'], ['severe', '严重', 'Severe']) },
          {
            id: 'triage',
            type: 'choice',
            label: t('处理方式', 'Triage'),
            options: opts(['answered', '即时处置', 'Answer now'], ['escalated', '上报', 'Escalate'], ['on_site', '现场调查', 'On site']),
          },
        ],
        next: { switch: 'triage', cases: { answered: 'answer', escalated: 'escalate', on_site: 'onsite' } },
      },
      { id: 'answer', title: t('即时处置', 'Answered'), actions: [ticket('answered'), callback, { type: 'set_disposition', code: 'complaint-taken' }], next: 'promise' },
      {
        id: 'escalate',
        title: t('上报', 'Escalation'),
        actions: [ticket('escalated'), { type: 'escalate', reason: t('严重投诉：{{answers.what}}', 'Severe: {{answers.what}}') }, callback],
        next: 'promise',
      },
      {
        id: 'onsite',
        title: t('现场调查', 'On site'),
        actions: [ticket('on_site'), { type: 'notify', department: 'field-staff', message: t('请现场调查：{{answers.what}}', 'Investigate: {{answers.what}}'), urgent: true }, callback],
        next: 'promise',
      },
      { id: 'promise', title: t('承诺回电', 'Promise'), say: t('我们会在 {{callback.dueAt|24小时内}} 回电。', 'We will call you back by {{callback.dueAt|tomorrow}}.'), end: { outcome: 'ticket_created' } },
    ],
  };
}

export function consultFlowInput(): FlowDefinitionInput {
  return {
    format: 1,
    id: CONSULT_FLOW_ID,
    title: t('业务咨询', 'Consultation'),
    category: 'consultation',
    triggers: { ivrChoices: ['consult'] },
    start: 'ask',
    steps: [
      {
        id: 'ask',
        title: t('咨询内容', 'Topic'),
        questions: [{ id: 'topic', type: 'choice', label: t('主题', 'Topic'), options: opts(['billing', '账单', 'Billing'], ['tech', '技术', 'Technical']) }],
        next: { switch: 'topic', cases: { billing: 'pay', tech: 'handover' } },
      },
      { id: 'pay', title: t('付款', 'Payment'), actions: [{ type: 'pause_recording', reason: t('银行卡号', 'Card number') }], next: 'paid' },
      {
        id: 'paid',
        title: t('付款完成', 'Paid'),
        questions: [{ id: 'card_ok', type: 'yes_no', label: t('付款成功', 'Payment went through') }],
        actions: [{ type: 'resume_recording' }, { type: 'set_disposition', code: 'consult-answered' }],
        next: 'done',
      },
      { id: 'handover', title: t('转技术部', 'To the technical department'), actions: [{ type: 'transfer', department: 'tech' }], end: { outcome: 'transferred' } },
      { id: 'done', title: t('结束', 'Done'), end: { outcome: 'resolved' } },
    ],
  };
}

export const CALLBACK_FLOW_ID = 'callback.complaint';

/** A complaint callback (DOMAIN.md §4): reads the case out, and closes it or sends it back by the verdict. */
export function callbackFlowInput(): FlowDefinitionInput {
  const verdict = (outcome: 'satisfied' | 'not_satisfied', zh: string, en: string) => ({ type: 'update_ticket' as const, ticket: 'context' as const, outcome, note: t(zh, en) });
  return {
    format: 1,
    id: CALLBACK_FLOW_ID,
    title: t('投诉回访', 'Complaint callback'),
    category: 'callback',
    triggers: { callbackTypes: ['complaint'] },
    start: 'report',
    steps: [
      {
        id: 'report',
        title: t('答复处理结果', 'Report the result'),
        say: t('关于工单 {{ticket.no|见工单}}（{{ticket.title}}）', 'About ticket {{ticket.no|see the ticket}} ({{ticket.title}})'),
        questions: [{ id: 'satisfied', type: 'yes_no', label: t('满意？', 'Satisfied?') }],
        next: { switch: 'satisfied', cases: { yes: 'close', no: 'back' } },
      },
      { id: 'close', title: t('致谢结案', 'Thank and close'), actions: [verdict('satisfied', '客户满意，结案', 'Satisfied, closed')], end: { outcome: 'closed' } },
      { id: 'back', title: t('退回责任部门', 'Back to the department'), actions: [verdict('not_satisfied', '客户不满意', 'Not satisfied')], end: { outcome: 'not_resolved' } },
    ],
  };
}

/** A flow as the hub lists it (`GET /api/v1/flows`). */
export function storedFlow(input: FlowDefinitionInput, version = 1): StoredFlow {
  const definition = FlowDefinitionSchema.parse(input);
  return {
    id: definition.id,
    version,
    title: definition.title,
    category: definition.category,
    triggers: definition.triggers ?? {},
    definition,
    publishedAt: '2026-11-20T08:00:00.000Z',
    publishedBy: 'manager1',
  };
}
