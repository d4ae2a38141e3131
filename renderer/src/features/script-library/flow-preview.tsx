import { ArrowRightOutlined, FlagOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredFlow } from '../../../../shared/api/flows';
import type { FlowDefinition, FlowStep } from '../../../../shared/flows/flow-schema';
import { formatDateTime } from '../call-log/call-log-format';
import { actionDescription, nextText, publishedText, questionFacts, triggerTexts, type LibraryWords } from './library-text';
import { TemplatePreview } from './template-preview';

const BLOCK = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;
const LIST = { margin: 0, paddingInlineStart: 20 } as const;

export interface FlowPreviewProps {
  stored: StoredFlow;
  words: LibraryWords;
  /** False for an earlier version, shown for comparison: it says so. */
  inForce: boolean;
  /** Beside the header: the versions and the download, for those who publish. */
  tools?: ReactNode;
}

/**
 * One flow, read-only, as a study aid: every step in the order written, with what to say (fields as
 * tags, never filled in or rendered as markup), what to ask, what the step does when completed and
 * where it goes next, by the steps' titles.
 */
export function FlowPreview({ stored, words, inForce, tools }: FlowPreviewProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const { language } = words;
  const flow = stored.definition;
  const triggers = triggerTexts(t, stored.triggers, words);
  return (
    <section aria-labelledby={headingId}>
      <Flex vertical gap={8}>
        <Typography.Title level={2} id={headingId} style={{ fontSize: 17, margin: 0 }}>
          {stored.title[language]} <Tag style={{ marginInlineStart: 4 }}>{t('scriptLibrary.list.version', { version: stored.version })}</Tag>
        </Typography.Title>
        <Typography.Text type="secondary">
          <Typography.Text code>{stored.id}</Typography.Text> · {t(`flows.groups.${stored.category}`)} ·{' '}
          {publishedText(t, stored, (iso) => formatDateTime(iso, language))}
        </Typography.Text>
        {/* antd's warning tag is too pale to read (WCAG contrast): the runner's warning colours instead. */}
        {!inForce && (
          <Typography.Text strong style={{ color: '#ad4e00', background: '#fff7e6', padding: '2px 8px', borderRadius: 4, alignSelf: 'flex-start' }}>
            {t('scriptLibrary.preview.notInForce')}
          </Typography.Text>
        )}
        <Flex gap={4} wrap aria-label={t('scriptLibrary.triggers.label')} role="group">
          {triggers.length > 0 ? triggers.map((text) => <Tag key={text}>{text}</Tag>) : <Tag>{t('scriptLibrary.triggers.none')}</Tag>}
        </Flex>
        {flow.description && <Typography.Paragraph style={{ ...BLOCK, margin: 0 }}>{flow.description[language]}</Typography.Paragraph>}
        {tools}
        <Typography.Text type="secondary">{t('scriptLibrary.preview.stepCount', { count: flow.steps.length })}</Typography.Text>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
          {flow.steps.map((step, index) => (
            <li key={step.id}>
              <StepCard step={step} index={index} flow={flow} words={words} />
            </li>
          ))}
        </ol>
      </Flex>
    </section>
  );
}

function StepCard({ step, index, flow, words }: { step: FlowStep; index: number; flow: FlowDefinition; words: LibraryWords }) {
  const { t } = useTranslation();
  const { language } = words;
  const next = nextText(t, step, flow, language);
  const section = (title: string, body: ReactNode) => (
    <div>
      <Typography.Title level={4} style={{ fontSize: 13, margin: '0 0 4px' }}>
        {title}
      </Typography.Title>
      {body}
    </div>
  );
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={3} style={{ fontSize: 14, margin: 0, whiteSpace: 'normal' }}>
          {t('scriptLibrary.preview.stepTitle', { n: index + 1, title: step.title[language] })}
        </Typography.Title>
      }
      extra={
        <Flex gap={4} align="center">
          {step.id === flow.start && <Tag variant="solid" color="#135200">{t('scriptLibrary.preview.start')}</Tag>}
          <Typography.Text type="secondary" code>
            {step.id}
          </Typography.Text>
        </Flex>
      }
    >
      <Flex vertical gap={10}>
        {step.say &&
          section(
            t('scriptLibrary.preview.say'),
            <blockquote style={{ ...BLOCK, margin: 0, paddingInlineStart: 12, borderInlineStart: '3px solid #d9d9d9' }}>
              <TemplatePreview text={step.say[language]} flow={flow} language={language} />
            </blockquote>,
          )}
        {(step.questions ?? []).length > 0 &&
          section(
            t('scriptLibrary.preview.questions'),
            <ul style={LIST}>
              {(step.questions ?? []).map((q) => (
                <li key={q.id}>
                  <Typography.Text strong>{q.label[language]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">({questionFacts(t, q, flow, language).join(t('scriptLibrary.conditions.listSeparator'))})</Typography.Text>
                  {q.help && <div style={{ ...BLOCK, color: 'rgba(0,0,0,0.65)' }}>{q.help[language]}</div>}
                  {q.options && (
                    <div>
                      {t('scriptLibrary.preview.options')}{' '}
                      {q.options.map((o) => (
                        <Tag key={o.value} style={{ marginBlock: 2 }}>
                          {o.label[language]}
                        </Tag>
                      ))}
                    </div>
                  )}
                </li>
              ))}
            </ul>,
          )}
        {(step.snippets ?? []).length > 0 &&
          section(
            t('scriptLibrary.preview.snippets'),
            <ul style={LIST}>
              {(step.snippets ?? []).map((s) => (
                <li key={s.id} style={BLOCK}>
                  <Typography.Text strong>{s.title[language]}</Typography.Text>: <TemplatePreview text={s.text[language]} flow={flow} language={language} />
                </li>
              ))}
            </ul>,
          )}
        {(step.actions ?? []).length > 0 &&
          section(
            t('scriptLibrary.preview.actions'),
            <ol style={LIST}>
              {(step.actions ?? []).map((action, i) => {
                const described = actionDescription(t, action, flow, words);
                return (
                  <li key={i} style={BLOCK}>
                    {described.text}
                    {described.template !== null && (
                      <>
                        {t('scriptLibrary.actions.textSeparator')}
                        <TemplatePreview text={described.template} flow={flow} language={language} />
                      </>
                    )}
                  </li>
                );
              })}
            </ol>,
          )}
        {section(
          t('scriptLibrary.preview.next'),
          next.kind === 'end' ? (
            <Typography.Text>
              <FlagOutlined aria-hidden /> {next.text}
            </Typography.Text>
          ) : (
            <ul style={LIST}>
              {next.branches.map((b, i) => (
                <li key={i}>
                  {b.when !== null && <>{b.when} </>}
                  <ArrowRightOutlined aria-label={t('scriptLibrary.next.goesTo')} /> <Typography.Text strong>{b.to}</Typography.Text>
                </li>
              ))}
            </ul>
          ),
        )}
      </Flex>
    </Card>
  );
}
