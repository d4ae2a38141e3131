import { ArrowLeftOutlined, ArrowRightOutlined, CheckOutlined, CloseCircleFilled, StopOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Progress, Tag, Typography } from 'antd';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/domain/i18n';
import { needsContextTicket } from '../../../../shared/flows/flow-context';
import { answerLines, runProgress, stepOf } from '../../../../shared/flows/flow-engine';
import { renderTemplate } from '../../../../shared/flows/flow-template';
import type { FlowStep } from '../../../../shared/flows/flow-schema';
import type { FlowRunView } from '../../store/flow-slice-state';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { AbandonDialog } from './abandon-dialog';
import { FlowActionList } from './flow-action-list';
import { FlowCopyStatus } from './flow-copy-status';
import { runnerElementId } from './flow-model';
import { FlowSummary } from './flow-summary';
import { abandonReasonText, fieldLabel } from './flow-text';
import { QuestionField } from './question-field';
import { ScriptChooser, ScriptSelect } from './script-picker';
import { SnippetList } from './snippet-list';
import { SwitchScriptDialog } from './switch-script-dialog';
import { TemplateText } from './template-text';
import { createDraftRegistry, DraftRegistryContext } from './use-answer-draft';

export interface ScriptRunnerProps {
  callId: string;
  /** The IVR's choice the call came with: its scripts are offered first. */
  ivrChoice: string | null;
  /** The call is on the phone: without a run yet, offer to start one (in wrap-up, nothing to show then). */
  live: boolean;
}

/**
 * The script of one call, beside the caller's card while it is on the phone and in its wrap-up
 * after: what to say, what to ask, and what the script did. Everything the agent gives is saved by
 * the store as it is given; this renders the store's view of the run and calls its actions.
 */
export function ScriptRunner({ callId, ivrChoice, live }: ScriptRunnerProps) {
  const { t } = useTranslation();
  const view = useConsoleStore((s) => s.flows.runs[callId]);
  const catalog = useConsoleStore((s) => s.flows.catalog);
  const runnerError = useConsoleStore((s) => s.flows.error);
  const language = useConsoleStore((s) => s.ui.language);
  const startFlow = useConsoleStore((s) => s.startFlow);
  if (!view && !live) return null;
  return (
    <Card
      size="small"
      role="region"
      aria-label={t('flows.runner.region')}
      id={runnerElementId(callId)}
      // The wrap-up's "finish the script first" moves focus here.
      tabIndex={-1}
      style={{ borderColor: view?.run.status === 'running' ? '#0958d9' : undefined }}
    >
      <Flex vertical gap={12}>
        {runnerError && (
          <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('flows.runner.failed')} description={errorText(t, runnerError)} />
        )}
        {view ? (
          <RunView key={`${view.run.flowId}:${view.run.startedAt}`} view={view} callId={callId} ivrChoice={ivrChoice} live={live} language={language} />
        ) : (
          <>
            <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
              {t('flows.picker.title')}
            </Typography.Title>
            <ScriptChooser callId={callId} catalog={catalog} language={language} ivrChoice={ivrChoice} onStart={(flowId, options) => startFlow(callId, flowId, options)} />
          </>
        )}
        <FlowCopyStatus />
      </Flex>
    </Card>
  );
}

interface RunViewProps {
  view: FlowRunView;
  callId: string;
  ivrChoice: string | null;
  live: boolean;
  language: Language;
}

function RunView({ view, callId, ivrChoice, live, language }: RunViewProps) {
  const { t } = useTranslation();
  const { flow, run } = view;
  const dispositions = useConsoleStore((s) => s.phone.dispositionCodes);
  const retry = useConsoleStore((s) => s.retryFlowActions);
  const startFlow = useConsoleStore((s) => s.startFlow);
  const catalog = useConsoleStore((s) => s.flows.catalog);
  // The run as first shown (a reload, the call's card moving to wrap-up) leaves the focus where it
  // is; a step or the summary reached since (Next, Back, Finish) takes it.
  const [shownAt] = useState(run.updatedAt);
  const moved = run.updatedAt !== shownAt;

  const renderText = (text: string): ReactNode => (
    <TemplateText
      segments={renderTemplate(text, { facts: view.facts, answers: run.answers, flow, lang: language })}
      labelOf={(ref) => fieldLabel(t, ref, flow, language)}
    />
  );

  return (
    <>
      <RunHeader view={view} callId={callId} ivrChoice={ivrChoice} language={language} />
      {run.status === 'running' && <StepPanel view={view} callId={callId} language={language} renderText={renderText} takeFocus={moved} />}
      {run.status === 'completed' && (
        <FlowSummary
          outcome={run.outcome}
          lines={answerLines(flow, run, language)}
          actions={view.actions}
          dispositions={dispositions}
          language={language}
          onRetry={retry}
          takeFocus={moved}
        />
      )}
      {run.status === 'abandoned' && (
        <>
          <Alert
            type="warning"
            showIcon
            icon={<WarningFilled aria-hidden />}
            title={t('flows.runner.abandoned', { reason: abandonReasonText(t, run.abandonReason) })}
            description={t('flows.runner.abandonedHint')}
          />
          <FlowActionList actions={view.actions} dispositions={dispositions} language={language} onRetry={retry} />
          {live && <ScriptChooser callId={callId} catalog={catalog} language={language} ivrChoice={ivrChoice} onStart={(flowId, options) => startFlow(callId, flowId, options)} />}
        </>
      )}
    </>
  );
}

/** Title, version, progress, the case the call is about, and "Switch script" (which asks first: it abandons the run). */
function RunHeader({ view, callId, ivrChoice, language }: { view: FlowRunView; callId: string; ivrChoice: string | null; language: Language }) {
  const { t } = useTranslation();
  const switchId = useId();
  const [switchingTo, setSwitchingTo] = useState<string | null>(null);
  const catalog = useConsoleStore((s) => s.flows.catalog);
  const startFlow = useConsoleStore((s) => s.startFlow);
  const { flow, run } = view;
  const progress = runProgress(flow, run);
  const running = run.status === 'running';
  const progressText = running ? t('flows.runner.progress', { current: progress.done + 1, total: progress.total }) : t('flows.runner.progressDone', { total: progress.total });

  const switchTo = (flowId: string) => {
    if (flowId !== run.flowId) setSwitchingTo(flowId);
  };
  const target = switchingTo === null ? undefined : catalog.find((entry) => entry.id === switchingTo);

  return (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {flow.title[language]} <Tag style={{ marginInlineStart: 4, fontWeight: 'normal' }}>{t('flows.runner.version', { version: view.flowVersion })}</Tag>
          </Typography.Title>
          {view.contextTicket ? (
            <Typography.Text type="secondary" style={{ display: 'block' }} data-context-ticket={view.contextTicket.ticketNo}>
              {t('flows.context.header', { ticketNo: view.contextTicket.ticketNo, title: view.contextTicket.title, status: view.contextTicket.status })}
            </Typography.Text>
          ) : (
            needsContextTicket(flow) && (
              <Typography.Text type="warning" style={{ display: 'block' }}>
                {t('flows.context.noneChosen')}
              </Typography.Text>
            )
          )}
        </div>
        {running && catalog.length > 1 && (
          <Flex align="center" gap={6}>
            <label htmlFor={switchId}>{t('flows.switch.label')}</label>
            <div style={{ width: 200, maxWidth: '50vw' }}>
              <ScriptSelect id={switchId} catalog={catalog} language={language} ivrChoice={ivrChoice} value={run.flowId} onChange={switchTo} />
            </div>
          </Flex>
        )}
        {target && (
          <SwitchScriptDialog
            callId={callId}
            target={target}
            language={language}
            onCancel={() => setSwitchingTo(null)}
            onConfirm={async (options) => {
              await startFlow(callId, target.id, options);
              setSwitchingTo(null);
            }}
          />
        )}
      </Flex>
      {/* An abandoned run went nowhere: the alert below says so, a progress bar would not. */}
      {run.status !== 'abandoned' && (
        <Flex align="center" gap={8}>
          <Typography.Text style={{ whiteSpace: 'nowrap' }}>{progressText}</Typography.Text>
          <Progress
            percent={progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0}
            showInfo={false}
            size="small"
            aria-label={t('flows.runner.progressLabel')}
            aria-valuetext={progressText}
            style={{ margin: 0, flex: 1 }}
          />
        </Flex>
      )}
    </Flex>
  );
}

interface StepPanelProps {
  view: FlowRunView;
  callId: string;
  language: Language;
  renderText: (text: string) => ReactNode;
}

function StepPanel({ view, callId, language, renderText, takeFocus }: StepPanelProps & { takeFocus: boolean }) {
  const { t } = useTranslation();
  const { flow, run } = view;
  let step: FlowStep | null;
  try {
    step = stepOf(flow, run.stepId);
  } catch {
    // Only a run saved against a flow that has since changed under the same version could get here.
    step = null;
  }
  if (!step) {
    return (
      <>
        <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={t('flows.runner.unknownStep', { step: run.stepId })} />
        <StepButtons view={view} callId={callId} step={null} />
      </>
    );
  }
  return <Step key={step.id} view={view} step={step} callId={callId} language={language} renderText={renderText} takeFocus={takeFocus} />;
}

function Step({ view, step, callId, language, renderText, takeFocus }: StepPanelProps & { step: FlowStep; takeFocus: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const baseId = useId();
  const answerFlow = useConsoleStore((s) => s.answerFlow);
  const dispositions = useConsoleStore((s) => s.phone.dispositionCodes);
  const retry = useConsoleStore((s) => s.retryFlowActions);
  const registry = useMemo(() => createDraftRegistry(), []);
  const container = useRef<HTMLDivElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const { run } = view;
  const say = step.say?.[language];

  // A step reached by Next or Back takes the focus to its title, so the keyboard and the screen
  // reader continue from the top of what is now to be said. Only on arrival: `takeFocus` is read once.
  const [focusOnArrival] = useState(takeFocus);
  useEffect(() => {
    if (focusOnArrival) title.current?.focus();
  }, [focusOnArrival]);

  const inputId = (questionId: string) => `${baseId}-${questionId}`;

  return (
    <DraftRegistryContext.Provider value={registry}>
      <div ref={container} role="group" aria-labelledby={titleId} data-step={step.id}>
        <Flex vertical gap={12}>
          <Typography.Title level={4} id={titleId} ref={title} tabIndex={-1} style={{ fontSize: 15, margin: 0 }}>
            {step.title[language]}
          </Typography.Title>
          {say && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('flows.runner.say')}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 15, lineHeight: 1.7, padding: '8px 12px', background: '#f0f5ff', borderInlineStart: '3px solid #0958d9' }}>
                {renderText(say)}
              </div>
            </div>
          )}
          {step.snippets && step.snippets.length > 0 && <SnippetList snippets={step.snippets} language={language} renderText={renderText} />}
          {(step.questions ?? []).map((question) => {
            const given = run.answers[question.id];
            return (
              <QuestionField
                key={question.id}
                question={question}
                value={given?.value}
                prefilled={given?.prefilled === true}
                error={view.errors[question.id]}
                language={language}
                inputId={inputId(question.id)}
                renderText={renderText}
                onAnswer={(value) => answerFlow(callId, question.id, value)}
              />
            );
          })}
          <StepButtons view={view} callId={callId} step={step} flushDrafts={registry.flushAll} container={container} />
          <FlowActionList actions={view.actions} dispositions={dispositions} language={language} onRetry={retry} />
        </Flex>
      </div>
    </DraftRegistryContext.Provider>
  );
}

interface StepButtonsProps {
  view: FlowRunView;
  callId: string;
  step: FlowStep | null;
  flushDrafts?: () => Promise<void>;
  container?: RefObject<HTMLDivElement | null>;
}

/** Back, Next (Finish on an end step) and Abandon. Typed answers are saved before the step is left. */
function StepButtons({ view, callId, step, flushDrafts, container }: StepButtonsProps) {
  const { t } = useTranslation();
  const completeFlowStep = useConsoleStore((s) => s.completeFlowStep);
  const backFlow = useConsoleStore((s) => s.backFlow);
  const abandonFlow = useConsoleStore((s) => s.abandonFlow);
  const [busy, setBusy] = useState<'next' | 'back' | null>(null);
  const [abandoning, setAbandoning] = useState(false);
  const isEnd = step?.end !== undefined;

  const next = async () => {
    setBusy('next');
    try {
      await flushDrafts?.();
      const done = await completeFlowStep(callId);
      // The problems are in the store now; the first one's field gets the focus once rendered.
      if (!done) requestAnimationFrame(() => focusFirstProblem(container?.current ?? null));
    } finally {
      setBusy(null);
    }
  };
  const back = async () => {
    setBusy('back');
    try {
      await flushDrafts?.();
      await backFlow(callId);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex justify="space-between" gap={8} wrap>
      <Flex gap={8}>
        <Button icon={<ArrowLeftOutlined aria-hidden />} disabled={view.run.trail.length === 0 || busy !== null} loading={busy === 'back'} onClick={() => void back()}>
          {t('flows.runner.back')}
        </Button>
        {step && (
          <Button
            type="primary"
            icon={isEnd ? <CheckOutlined aria-hidden /> : <ArrowRightOutlined aria-hidden />}
            iconPlacement={isEnd ? 'start' : 'end'}
            disabled={busy !== null && busy !== 'next'}
            loading={busy === 'next'}
            onClick={() => void next()}
          >
            {isEnd ? t('flows.runner.finish') : t('flows.runner.next')}
          </Button>
        )}
      </Flex>
      <Button danger icon={<StopOutlined aria-hidden />} onClick={() => setAbandoning(true)}>
        {t('flows.runner.abandon')}
      </Button>
      {abandoning && (
        <AbandonDialog
          open
          onCancel={() => setAbandoning(false)}
          onConfirm={async (reason) => {
            await abandonFlow(callId, reason);
            setAbandoning(false);
          }}
        />
      )}
    </Flex>
  );
}

/** Focus to the first field with a problem: an input, or the checked (else first) radio of a group. */
function focusFirstProblem(root: HTMLElement | null): void {
  const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!invalid) return;
  if (invalid.matches('input, textarea, select, [role="combobox"]')) {
    invalid.focus();
    return;
  }
  const radio = invalid.querySelector<HTMLInputElement>('input:checked') ?? invalid.querySelector<HTMLInputElement>('input');
  (radio ?? invalid).focus();
}
