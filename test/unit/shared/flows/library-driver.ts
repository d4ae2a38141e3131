import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_DEPARTMENTS } from '../../../../hub/src/seed/demo-org';
import { DEMO_DISPOSITION_CODES } from '../../../../hub/src/seed/demo-disposition-codes';
import { completeStep, setAnswer, startRun, stepOf } from '../../../../shared/flows/flow-engine';
import type { ActionRequest, AnswerValue, FlowFacts, FlowRun, ResolvedAction } from '../../../../shared/flows/flow-run';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { checkFlowSource, formatProblem, type FlowCheckContext } from '../../../../shared/flows/flow-source';
import { renderTemplate, templateToText } from '../../../../shared/flows/flow-template';

/*
 * The flow library (hub/src/seed/flows) as the path tests see it, and a driver that plays the agent:
 * answer the questions of the step on screen, complete it, and so on to the end, keeping every
 * action the engine requested on the way.
 */

export const LIBRARY_DIR = fileURLToPath(new URL('../../../../hub/src/seed/flows/', import.meta.url));

/** The demo center the library is written for: the seed's own lists, so the test stays true to the seed. */
export const DEMO_CONTEXT: FlowCheckContext = {
  departments: DEMO_DEPARTMENTS.map((d) => d.code),
  dispositionCodes: DEMO_DISPOSITION_CODES.map((d) => d.code),
};

export interface LibraryFile {
  file: string;
  source: string;
}

export function libraryFiles(): LibraryFile[] {
  return readdirSync(LIBRARY_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, source: readFileSync(`${LIBRARY_DIR}${file}`, 'utf8') }));
}

let library: Map<string, FlowDefinition> | null = null;

/** A library flow by id, checked as the hub's upload checks it; a flow with problems fails the test that asks for it. */
export function libraryFlow(id: string): FlowDefinition {
  if (!library) {
    library = new Map();
    for (const { file, source } of libraryFiles()) {
      const { flow, problems } = checkFlowSource(source, 'yaml', DEMO_CONTEXT);
      if (flow && problems.length === 0) library.set(flow.id, flow);
      else if (problems.length > 0) throw new Error(`${file}:\n${problems.map(formatProblem).join('\n')}`);
    }
  }
  const flow = library.get(id);
  if (!flow) throw new Error(`no library flow "${id}" in ${LIBRARY_DIR}`);
  return flow;
}

/** A call with everything known: the screen pop found the customer, the order and the product. */
export const KNOWN_CALL: FlowFacts = {
  'customer.name': '张伟',
  'customer.phone': '+8613800138000',
  'order.no': 'DD20250301001',
  'order.courier': '顺丰',
  'order.waybillNo': 'SF1234567890',
  'order.shippingState': 'printed',
  'product.serialNo': 'SN-2024-00871',
  'product.model': 'JX-200 饲料粉碎机',
  'product.purchaseDate': '2024-05-18',
  'ticket.no': 'TS-2025-000123',
  'ticket.title': '饲料品质投诉',
  'call.number': '+8613800138000',
  'agent.name': '李娜',
};

const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-01T08:05:00.000Z';

type ActionOf<T extends ResolvedAction['type']> = Extract<ResolvedAction, { type: T }>;

export class FlowDriver {
  run: FlowRun;
  readonly requests: ActionRequest[] = [];
  /** Every step shown, in order (a step shown twice after a Back or a loop is listed twice). */
  readonly shown: string[];

  constructor(
    readonly flow: FlowDefinition,
    readonly facts: FlowFacts = KNOWN_CALL,
    readonly lang: 'zh-CN' | 'en-US' = 'zh-CN',
  ) {
    this.run = startRun(flow, { runId: 'run-1', now: T0, facts, flowVersion: 1 });
    this.shown = [this.run.stepId];
  }

  get stepId(): string {
    return this.run.stepId;
  }

  /** Answers questions of the step on screen; an answer the engine refuses fails the test. */
  answer(values: Record<string, AnswerValue | null>): this {
    for (const [questionId, value] of Object.entries(values)) {
      const result = setAnswer(this.flow, this.run, questionId, value, T1);
      if (result.error) throw new Error(`step "${this.stepId}": answer ${JSON.stringify(value)} to "${questionId}" refused: ${result.error.code}`);
      this.run = result.run;
    }
    return this;
  }

  complete(): this {
    const result = completeStep(this.flow, this.run, { facts: this.facts, lang: this.lang, now: T1 });
    if (!result.ok) throw new Error(`step "${this.stepId}" refused: ${JSON.stringify(result.errors)}`);
    this.run = result.run;
    this.requests.push(...result.actions);
    if (this.run.status === 'running') this.shown.push(this.run.stepId);
    return this;
  }

  /**
   * Plays the agent until the run ends (or the step `until` is on screen): on each step, gives the
   * answers of `values` that belong to its questions, leaves the rest (prefilled, or optional and
   * skipped) as they are, and completes it.
   */
  walk(values: Record<string, AnswerValue | null>, until?: string): this {
    for (let guard = 0; this.run.status === 'running' && this.stepId !== until; guard++) {
      if (guard > 100) throw new Error(`flow "${this.flow.id}" did not end after 100 steps; last step "${this.stepId}"`);
      const own = (stepOf(this.flow, this.stepId).questions ?? []).filter((q) => q.id in values);
      this.answer(Object.fromEntries(own.map((q) => [q.id, values[q.id]!])));
      this.complete();
    }
    return this;
  }

  /** The actions requested so far, in order. */
  get actions(): ResolvedAction[] {
    return this.requests.map((r) => r.action);
  }

  actionsOf<T extends ResolvedAction['type']>(type: T): Array<ActionOf<T>> {
    return this.actions.filter((a): a is ActionOf<T> => a.type === type);
  }

  /** The one action of a type; fails the test when there are none or several. */
  only<T extends ResolvedAction['type']>(type: T): ActionOf<T> {
    const found = this.actionsOf(type);
    if (found.length !== 1) throw new Error(`expected one ${type} action, got ${found.length}: ${JSON.stringify(this.actions)}`);
    return found[0]!;
  }

  /** The step's `say` as the agent reads it now. */
  say(stepId = this.stepId): string {
    const text = stepOf(this.flow, stepId).say;
    if (!text) return '';
    return templateToText(renderTemplate(text[this.lang], { facts: this.facts, answers: this.run.answers, flow: this.flow, lang: this.lang }));
  }
}

export const drive = (flowId: string, facts: FlowFacts = KNOWN_CALL, lang: 'zh-CN' | 'en-US' = 'zh-CN') => new FlowDriver(libraryFlow(flowId), facts, lang);
