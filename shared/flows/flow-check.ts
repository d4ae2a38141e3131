import type { FlowProblem, FlowProblemCode } from '../api/flows';
import { FIELD_STAFF_TARGET } from '../api/tickets';
import type { FlowAnswerRef, FlowCondition, FlowDefinition, FlowQuestion, FlowStep, FlowText, FlowTest, FlowValueSource } from './flow-schema';
import { answerRefId, isFlowField, parseTemplate } from './flow-template';

/*
 * The flow checker: what the schema (shape) cannot see — the graph of steps and the references
 * between steps, questions, options, fields, departments and dispositions. It reports every
 * problem, not the first, each naming the step and the path in the document, so that a manager
 * fixes a file in one pass. `npm run flows:check` and the hub's upload both run it (flow-source.ts).
 */

export interface FlowCheckContext {
  /** The org design's department codes; when given, actions must name one of them. */
  departments?: readonly string[];
  /** The disposition codes of the center; when given, `set_disposition` must name one of them. */
  dispositionCodes?: readonly string[];
}

const LANGS = ['zh-CN', 'en-US'] as const;
const OPERATORS = ['is', 'isNot', 'in', 'atLeast', 'atMost', 'answered'] as const;

/** A problem as one line: `<path>: [<code>] <message>`. */
export function formatProblem(p: FlowProblem): string {
  return p.path === '' ? `[${p.code}] ${p.message}` : `${p.path}: [${p.code}] ${p.message}`;
}

/** `step "x": …`, or `flow "id": …` for the flow as a whole. */
export function problemMessage(flowId: string, stepId: string | null, text: string): string {
  return stepId === null ? `flow "${flowId}": ${text}` : `step "${stepId}": ${text}`;
}

const list = (values: readonly string[], max = 6) =>
  values.length <= max ? values.map((v) => `"${v}"`).join(', ') : `${values.slice(0, max).map((v) => `"${v}"`).join(', ')} and ${values.length - max} more`;

interface Edge {
  target: string;
  path: string;
}

/** Every step a step's `next` may go to, with where each is written. */
function edgesOf(step: FlowStep, i: number): Edge[] {
  const next = step.next;
  const at = `steps.${i}.next`;
  if (next === undefined) return [];
  if (typeof next === 'string') return [{ target: next, path: at }];
  if ('switch' in next) {
    const cases = Object.entries(next.cases).map(([key, target]) => ({ target, path: `${at}.cases.${key}` }));
    return next.default === undefined ? cases : [...cases, { target: next.default, path: `${at}.default` }];
  }
  return [...next.when.map((rule, k) => ({ target: rule.goto, path: `${at}.when.${k}.goto` })), { target: next.else, path: `${at}.else` }];
}

export function checkFlow(flow: FlowDefinition, context: FlowCheckContext = {}): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (code: FlowProblemCode, stepId: string | null, path: string, text: string) =>
    problems.push({ code, stepId, path, message: problemMessage(flow.id, stepId, text) });

  // ——— ids ———
  const stepIndex = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    const first = stepIndex.get(step.id);
    if (first === undefined) stepIndex.set(step.id, i);
    else report('duplicate_step', step.id, `steps.${i}.id`, `the id is already used by steps.${first}; step ids must be unique`);
  });
  const questions = new Map<string, { question: FlowQuestion; stepIndex: number }>();
  flow.steps.forEach((step, i) =>
    (step.questions ?? []).forEach((question, j) => {
      const first = questions.get(question.id);
      if (first === undefined) questions.set(question.id, { question, stepIndex: i });
      else
        report(
          'duplicate_question',
          step.id,
          `steps.${i}.questions.${j}.id`,
          `question "${question.id}" is also asked on step "${flow.steps[first.stepIndex]!.id}"; answers are shared by the whole flow, so question ids must be unique`,
        );
    }),
  );

  // ——— the graph ———
  const edges = flow.steps.map(edgesOf);
  const known = (target: string) => stepIndex.has(target);
  const startKnown = known(flow.start);
  if (!startKnown) report('unknown_start', null, 'start', `the start step "${flow.start}" is not a step of this flow`);

  flow.steps.forEach((step, i) => {
    if (step.next === undefined && step.end === undefined)
      report('dead_end', step.id, `steps.${i}`, 'has neither "next" nor "end": the script could not go on from here');
    if (step.next !== undefined && step.end !== undefined)
      report('dead_end', step.id, `steps.${i}`, 'has both "next" and "end": give the last step "end" and every other step "next"');
    for (const edge of edges[i]!)
      if (!known(edge.target)) report('unknown_step', step.id, edge.path, `goes to step "${edge.target}", which is not a step of this flow`);
  });

  const successors = edges.map((es) => [...new Set(es.filter((e) => known(e.target)).map((e) => stepIndex.get(e.target)!))]);
  const reachFrom = (from: readonly number[]): Set<number> => {
    const seen = new Set<number>();
    const queue = [...from];
    while (queue.length > 0) {
      const i = queue.pop()!;
      for (const j of successors[i]!) {
        if (seen.has(j)) continue;
        seen.add(j);
        queue.push(j);
      }
    }
    return seen;
  };

  if (startKnown) {
    const startIndex = stepIndex.get(flow.start)!;
    const reached = reachFrom([startIndex]).add(startIndex);
    flow.steps.forEach((step, i) => {
      if (!reached.has(i) && stepIndex.get(step.id) === i)
        report('unreachable', step.id, `steps.${i}`, `cannot be reached from the start step "${flow.start}"`);
    });
  }

  // A step can finish when it is an end, or leads to one. Dead ends and unknown targets count as
  // finishing here: they are reported already, and reporting every step before them again is noise.
  const canFinish = flow.steps.map((step, i) => step.end !== undefined || step.next === undefined || edges[i]!.some((e) => !known(e.target)));
  for (let changed = true; changed; ) {
    changed = false;
    flow.steps.forEach((_step, i) => {
      if (!canFinish[i] && successors[i]!.some((j) => canFinish[j])) {
        canFinish[i] = true;
        changed = true;
      }
    });
  }
  flow.steps.forEach((step, i) => {
    if (canFinish[i]) return;
    const loop = [...reachFrom([i])].map((j) => flow.steps[j]!.id);
    report('no_exit', step.id, `steps.${i}`, `no "end" step can be reached from here: it only leads to ${list(loop)}, a cycle with no exit`);
  });

  // Steps that can come before each step (a question asked there may be answered by then).
  const before = flow.steps.map(() => new Set<number>());
  flow.steps.forEach((_step, i) => reachFrom([i]).forEach((j) => before[j]!.add(i)));

  // ——— references ———
  const checkAnswerRef = (questionId: string, i: number, path: string): FlowQuestion | null => {
    const step = flow.steps[i]!;
    const asked = questions.get(questionId);
    if (!asked) {
      report('unknown_question', step.id, path, `names the answer to "${questionId}", which is not a question of this flow`);
      return null;
    }
    if (asked.stepIndex !== i && !before[i]!.has(asked.stepIndex))
      report(
        'not_yet_asked',
        step.id,
        path,
        `names the answer to "${questionId}", asked on step "${flow.steps[asked.stepIndex]!.id}", which never comes before this step`,
      );
    return asked.question;
  };

  /** A survey's score or reasons: an answer asked by then, of the type the hub takes it as. */
  const checkSurveyAnswer = (ref: FlowAnswerRef | undefined, type: 'satisfaction' | 'text', i: number, path: string) => {
    if (ref === undefined) return;
    const question = checkAnswerRef(ref.answer, i, `${path}.answer`);
    if (question && question.type !== type)
      report('wrong_question_type', flow.steps[i]!.id, `${path}.answer`, `names "${question.id}", a ${question.type} question; it must name a ${type} question`);
  };

  const checkField = (field: string, i: number, path: string) => {
    if (!isFlowField(field)) report('unknown_field', flow.steps[i]!.id, path, `names the field "${field}", which is not one a flow may use`);
  };

  const checkText = (text: FlowText | undefined, i: number, path: string) => {
    if (text === undefined) return;
    for (const lang of LANGS) {
      const at = `${path}.${lang}`;
      const parsed = parseTemplate(text[lang]);
      if (!parsed.ok) {
        report('bad_template', flow.steps[i]!.id, at, `the ${lang} text: ${parsed.message}`);
        continue;
      }
      for (const part of parsed.parts) {
        if (part.kind !== 'field') continue;
        const questionId = answerRefId(part.ref);
        if (questionId !== null) checkAnswerRef(questionId, i, at);
        else checkField(part.ref, i, at);
      }
    }
  };

  const checkSource = (source: FlowValueSource | undefined, i: number, path: string) => {
    if (source === undefined) return;
    if ('answer' in source) checkAnswerRef(source.answer, i, `${path}.answer`);
    else if ('field' in source) checkField(source.field, i, `${path}.field`);
  };

  const checkDepartment = (department: string | undefined, i: number, path: string, fieldStaffAllowed: boolean) => {
    if (department === undefined || context.departments === undefined) return;
    if (fieldStaffAllowed && department === FIELD_STAFF_TARGET) return;
    if (!context.departments.includes(department))
      report('unknown_department', flow.steps[i]!.id, path, `names the department "${department}", which is not in the org design`);
  };

  const checkTest = (test: FlowTest, i: number, path: string) => {
    const stepId = flow.steps[i]!.id;
    if ((test.answer === undefined) === (test.field === undefined)) {
      report('bad_test', stepId, path, 'a test needs exactly one of "answer" and "field"');
      return;
    }
    const operators = OPERATORS.filter((op) => test[op] !== undefined);
    if (operators.length !== 1) {
      const found = operators.length === 0 ? 'none' : operators.join(', ');
      report('bad_test', stepId, path, `a test needs exactly one of ${OPERATORS.join(', ')} (found: ${found})`);
      return;
    }
    if (test.field !== undefined) {
      checkField(test.field, i, `${path}.field`);
      return;
    }
    const question = checkAnswerRef(test.answer!, i, `${path}.answer`);
    if (!question) return;
    const op = operators[0]!;
    if ((op === 'atLeast' || op === 'atMost') && question.type !== 'number' && question.type !== 'satisfaction') {
      report('bad_test', stepId, `${path}.${op}`, `"${op}" compares numbers, but "${question.id}" is a ${question.type} question`);
      return;
    }
    const compared = op === 'is' ? [test.is] : op === 'isNot' ? [test.isNot] : op === 'in' ? (test.in ?? []) : [];
    if (question.type === 'choice') {
      const values = (question.options ?? []).map((o) => o.value);
      compared.forEach((value, k) => {
        if (typeof value !== 'string' || !values.includes(value))
          report('unknown_option', stepId, op === 'in' ? `${path}.in.${k}` : `${path}.${op}`, `"${String(value)}" is not an option of "${question.id}" (${list(values)})`);
      });
    } else if (question.type === 'yes_no') {
      compared.forEach((value, k) => {
        if (typeof value !== 'boolean')
          report('unknown_option', stepId, op === 'in' ? `${path}.in.${k}` : `${path}.${op}`, `"${question.id}" is a yes/no question: compare it with true or false, not "${String(value)}"`);
      });
    }
  };

  const checkCondition = (c: FlowCondition, i: number, path: string) => {
    if ('all' in c) c.all.forEach((x, k) => checkCondition(x, i, `${path}.all.${k}`));
    else if ('any' in c) c.any.forEach((x, k) => checkCondition(x, i, `${path}.any.${k}`));
    else if ('not' in c) checkCondition(c.not, i, `${path}.not`);
    else checkTest(c, i, path);
  };

  flow.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    checkText(step.say, i, `${at}.say`);
    (step.snippets ?? []).forEach((snippet, k) => checkText(snippet.text, i, `${at}.snippets.${k}.text`));

    (step.questions ?? []).forEach((question, j) => {
      const qAt = `${at}.questions.${j}`;
      if (question.type === 'choice' && question.options === undefined)
        report('options_mismatch', step.id, qAt, `question "${question.id}" is a choice but has no options`);
      if (question.type !== 'choice' && question.options !== undefined)
        report('options_mismatch', step.id, `${qAt}.options`, `question "${question.id}" is a ${question.type} question and cannot have options`);
      const seen = new Set<string>();
      (question.options ?? []).forEach((option, k) => {
        if (seen.has(option.value))
          report('duplicate_option', step.id, `${qAt}.options.${k}.value`, `question "${question.id}" has the option "${option.value}" twice`);
        seen.add(option.value);
      });
      if (question.min !== undefined && question.max !== undefined && question.min > question.max)
        report('bad_range', step.id, `${qAt}.min`, `question "${question.id}": min ${question.min} is greater than max ${question.max}`);
      if (question.prefill !== undefined) checkField(question.prefill, i, `${qAt}.prefill`);
      checkText(question.help, i, `${qAt}.help`);
    });

    const next = step.next;
    if (next !== undefined && typeof next !== 'string' && 'switch' in next) {
      const question = checkAnswerRef(next.switch, i, `${at}.next.switch`);
      if (question && question.type !== 'choice' && question.type !== 'yes_no') {
        report('switch_not_choice', step.id, `${at}.next.switch`, `switches on "${question.id}", a ${question.type} question; use "when" rules, or a choice or yes/no question`);
      } else if (question) {
        const keys = question.type === 'yes_no' ? ['yes', 'no'] : (question.options ?? []).map((o) => o.value);
        for (const key of Object.keys(next.cases))
          if (!keys.includes(key))
            report('unknown_option', step.id, `${at}.next.cases.${key}`, `the case "${key}" is not an answer of "${question.id}" (${list(keys)})`);
        if (next.default === undefined)
          for (const key of keys)
            if (!(key in next.cases))
              report('uncovered_option', step.id, `${at}.next.cases.${key}`, `the answer "${key}" of "${question.id}" has no case and there is no default`);
      }
    } else if (next !== undefined && typeof next !== 'string') {
      next.when.forEach((rule, k) => checkCondition(rule.if, i, `${at}.next.when.${k}.if`));
    }

    (step.actions ?? []).forEach((action, k) => {
      const aAt = `${at}.actions.${k}`;
      switch (action.type) {
        case 'create_ticket':
          checkText(action.title, i, `${aAt}.title`);
          checkSource(action.category, i, `${aAt}.category`);
          checkSource(action.severity, i, `${aAt}.severity`);
          checkSource(action.triage, i, `${aAt}.triage`);
          checkDepartment(action.department, i, `${aAt}.department`, false);
          break;
        case 'update_ticket':
          checkText(action.note, i, `${aAt}.note`);
          break;
        case 'escalate':
          checkText(action.reason, i, `${aAt}.reason`);
          break;
        case 'transfer':
          checkDepartment(action.department, i, `${aAt}.department`, false);
          break;
        case 'schedule_callback':
          checkText(action.note, i, `${aAt}.note`);
          break;
        case 'notify':
          checkText(action.message, i, `${aAt}.message`);
          checkDepartment(action.department, i, `${aAt}.department`, true);
          break;
        case 'set_disposition':
          if (context.dispositionCodes !== undefined && !context.dispositionCodes.includes(action.code))
            report('unknown_disposition', step.id, `${aAt}.code`, `sets the disposition "${action.code}", which is not one of the center's (${list(context.dispositionCodes)})`);
          break;
        case 'record_survey':
          // The hub records a survey on the callback task the call was dialled from: other flows have none.
          if (flow.category !== 'callback')
            report('action_not_allowed', step.id, aAt, `records a satisfaction survey, which only a callback flow may do (this flow's category is "${flow.category}")`);
          checkSurveyAnswer(action.score, 'satisfaction', i, `${aAt}.score`);
          checkSurveyAnswer(action.reasons, 'text', i, `${aAt}.reasons`);
          break;
        case 'pause_recording':
        case 'resume_recording':
          break;
      }
    });
  });

  // In document order of the steps (flow-wide problems first), each step's problems in the order found.
  const stepOrder = (p: FlowProblem) => Number(/^steps\.(\d+)/.exec(p.path)?.[1] ?? -1);
  return problems.map((p, k) => ({ p, k })).sort((a, b) => stepOrder(a.p) - stepOrder(b.p) || a.k - b.k).map(({ p }) => p);
}
