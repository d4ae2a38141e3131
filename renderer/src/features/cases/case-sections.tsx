import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../../../../shared/api/complaints';
import type { OrgDesign } from '../../../../shared/api/org';
import type { Language } from '../../../../shared/domain/i18n';
import { formatYuan } from '../../services/cases/money';
import { formatDateTime, formatDateTimeSeconds } from '../call-log/call-log-format';
import { Facts } from '../common/facts';
import { departmentName, evidenceOf, timelineLines } from './case-model';
import { actionText, codeText, statusText } from './case-text';
import { CaseSection } from './case-section';
import { AttachmentLink } from './evidence-section';
import { TAG_TEXT } from '../common/tag-style';

const Nothing = ({ text }: { text: string }) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ margin: 8 }} />;

/** 受理登记（表1.1）: how the complaint came in, and the intake answers as the script recorded them. */
export function IntakeSection({ detail, language }: { detail: ComplaintDetail; language: Language }) {
  const { t } = useTranslation();
  return (
    <CaseSection title={t('cases.sections.intake')}>
      <Facts
        items={[
          [t('cases.intake.channel'), codeText(t, 'channels', detail.channel)],
          [t('cases.intake.category'), detail.category === null ? t('cases.intake.unclassified') : codeText(t, 'categories', detail.category)],
          [t('cases.intake.severity'), codeText(t, 'severities', detail.severity)],
          [t('cases.intake.triage'), codeText(t, 'triages', detail.triage)],
          [t('cases.page.openedAt'), formatDateTime(detail.openedAt, language)],
          [t('cases.page.openedBy'), detail.openedBy],
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 16 }}>
        {t('cases.intake.answers')}
      </Typography.Title>
      {detail.answers.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.intake.noAnswers')}</Typography.Text>
      ) : (
        // Not Facts: two questions of a script may carry the same label.
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
          {detail.answers.map((answer, index) => (
            <div key={`${answer.stepId}.${answer.questionId}.${index}`} style={{ display: 'contents' }}>
              <dt>
                <Typography.Text type="secondary">{answer.label}</Typography.Text>
              </dt>
              <dd style={{ margin: 0, minWidth: 0, wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{answer.display}</dd>
            </div>
          ))}
        </dl>
      )}
      {detail.flow && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('cases.intake.flow', { flow: detail.flow.flowId, version: detail.flow.flowVersion })}
        </Typography.Paragraph>
      )}
    </CaseSection>
  );
}

/** 调查记录（表1.2）: each visit, whether the customer signed, and the evidence it names. */
export function InvestigationsSection({ detail, language, onDownload }: { detail: ComplaintDetail; language: Language; onDownload: (attachmentId: string, fileName: string) => void }) {
  const { t } = useTranslation();
  const { investigations, attachments } = detail.case;
  return (
    <CaseSection title={t('cases.sections.investigations')}>
      {investigations.length === 0 ? (
        <Nothing text={t('cases.investigation.none')} />
      ) : (
        <Flex vertical gap={16}>
          {investigations.map((record, index) => {
            const { form } = record;
            const evidence = evidenceOf(form.attachmentIds, attachments);
            return (
              <article key={record.id} aria-label={t('cases.investigation.record', { n: index + 1 })}>
                <Typography.Title level={3} style={{ fontSize: 14 }}>
                  {t('cases.investigation.record', { n: index + 1 })}
                </Typography.Title>
                <Facts
                  items={[
                    [t('cases.investigation.visitedAt'), formatDateTime(form.visitedAt, language)],
                    [t('cases.investigation.place'), form.place],
                    [t('cases.investigation.findings'), form.findings],
                    [t('cases.investigation.customerRecords'), form.customerRecords || t('cases.none')],
                    [t('cases.investigation.technicalMeasures'), form.technicalMeasures || t('cases.none')],
                    [
                      t('cases.investigation.signature'),
                      form.customerSigned ? (
                        t('cases.investigation.signed')
                      ) : (
                        <Tag color="warning" style={TAG_TEXT.warning}>
                          {t('cases.investigation.refused')}
                        </Tag>
                      ),
                    ],
                    ...(form.customerSigned
                      ? []
                      : ([
                          [t('cases.investigation.refusalReason'), form.refusalReason ?? t('cases.none')],
                          [t('cases.investigation.witness'), form.witness ?? t('cases.none')],
                        ] as [string, ReactNode][])),
                    [
                      t('cases.investigation.evidence'),
                      evidence.length === 0 ? (
                        t('cases.none')
                      ) : (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {evidence.map((file) => (
                            <li key={file.id}>
                              {'missing' in file ? t('cases.investigation.missingFile', { id: file.id }) : <AttachmentLink attachment={file} onDownload={onDownload} />}
                            </li>
                          ))}
                        </ul>
                      ),
                    ],
                  ]}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cases.investigation.recorded', { by: record.recordedBy, at: formatDateTime(record.recordedAt, language) })}
                </Typography.Text>
              </article>
            );
          })}
        </Flex>
      )}
    </CaseSection>
  );
}

/** 业务协查（表1.3）: what was asked of which department, and its answer. */
export function AssistanceSection({ detail, org, language }: { detail: ComplaintDetail; org: OrgDesign | null; language: Language }) {
  const { t } = useTranslation();
  const requests = detail.case.assistance;
  return (
    <CaseSection title={t('cases.sections.assistance')}>
      {requests.length === 0 ? (
        <Nothing text={t('cases.assistance.none')} />
      ) : (
        <Flex vertical gap={16}>
          {requests.map((request) => (
            <article key={request.id} aria-label={request.form.subject}>
              <Facts
                items={[
                  [t('cases.assistance.department'), departmentName(org, request.departmentCode, language) ?? request.departmentCode],
                  [t('cases.assistance.subject'), request.form.subject],
                  [t('cases.assistance.request'), request.form.request],
                  [
                    t('cases.assistance.answer'),
                    request.answer === null ? (
                      <Tag color="processing" style={TAG_TEXT.processing}>
                        {t('cases.assistance.waiting')}
                      </Tag>
                    ) : (
                      request.answer
                    ),
                  ],
                ]}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('cases.assistance.requested', { by: request.requestedBy, at: formatDateTime(request.requestedAt, language) })}
                {request.answeredAt !== null && ` · ${t('cases.assistance.answered', { by: request.answeredBy ?? '', at: formatDateTime(request.answeredAt, language) })}`}
              </Typography.Text>
            </article>
          ))}
        </Flex>
      )}
    </CaseSection>
  );
}

/** 处理意见: the classification, responsibility and measure, and who signed and approved it. */
export function ProposalSection({ detail, org, language }: { detail: ComplaintDetail; org: OrgDesign | null; language: Language }) {
  const { t } = useTranslation();
  const proposal = detail.case.proposal;
  return (
    <CaseSection title={t('cases.sections.proposal')} extra={proposal?.memo ? <Tag color="purple">{t('cases.proposal.memo')}</Tag> : undefined}>
      {proposal === null ? (
        <Nothing text={t('cases.proposal.none')} />
      ) : (
        <Facts
          items={[
            [t('cases.proposal.category'), codeText(t, 'categories', proposal.category)],
            [t('cases.proposal.responsibility'), codeText(t, 'responsibilities', proposal.responsibility)],
            [t('cases.proposal.department'), departmentName(org, proposal.departmentCode, language) ?? t('cases.none')],
            [t('cases.proposal.measure'), proposal.measure],
            [t('cases.proposal.amount'), formatYuan(proposal.compensationFen, language)],
            [t('cases.proposal.multiDepartment'), proposal.multiDepartment ? t('cases.proposal.yes') : t('cases.proposal.no')],
            [t('cases.proposal.proposedBy'), proposal.proposedBy],
            [t('cases.proposal.signedBy'), proposal.signedBy ?? t('cases.proposal.notSigned')],
            [t('cases.proposal.needsApproval'), proposal.needsApproval ? t('cases.proposal.yes') : t('cases.proposal.no')],
            ...(proposal.needsApproval ? ([[t('cases.proposal.approvedBy'), proposal.approvedBy ?? t('cases.proposal.notApproved')]] as [string, ReactNode][]) : []),
          ]}
        />
      )}
    </CaseSection>
  );
}

/** 处理过程: every line of the history with who, when, the status before → after, and why. */
export function TimelineSection({ detail, language }: { detail: ComplaintDetail; language: Language }) {
  const { t } = useTranslation();
  const lines = timelineLines(detail.events);
  return (
    <CaseSection title={t('cases.sections.timeline')}>
      {lines.length === 0 ? (
        <Nothing text={t('cases.timeline.none')} />
      ) : (
        <Timeline
          items={lines.map((line) => ({
            key: line.id,
            color: line.status?.moved ? 'blue' : 'gray',
            content: (
              <div>
                <Flex gap={8} wrap align="baseline">
                  <Typography.Text strong>{line.what.kind === 'action' ? actionText(t, line.what.type) : t(`cases.events.${line.what.type}`, { defaultValue: line.what.type })}</Typography.Text>
                  <Typography.Text type="secondary">
                    {line.by} · <time dateTime={line.at}>{formatDateTimeSeconds(line.at, language)}</time>
                  </Typography.Text>
                </Flex>
                {line.status && (
                  <div>
                    {line.status.moved
                      ? t('cases.timeline.moved', { from: statusText(t, line.status.from), to: statusText(t, line.status.to) })
                      : t('cases.timeline.unchanged', { status: statusText(t, line.status.to) })}
                  </div>
                )}
                <Typography.Paragraph type={line.text === '' ? 'secondary' : undefined} style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {line.text === '' ? t('cases.timeline.noReason') : line.text}
                </Typography.Paragraph>
              </div>
            ),
          }))}
        />
      )}
    </CaseSection>
  );
}
