import { FlowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from '../../shared/flows/flow-schema';

type StepInput = FlowDefinitionInput['steps'][number];
type QuestionInput = NonNullable<StepInput['questions']>[number];

/** Both languages of a text; the en-US one marked so a test can tell which was used. */
export const t = (zh: string, en = `${zh} (en)`) => ({ 'zh-CN': zh, 'en-US': en });

export function question(id: string, type: QuestionInput['type'], more: Partial<QuestionInput> = {}): QuestionInput {
  return { id, type, label: t(`问题 ${id}`, `Question ${id}`), ...more };
}

export const options = (...values: string[]) => values.map((value) => ({ value, label: t(`选项 ${value}`, `Option ${value}`) }));

export function step(id: string, more: Partial<StepInput> = {}): StepInput {
  return { id, title: t(`步骤 ${id}`, `Step ${id}`), ...more };
}

export function flowInput(steps: StepInput[], more: Partial<FlowDefinitionInput> = {}): FlowDefinitionInput {
  return { format: 1, id: 'test.flow', title: t('测试流程', 'Test flow'), category: 'after_sales', start: steps[0]!.id, steps, ...more };
}

/** A flow as the engine gets it: through the schema, so defaults (`required: true`, …) are applied. */
export function flow(steps: StepInput[], more: Partial<FlowDefinitionInput> = {}): FlowDefinition {
  return FlowDefinitionSchema.parse(flowInput(steps, more));
}
