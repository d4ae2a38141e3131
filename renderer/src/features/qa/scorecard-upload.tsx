import { CheckCircleFilled, CloseCircleFilled, CloudUploadOutlined, SafetyCertificateOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scorecard } from '../../../../shared/qa/scorecard';
import { createLogger } from '../../logger';
import { isHubError } from '../../services/hub';
import { toUserFacingError, useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import { checkScorecardSource, SCORECARD_SOURCE_LIMIT_BYTES, scorecardPoints, type ScorecardProblem } from './scorecard-source';

const log = createLogger('qa/scorecard-upload');

/** What the admin is writing: kept by the tab, so "edit from this version" can fill it and nothing typed is lost on an error. */
export interface UploadDraft {
  id: string;
  text: string;
}

type Outcome =
  | { kind: 'refused'; text: string }
  | { kind: 'checked'; name: string; points: number }
  | { kind: 'problems'; by: 'local' | 'hub'; problems: ScorecardProblem[] }
  | { kind: 'saved'; card: Scorecard }
  | { kind: 'failed'; error: UserFacingError };

export interface ScorecardUploadProps {
  draft: UploadDraft;
  onDraft: (draft: UploadDraft) => void;
  /** The ids of the active cards: an existing one gets its next version, a new one starts at 1. */
  knownIds: readonly string[];
  onSaved: (card: Scorecard) => void;
}

/**
 * 上传新版本: a card pasted or picked as YAML or JSON, checked here first with the contract's schema
 * (every problem by path and line), then stored by the hub as the id's next version. Evaluations
 * keep the version they were scored on.
 */
export function ScorecardUpload({ draft, onDraft, knownIds, onSaved }: ScorecardUploadProps) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const callHub = useConsoleStore((s) => s.callHub);
  const ids = { heading: useId(), id: useId(), idHelp: useId(), file: useId(), text: useId(), known: useId() };
  const fileInput = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'reading' | 'saving' | null>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (!picked) return;
    setOutcome(null);
    // Refused on its size before it is read: a large file picked by mistake never reaches the page.
    if (picked.size > SCORECARD_SOURCE_LIMIT_BYTES) {
      setOutcome({ kind: 'refused', text: t('qa.cards.upload.fileTooLarge', { limit: SCORECARD_SOURCE_LIMIT_BYTES / 1024 }) });
    } else {
      setBusy('reading');
      try {
        onDraft({ ...draft, text: await picked.text() });
      } catch (error) {
        log.warn('could not read the chosen scorecard file', error);
        setOutcome({ kind: 'refused', text: t('qa.cards.upload.readFailed', { detail: error instanceof Error ? error.message : String(error) }) });
      } finally {
        setBusy(null);
      }
    }
    // The same file may be picked again after it was edited on disk.
    if (fileInput.current) fileInput.current.value = '';
  };

  const check = () => {
    const result = checkScorecardSource(draft.id, draft.text);
    if (!result.ok) {
      setOutcome({ kind: 'problems', by: 'local', problems: result.problems });
      return null;
    }
    setOutcome({ kind: 'checked', name: result.definition.name[language], points: scorecardPoints(result.definition) });
    return result;
  };

  const save = async () => {
    if (busy) return;
    const result = check();
    if (result === null) return;
    setBusy('saving');
    try {
      const card = await callHub((hub, token) => hub.saveScorecard(token, result.id, result.definition));
      setOutcome({ kind: 'saved', card });
      // Stored once: the text is cleared so a second click cannot store the same card again as the next version.
      onDraft({ id: card.id, text: '' });
      onSaved(card);
    } catch (error) {
      log.warn('the hub did not store the scorecard', error);
      if (isHubError(error) && error.code === 'validation') {
        setOutcome({ kind: 'problems', by: 'hub', problems: [{ kind: 'other', path: error.field ?? '', line: null, column: null, message: error.message, detail: null }] });
      } else {
        setOutcome({ kind: 'failed', error: toUserFacingError(error) });
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      role="region"
      aria-labelledby={ids.heading}
      data-testid="qa-scorecard-upload"
      title={
        <Typography.Title level={3} id={ids.heading} style={{ fontSize: 15, margin: 0 }}>
          {t('qa.cards.upload.title')}
        </Typography.Title>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('qa.cards.upload.intro')}</Typography.Text>
        <Flex vertical gap={4}>
          <label htmlFor={ids.id}>{t('qa.cards.upload.id')}</label>
          <Input
            id={ids.id}
            value={draft.id}
            onChange={(event) => onDraft({ ...draft, id: event.target.value })}
            list={ids.known}
            aria-describedby={ids.idHelp}
            autoComplete="off"
            spellCheck={false}
            style={{ maxWidth: 320 }}
          />
          <datalist id={ids.known}>
            {knownIds.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <Typography.Text type="secondary" id={ids.idHelp}>
            {t('qa.cards.upload.idHelp')}
          </Typography.Text>
        </Flex>
        <Flex gap={12} align="center" wrap>
          <label htmlFor={ids.file}>{t('qa.cards.upload.file')}</label>
          <input ref={fileInput} id={ids.file} type="file" accept=".yaml,.yml,.json" onChange={(event) => void choose(event)} disabled={busy !== null} />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={ids.text}>{t('qa.cards.upload.text')}</label>
          <Input.TextArea
            id={ids.text}
            value={draft.text}
            onChange={(event) => onDraft({ ...draft, text: event.target.value })}
            autoSize={{ minRows: 8, maxRows: 24 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
          />
        </Flex>
        <Flex gap={8} wrap>
          <Button icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => {
            check();
          }} disabled={busy !== null}>
            {t('qa.cards.upload.check')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined aria-hidden />} onClick={() => void save()} disabled={busy === 'reading'} loading={busy === 'saving'}>
            {t('qa.cards.upload.save')}
          </Button>
        </Flex>
        {outcome && <OutcomeView outcome={outcome} />}
      </Flex>
    </Card>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  switch (outcome.kind) {
    case 'refused':
      return <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} role="alert" title={outcome.text} />;
    case 'checked':
      return <Alert type="success" showIcon icon={<CheckCircleFilled aria-hidden />} title={t('qa.cards.upload.checkOk', { name: outcome.name, points: outcome.points })} />;
    case 'problems':
      return (
        <Flex vertical gap={8} data-testid="qa-scorecard-problems" data-by={outcome.by}>
          <Alert
            type={outcome.by === 'hub' ? 'error' : 'warning'}
            showIcon
            icon={outcome.by === 'hub' ? <CloseCircleFilled aria-hidden /> : <WarningFilled aria-hidden />}
            role="alert"
            title={outcome.by === 'hub' ? t('qa.cards.upload.rejected') : t('qa.cards.upload.problems', { count: outcome.problems.length })}
          />
          <ProblemList problems={outcome.problems} hub={outcome.by === 'hub'} />
        </Flex>
      );
    case 'saved':
      return (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled aria-hidden />}
          role="status"
          title={t('qa.cards.upload.saved', { name: outcome.card.definition.name[language], id: outcome.card.id, version: outcome.card.version })}
        />
      );
    case 'failed':
      return <Alert type="error" showIcon icon={<CloseCircleFilled aria-hidden />} role="alert" title={t('qa.cards.upload.failed')} description={errorText(t, outcome.error)} />;
  }
}

type ProblemRow = ScorecardProblem & { key: number };

/** What a problem is, in the person's language; the checker's English words (which name the values) stay beside it. */
export function scorecardProblemText(t: TFunction, problem: ScorecardProblem, hub = false): string {
  if (hub) return t('qa.cards.problems.kinds.hub');
  switch (problem.kind) {
    case 'too_small':
    case 'too_big':
      return t(`qa.cards.problems.kinds.${problem.kind}_${problem.detail?.unit ?? 'value'}`, { limit: problem.detail?.limit });
    case 'too_large':
      return t('qa.cards.problems.kinds.too_large', { limit: problem.detail?.limit });
    case 'unknown_keys':
      return t('qa.cards.problems.kinds.unknown_keys', { keys: problem.detail?.keys ?? '' });
    default:
      return t(`qa.cards.problems.kinds.${problem.kind}`);
  }
}

function ProblemList({ problems, hub }: { problems: readonly ScorecardProblem[]; hub: boolean }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ProblemRow> = [
    {
      title: t('qa.cards.problems.where'),
      key: 'where',
      width: 260,
      render: (_, p) => {
        const line = p.line === null ? null : p.column === null ? t('qa.cards.problems.line', { line: p.line }) : t('qa.cards.problems.lineColumn', { line: p.line, column: p.column });
        return (
          <>
            {p.path === '' ? (
              <Typography.Text type="secondary">{t('qa.cards.problems.whole')}</Typography.Text>
            ) : (
              <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="qa-problem-path">
                {p.path}
              </Typography.Text>
            )}
            {line !== null && (
              <>
                <br />
                {line}
              </>
            )}
          </>
        );
      },
    },
    {
      title: t('qa.cards.problems.what'),
      key: 'what',
      render: (_, p) => (
        <>
          <Typography.Text strong>{scorecardProblemText(t, p, hub)}</Typography.Text>
          <div lang="en" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {p.message}
          </div>
        </>
      ),
    },
  ];
  return (
    <section aria-label={t('qa.cards.problems.title')}>
      <Table<ProblemRow> size="small" columns={columns} dataSource={problems.map((p, key) => ({ ...p, key }))} pagination={problems.length > 20 ? { pageSize: 20, size: 'small' } : false} />
    </section>
  );
}
