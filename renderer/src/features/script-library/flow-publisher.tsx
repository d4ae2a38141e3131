import { CheckCircleFilled, CloseCircleFilled, CloudUploadOutlined, SafetyCertificateOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowProblem, StoredFlow } from '../../../../shared/api/flows';
import type { OrgDesign } from '../../../../shared/api/org';
import type { FlowDefinition } from '../../../../shared/flows/flow-schema';
import { checkFlowSource, type FlowSourceFormat } from '../../../../shared/flows/flow-source';
import { createLogger } from '../../logger';
import { useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import { userFacing } from '../customer/customer-model';
import { checkFlowFile } from './library-model';
import { fileRefusalText } from './library-text';
import { ProblemTable } from './problem-table';

const log = createLogger('script-library/publish');

interface ChosenFile {
  name: string;
  format: FlowSourceFormat;
  source: string;
  sizeKb: number;
}

type Outcome =
  | { kind: 'refused'; text: string }
  | { kind: 'checked'; flow: FlowDefinition }
  | { kind: 'problems'; by: 'local' | 'hub'; problems: FlowProblem[] }
  | { kind: 'published'; flow: StoredFlow }
  | { kind: 'failed'; error: UserFacingError };

export interface FlowPublisherProps {
  /** Department codes to check against at once; null when the org design did not come (the hub checks them on Publish). */
  org: OrgDesign | null;
  /** The org design could not be loaded: the department codes are left to the hub. */
  orgFailed: boolean;
  onPublished(flow: StoredFlow): void;
}

/**
 * Publishing a new version of a flow: choose a YAML or JSON file, Check it here at once (the same
 * checks as `npm run flows:check` and the hub, against the org design's departments), Publish it to
 * the hub, which checks it again with the disposition codes and makes it the version in force.
 * Either way every problem is listed with its step. Calls in progress keep their version.
 */
export function FlowPublisher({ org, orgFailed, onPublished }: FlowPublisherProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const language = useConsoleStore((s) => s.ui.language);
  const publishFlow = useConsoleStore((s) => s.publishFlow);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'reading' | 'publishing' | null>(null);

  const clearInput = () => {
    if (input.current) input.current.value = '';
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    setOutcome(null);
    setFile(null);
    if (!picked) return;
    // Refused on its name and size, before it is read: a 10 MB file picked by mistake never reaches the page.
    const verdict = checkFlowFile(picked);
    if (!verdict.ok) {
      setOutcome({ kind: 'refused', text: fileRefusalText(t, verdict) });
      clearInput();
      return;
    }
    setBusy('reading');
    try {
      const source = await picked.text();
      setFile({ name: picked.name, format: verdict.format, source, sizeKb: Math.max(1, Math.ceil(picked.size / 1024)) });
    } catch (error) {
      log.warn('could not read the chosen flow file', error);
      setOutcome({ kind: 'refused', text: t('scriptLibrary.publish.readFailed', { detail: error instanceof Error ? error.message : String(error) }) });
      clearInput();
    } finally {
      setBusy(null);
    }
  };

  const check = () => {
    if (!file) return;
    // Disposition codes live on the hub: they are checked when the file is published.
    const result = checkFlowSource(file.source, file.format, org ? { departments: org.departments.map((d) => d.code) } : {});
    setOutcome(result.problems.length > 0 || !result.flow ? { kind: 'problems', by: 'local', problems: result.problems } : { kind: 'checked', flow: result.flow });
  };

  const publish = async () => {
    if (!file || busy) return;
    setBusy('publishing');
    try {
      const result = await publishFlow({ source: file.source, format: file.format });
      if (result.status === 'rejected') {
        setOutcome({ kind: 'problems', by: 'hub', problems: result.problems });
        return;
      }
      setOutcome({ kind: 'published', flow: result.flow });
      // Published once: the same file must be chosen again to publish it again.
      setFile(null);
      clearInput();
      onPublished(result.flow);
    } catch (error) {
      setOutcome({ kind: 'failed', error: userFacing(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      role="region"
      aria-labelledby={headingId}
      title={
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('scriptLibrary.publish.title')}
        </Typography.Title>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('scriptLibrary.publish.intro')}</Typography.Text>
        <Flex gap={12} align="center" wrap>
          <label htmlFor={inputId}>{t('scriptLibrary.publish.file')}</label>
          <input ref={input} id={inputId} type="file" accept=".yaml,.yml,.json" onChange={(e) => void choose(e)} disabled={busy === 'publishing'} />
        </Flex>
        {file && (
          <Typography.Text>
            {t('scriptLibrary.publish.chosen', { name: file.name, size: file.sizeKb })}
          </Typography.Text>
        )}
        <Flex gap={8} wrap>
          <Button icon={<SafetyCertificateOutlined aria-hidden />} onClick={check} disabled={!file || busy !== null}>
            {t('scriptLibrary.publish.check')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined aria-hidden />} onClick={() => void publish()} disabled={!file || busy === 'reading'} loading={busy === 'publishing'}>
            {busy === 'publishing' ? t('scriptLibrary.publish.publishing') : t('scriptLibrary.publish.publish')}
          </Button>
        </Flex>
        {orgFailed && <Typography.Text type="secondary">{t('scriptLibrary.publish.noOrg')}</Typography.Text>}
        {outcome && <OutcomeView outcome={outcome} language={language} />}
      </Flex>
    </Card>
  );
}

function OutcomeView({ outcome, language }: { outcome: Outcome; language: 'zh-CN' | 'en-US' }) {
  const { t } = useTranslation();
  switch (outcome.kind) {
    case 'refused':
      return <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} title={outcome.text} />;
    case 'checked':
      return (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled aria-hidden />}
          title={t('scriptLibrary.publish.checkOk', { title: outcome.flow.title[language], id: outcome.flow.id })}
        />
      );
    case 'problems': {
      const count = outcome.problems.length;
      const title = outcome.by === 'local' ? t('scriptLibrary.publish.checkProblems', { count }) : t('scriptLibrary.publish.rejected', { count });
      return (
        <Flex vertical gap={8}>
          <Alert type="warning" showIcon icon={<WarningFilled aria-hidden />} title={title} />
          <ProblemTable problems={outcome.problems} />
        </Flex>
      );
    }
    case 'published':
      return (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled aria-hidden />}
          title={t('scriptLibrary.publish.published', { title: outcome.flow.title[language], version: outcome.flow.version })}
        />
      );
    case 'failed':
      return (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('scriptLibrary.publish.failed')}
          description={outcome.error.code === 'conflict' ? t('scriptLibrary.publish.conflict') : errorText(t, outcome.error)}
        />
      );
  }
}
