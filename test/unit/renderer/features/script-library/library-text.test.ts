import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOW_PROBLEM_CODES } from '../../../../../shared/api/flows';
import type { OrgDesign } from '../../../../../shared/api/org';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import {
  FLOW_ACTION_TYPES,
  FLOW_CALLBACK_TYPES,
  FLOW_CATEGORIES,
  FLOW_TICKET_KINDS,
  QUESTION_TYPES,
  type FlowAction,
  type FlowDefinition,
} from '../../../../../shared/flows/flow-schema';
import { checkFlowSource } from '../../../../../shared/flows/flow-source';
import {
  actionDescription,
  conditionText,
  departmentName,
  fileRefusalText,
  nextText,
  problemLabel,
  questionFacts,
  triggerTexts,
  type LibraryWords,
} from '../../../../../renderer/src/features/script-library/library-text';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import { localeMessages, type Messages } from '../../../../../renderer/src/i18n/locale-messages';
import { flow, options, question, step, t as both } from '../../../../support/flow-builders';
import addressChangeYaml from '../../../../../hub/src/seed/flows/after-sales.address-change.yaml?raw';
import complaintCallbackYaml from '../../../../../hub/src/seed/flows/callback.complaint.yaml?raw';

function has(messages: Messages, key: string): boolean {
  let node: Messages | string | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' && node.trim() !== '';
}

/** A flow of the demo library, as the hub seeds it (read as text: these tests run in the renderer's project). */
function seedFlow(source: string): FlowDefinition {
  const result = checkFlowSource(source, 'yaml');
  expect(result.problems).toEqual([]);
  return result.flow!;
}

const org: OrgDesign = {
  departments: [
    { id: 'd-log', code: 'logistics', name: { 'zh-CN': '运输调度/物流部', 'en-US': 'Transport Dispatch & Logistics' }, parentId: null, kind: 'specialist' },
    { id: 'd-svc', code: 'service', name: { 'zh-CN': '客服部', 'en-US': 'Customer Service Department' }, parentId: null, kind: 'management' },
  ],
  queues: [
    { id: 'q1', code: 'consult', name: { 'zh-CN': '业务咨询', 'en-US': 'Consultation' }, departmentId: 'd-svc', ivrChoice: 'consult' },
    { id: 'q2', code: 'complaint', name: { 'zh-CN': '投诉建议', 'en-US': 'Complaints & Suggestions' }, departmentId: 'd-svc', ivrChoice: 'complaint' },
  ],
  transferTargets: [],
  escalationChain: [{ level: 2, title: { 'zh-CN': '总经理', 'en-US': 'General Manager' }, userId: null, extension: null }],
};

let t: TFunction;
let zh: TFunction;
beforeAll(async () => {
  await initI18n('en-US');
  t = i18n.getFixedT('en-US');
  zh = i18n.getFixedT('zh-CN');
});

const words = (more: Partial<LibraryWords> = {}): LibraryWords => ({
  language: 'en-US',
  org,
  dispositionLabel: (code) => (code === 'after-sales' ? 'After-sales case registered' : null),
  ...more,
});

describe('script library words', () => {
  it('have a text in every language for every problem code, question type, ticket kind, callback type and category', () => {
    const needed = [
      ...FLOW_PROBLEM_CODES.map((code) => `scriptLibrary.problems.codes.${code}`),
      ...QUESTION_TYPES.map((type) => `scriptLibrary.questionTypes.${type}`),
      ...FLOW_TICKET_KINDS.flatMap((kind) => [`scriptLibrary.actions.create_ticket.${kind}`, `scriptLibrary.actions.create_ticket_department.${kind}`]),
      ...FLOW_CALLBACK_TYPES.map((type) => `scriptLibrary.actions.schedule_callback.${type}`),
      ...FLOW_CATEGORIES.map((category) => `flows.groups.${category}`),
    ];
    for (const language of LANGUAGES) expect(needed.filter((key) => !has(localeMessages[language], key)), language).toEqual([]);
  });

  it('label each problem code in both languages, distinctly', () => {
    const en = FLOW_PROBLEM_CODES.map((code) => problemLabel(t, code));
    expect(new Set(en).size).toBe(FLOW_PROBLEM_CODES.length);
    expect(problemLabel(t, 'unreachable')).toBe('Unreachable step');
    expect(problemLabel(zh, 'unreachable')).toBe('无法到达的步骤');
    expect(problemLabel(zh, 'uncovered_option')).toBe('有选项没有对应的分支');
  });

  it('name an IVR trigger by its queue and a callback trigger by its type', () => {
    expect(triggerTexts(t, { ivrChoices: ['complaint'], callbackTypes: ['complaint'] }, words())).toEqual(['IVR: Complaints & Suggestions', 'Callback task: complaint callback']);
    expect(triggerTexts(zh, { ivrChoices: ['consult'] }, words({ language: 'zh-CN' }))).toEqual(['IVR：业务咨询']);
    // Without the org design (not yet fetched), the choice as the PBX sends it.
    expect(triggerTexts(t, { ivrChoices: ['consult'] }, words({ org: null }))).toEqual(['IVR: consult']);
    expect(triggerTexts(t, {}, words())).toEqual([]);
  });

  it('name a department by the org design, the field staff as such, and an unknown code as written', () => {
    expect(departmentName(zh, 'logistics', { org, language: 'zh-CN' })).toBe('运输调度/物流部');
    expect(departmentName(t, 'field-staff', { org, language: 'en-US' })).toBe('field staff');
    expect(departmentName(t, 'nowhere', { org, language: 'en-US' })).toBe('nowhere');
  });

  it('say every branch of 地址更改 by step title, and where each case ends', () => {
    const address = seedFlow(addressChangeYaml);
    const at = (id: string) => address.steps.find((s) => s.id === id)!;
    const branches = nextText(t, at('new-address'), address, 'en-US');
    expect(branches).toEqual({
      kind: 'go',
      branches: [
        { when: '“Shipping state (as the back office shows it)” is Dispatch note not printed', to: 'Not printed: change the note' },
        { when: '“Shipping state (as the back office shows it)” is Dispatch note printed, not yet collected', to: 'Printed, not collected: notify the warehouse group' },
        { when: '“Shipping state (as the back office shows it)” is Collected by the courier', to: 'Collected: ask the courier group to intercept' },
        { when: '“Shipping state (as the back office shows it)” is Delivered', to: 'Delivered: cannot be changed' },
      ],
    });
    expect(nextText(t, at('greet'), address, 'en-US')).toEqual({ kind: 'go', branches: [{ when: null, to: 'Check the shipping state' }] });
    expect(nextText(t, at('printed'), address, 'en-US')).toEqual({ kind: 'end', text: 'The script ends: Ticket created' });
    expect(nextText(zh, at('delivered'), address, 'zh-CN')).toEqual({ kind: 'end', text: '话术结束：未解决' });
  });

  it('say a rule of a callback survey in words, then where the rest goes', () => {
    const survey = seedFlow(complaintCallbackYaml);
    const ruled = survey.steps.find((s) => s.next !== undefined && typeof s.next === 'object' && 'when' in s.next)!;
    const said = nextText(t, ruled, survey, 'en-US');
    if (said.kind !== 'go') throw new Error('expected branches');
    expect(said.branches).toHaveLength(2);
    expect(said.branches[0]!.when).toMatch(/^“.+” is Yes and “.+” is at least 4$/);
    expect(said.branches[1]!.when).toBe('Otherwise');
    expect(said.branches.map((b) => b.to)).toEqual(['satisfied', 'not-satisfied'].map((id) => survey.steps.find((s) => s.id === id)!.title['en-US']));
  });

  it('say a switch on a yes/no question with Yes and No, and a default as Otherwise', () => {
    const f = flow([
      step('ask', { questions: [question('ok', 'yes_no')], next: { switch: 'ok', cases: { yes: 'done' }, default: 'other' } }),
      step('done', { title: both('完成', 'Done'), end: { outcome: 'resolved' } }),
      step('other', { title: both('其他', 'Other'), end: { outcome: 'not_resolved' } }),
    ]);
    expect(nextText(t, f.steps[0]!, f, 'en-US')).toEqual({
      kind: 'go',
      branches: [
        { when: '“Question ok” is Yes', to: 'Done' },
        { when: 'Otherwise', to: 'Other' },
      ],
    });
  });

  it('say conditions on fields, lists, ranges, skipped answers and negations', () => {
    const f = flow([
      step('ask', {
        questions: [question('kind', 'choice', { options: options('box', 'goods') }), question('score', 'satisfaction', { required: false })],
        end: { outcome: 'resolved' },
      }),
    ]);
    const say = (c: Parameters<typeof conditionText>[1]) => conditionText(t, c, f, 'en-US');
    expect(say({ field: 'order.shippingState', is: 'collected' })).toBe('Shipping state is collected');
    expect(say({ answer: 'kind', in: ['box', 'goods'] })).toBe('“Question kind” is one of Option box, Option goods');
    expect(say({ answer: 'score', atMost: 2 })).toBe('“Question score” is at most 2');
    expect(say({ answer: 'score', answered: false })).toBe('“Question score” is not answered');
    expect(say({ any: [{ answer: 'kind', isNot: 'box' }, { not: { field: 'customer.keyAccount', is: true } }] })).toBe(
      '“Question kind” is not Option box or not (Key account is Yes)',
    );
  });

  it('describe each kind of action, with the org design names and the flow text kept apart as written', () => {
    const address = seedFlow(addressChangeYaml);
    const printed = address.steps.find((s) => s.id === 'printed')!.actions!;
    const described = printed.map((a) => actionDescription(t, a, address, words()));
    expect(described.map((d) => d.text)).toEqual([
      'Notify Transport Dispatch & Logistics (urgent)',
      'Open an after-sales ticket for Transport Dispatch & Logistics',
      'Schedule an after-sales callback within 4 h',
      'Set the disposition: After-sales case registered',
    ]);
    // The message as the manager wrote it, fields and all, for the preview to show as tags.
    expect(described[0]!.template).toContain('{{answers.order_no}}');
    const zhText = printed.map((a) => actionDescription(zh, a, address, words({ language: 'zh-CN' })).text);
    expect(zhText[0]).toBe('通知运输调度/物流部（紧急）');
    expect(zhText[2]).toBe('安排售后回访，4 小时内');
  });

  it('describe the actions a complaint and a callback request', () => {
    const f = flow([step('only', { questions: [question('sev', 'choice', { options: options('normal', 'severe') })], end: { outcome: 'resolved' } })]);
    const say = (action: FlowAction) => actionDescription(t, action, f, words());
    expect(say({ type: 'schedule_callback', callbackType: 'complaint', dueInHours: 24 })).toEqual({ text: 'Schedule a complaint callback within 24 h', template: null });
    expect(say({ type: 'escalate', ticket: 'created', level: 'next', reason: both('严重', 'Severe: {{answers.sev}}') })).toEqual({
      text: 'Escalate the ticket one level up the chain',
      template: 'Severe: {{answers.sev}}',
    });
    expect(say({ type: 'escalate', ticket: 'created', level: 2, reason: both('x', 'x') }).text).toBe('Escalate the ticket to level 2 (General Manager)');
    expect(say({ type: 'escalate', ticket: 'created', level: 3, reason: both('x', 'x') }).text).toBe('Escalate the ticket to level 3');
    expect(say({ type: 'notify', department: 'field-staff', urgent: false, message: both('去现场', 'Go on site') })).toEqual({ text: 'Notify field staff', template: 'Go on site' });
    expect(say({ type: 'update_ticket', ticket: 'context', note: both('满意', 'Satisfied'), outcome: 'satisfied' }).text).toBe('Close the case: the customer is satisfied');
    expect(say({ type: 'update_ticket', ticket: 'context', note: both('不满意', 'Not satisfied'), outcome: 'not_satisfied' }).text).toBe(
      'Send the case back to the responsible department: the customer is not satisfied',
    );
    expect(say({ type: 'update_ticket', ticket: 'context', note: both('备注', 'Note') }).text).toBe('Add a note to the case the call is about');
    expect(say({ type: 'transfer', department: 'logistics' }).text).toBe('Transfer the call to Transport Dispatch & Logistics');
    expect(say({ type: 'set_disposition', code: 'unknown-here' }).text).toBe('Set the disposition: unknown-here');
    expect(say({ type: 'pause_recording', reason: both('核对身份证号', 'ID number being read') }).text).toBe('Pause the recording: ID number being read');
    expect(say({ type: 'resume_recording' }).text).toBe('Resume the recording');
    expect(say({ type: 'record_survey', satisfied: false, score: { answer: 'sev' }, reasons: { answer: 'why' } }).text).toBe(
      'Record the survey on the callback task: not satisfied (score from the answer “Question sev”, reasons from the answer “why”)',
    );
    expect(say({ type: 'record_survey', satisfied: true }).text).toBe('Record the survey on the callback task: satisfied');
    expect(
      say({ type: 'create_ticket', kind: 'complaint', title: both('投诉', 'Complaint'), severity: { answer: 'sev' }, triage: { value: 'on_site' }, category: { field: 'call.ivrChoice' } }).text,
    ).toBe('Open a complaint ticket (category from the call\'s IVR choice, severity from the answer “Question sev”, triage from on_site)');
  });

  it('describe every action type without falling through', () => {
    const f = flow([step('only', { end: { outcome: 'resolved' } })]);
    const samples: Record<(typeof FLOW_ACTION_TYPES)[number], FlowAction> = {
      create_ticket: { type: 'create_ticket', kind: 'consult', title: both('咨询', 'Consult') },
      update_ticket: { type: 'update_ticket', ticket: 'created', note: both('x', 'x') },
      escalate: { type: 'escalate', ticket: 'created', level: 'next', reason: both('x', 'x') },
      transfer: { type: 'transfer', department: 'service' },
      schedule_callback: { type: 'schedule_callback', callbackType: 'pre_sales', dueInHours: 2 },
      notify: { type: 'notify', department: 'service', urgent: true, message: both('x', 'x') },
      set_disposition: { type: 'set_disposition', code: 'after-sales' },
      record_survey: { type: 'record_survey', satisfied: true, score: { answer: 'score' } },
      pause_recording: { type: 'pause_recording', reason: both('x', 'x') },
      resume_recording: { type: 'resume_recording' },
    };
    for (const type of FLOW_ACTION_TYPES) {
      for (const [tr, language] of [[t, 'en-US'], [zh, 'zh-CN']] as const) {
        const text = actionDescription(tr, samples[type], f, words({ language })).text;
        expect(text, `${type} ${language}`).not.toMatch(/scriptLibrary\.|\{\{|undefined/);
      }
    }
  });

  it('list a question type, whether it is required, its range and where it is filled in from', () => {
    const f = flow([step('only', { end: { outcome: 'resolved' } })]);
    const facts = (q: Parameters<typeof question>) => questionFacts(t, flow([step('only', { questions: [question(...q)], end: { outcome: 'resolved' } })]).steps[0]!.questions![0]!, f, 'en-US');
    expect(facts(['n', 'number', { min: 1, max: 20 }])).toEqual(['number', 'required', 'From 1 to 20']);
    expect(facts(['a', 'text', { max: 300, multiline: true, required: false, prefill: 'customer.name' }])).toEqual(['text', 'optional', 'At most 300 characters', 'several lines', 'filled in from Customer name']);
    expect(facts(['s', 'satisfaction'])).toEqual(['satisfaction score 1–5', 'required']);
    expect(questionFacts(zh, flow([step('only', { questions: [question('p', 'phone')], end: { outcome: 'resolved' } })]).steps[0]!.questions![0]!, f, 'zh-CN')).toEqual(['电话号码', '必填']);
  });

  it('say why a file is refused, with the sizes for one that is too large', () => {
    expect(fileRefusalText(t, { reason: 'too_large', limitKb: 512, sizeKb: 10240 })).toBe(
      'The file is 10240 KB; a flow file may be at most 512 KB. Split the procedure into smaller flows.',
    );
    expect(fileRefusalText(zh, { reason: 'not_a_flow_file' })).toBe('请选择 .yaml、.yml 或 .json 文件。');
    expect(fileRefusalText(t, { reason: 'empty' })).toBe('The file is empty.');
  });
});
