import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Spin, Tag, Typography } from 'antd';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredFlow } from '../../../../shared/api/flows';
import type { Language } from '../../../../shared/domain/i18n';
import { takesCalls, useConsoleStore } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { FlowCopyStatus } from '../flows/flow-copy-status';
import { FlowPreview } from './flow-preview';
import { FlowPublisher } from './flow-publisher';
import { DownloadFlowButton, FlowVersions } from './flow-versions';
import { canPublishFlows, libraryGroups } from './library-model';
import { publishedText, triggerTexts, type LibraryWords } from './library-text';
import { useFlowLibrary } from './use-flow-library';
import { useKeyedLoad } from './use-keyed-load';

/**
 * The Scripts pane (脚本库): the center's flows in force by category, each readable step by step
 * as a study aid; for supervisors, managers and admins also every version and publishing a new one
 * (the procedures change without a new release of the console).
 */
export function ScriptLibraryPane() {
  const { t } = useTranslation();
  const role = useConsoleStore((s) => s.session.user?.role ?? 'agent');
  const language = useConsoleStore((s) => s.ui.language);
  const dispositions = useConsoleStore((s) => s.phone.dispositionCodes);
  const loadFlowVersions = useConsoleStore((s) => s.loadFlowVersions);
  const loadFlowVersion = useConsoleStore((s) => s.loadFlowVersion);
  const local = takesCalls(role);
  const publisher = canPublishFlows(role);
  const library = useFlowLibrary(local);
  const [selection, setSelection] = useState<{ id: string; version: number | null } | null>(null);

  const flows = useMemo(() => (library.flows.status === 'ready' ? library.flows.value : []), [library.flows]);
  const groups = useMemo(() => libraryGroups(flows, language), [flows, language]);
  // The first flow until the reader picks one: the pane opens on something to read.
  const selectedId = selection && flows.some((f) => f.id === selection.id) ? selection.id : (groups[0]?.flows[0]?.id ?? null);
  const inForce = flows.find((f) => f.id === selectedId) ?? null;
  const wanted = selection?.id === selectedId && selection.version !== null && selection.version !== inForce?.version ? selection.version : null;

  const versionsOf = useCallback(() => loadFlowVersions(selectedId ?? ''), [loadFlowVersions, selectedId]);
  const [versions, reloadVersions] = useKeyedLoad(publisher && inForce ? `${inForce.id}@${inForce.version}` : null, versionsOf);
  const olderOf = useCallback(() => loadFlowVersion(selectedId ?? '', wanted ?? 1), [loadFlowVersion, selectedId, wanted]);
  const [older, reloadOlder] = useKeyedLoad(wanted !== null && selectedId !== null ? `${selectedId}@${wanted}` : null, olderOf);

  const words: LibraryWords = {
    language,
    org: library.org,
    dispositionLabel: (code) => dispositions.find((d) => d.code === code)?.label[language] ?? null,
  };

  const onPublished = (flow: StoredFlow) => {
    library.reload();
    setSelection({ id: flow.id, version: null });
  };

  return (
    <Flex vertical gap={16}>
      {publisher && <FlowPublisher org={library.org} orgFailed={library.orgFailed} onPublished={onPublished} />}
      <Flex gap={16} align="start" wrap>
        <FlowList
          library={library}
          groups={groups}
          selectedId={selectedId}
          onSelect={(id) => setSelection({ id, version: null })}
          words={words}
          language={language}
        />
        <div style={{ flex: '1 1 480px', minWidth: 0 }}>
          {inForce === null ? (
            library.flows.status === 'ready' && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scriptLibrary.preview.choose')} />
          ) : wanted !== null && older.status !== 'ready' ? (
            older.status === 'error' ? (
              <Alert
                type="error"
                showIcon
                icon={<CloseCircleFilled aria-hidden />}
                title={t('scriptLibrary.preview.loadVersionFailed', { version: wanted })}
                description={errorText(t, older.error)}
                action={
                  <Flex gap={8}>
                    <Button size="small" onClick={reloadOlder}>
                      {t('scriptLibrary.list.retry')}
                    </Button>
                    <Button size="small" onClick={() => setSelection({ id: inForce.id, version: null })}>
                      {t('scriptLibrary.preview.backToInForce')}
                    </Button>
                  </Flex>
                }
              />
            ) : (
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin description={t('scriptLibrary.preview.loadingVersion', { version: wanted })} />
              </Flex>
            )
          ) : (
            <FlowPreview
              key={`${inForce.id}@${wanted ?? inForce.version}`}
              stored={wanted !== null && older.status === 'ready' ? older.value : inForce}
              inForce={wanted === null}
              words={words}
              tools={
                publisher && (
                  <Flex vertical gap={8}>
                    <FlowVersions
                      versions={versions}
                      onRetry={reloadVersions}
                      shown={wanted ?? inForce.version}
                      onShow={(version) => setSelection({ id: inForce.id, version })}
                      language={language}
                    />
                    <DownloadFlowButton flow={wanted !== null && older.status === 'ready' ? older.value : inForce} />
                  </Flex>
                )
              }
            />
          )}
        </div>
      </Flex>
    </Flex>
  );
}

interface FlowListProps {
  library: ReturnType<typeof useFlowLibrary>;
  groups: ReturnType<typeof libraryGroups>;
  selectedId: string | null;
  onSelect(id: string): void;
  words: LibraryWords;
  language: Language;
}

/** The flows in force by category; the local copy's freshness for those who run it. */
function FlowList({ library, groups, selectedId, onSelect, words, language }: FlowListProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const { flows } = library;
  return (
    <section aria-labelledby={headingId} style={{ flex: '0 1 340px', minWidth: 260 }}>
      <Flex vertical gap={8}>
        <Typography.Title level={2} id={headingId} style={{ fontSize: 15, margin: 0 }}>
          {t('scriptLibrary.list.title')}
        </Typography.Title>
        {library.source === 'local' && <FlowCopyStatus />}
        {flows.status === 'loading' && (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin description={t('scriptLibrary.list.loading')} />
          </Flex>
        )}
        {flows.status === 'error' && (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            title={t('scriptLibrary.list.loadFailed')}
            description={errorText(t, flows.error)}
            action={
              <Button size="small" onClick={library.reload}>
                {t('scriptLibrary.list.retry')}
              </Button>
            }
          />
        )}
        {flows.status === 'ready' && groups.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(library.source === 'local' ? 'scriptLibrary.list.emptyLocal' : 'scriptLibrary.list.empty')} />
        )}
        {groups.map((group) => (
          <div key={group.category}>
            <Typography.Title level={3} style={{ fontSize: 13, margin: '8px 0 4px', color: 'rgba(0,0,0,0.65)' }}>
              {t(`flows.groups.${group.category}`)}
            </Typography.Title>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
              {group.flows.map((flow) => (
                <li key={flow.id}>
                  <FlowListItem flow={flow} selected={flow.id === selectedId} onSelect={() => onSelect(flow.id)} words={words} language={language} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Flex>
    </section>
  );
}

function FlowListItem({ flow, selected, onSelect, words, language }: { flow: StoredFlow; selected: boolean; onSelect(): void; words: LibraryWords; language: Language }) {
  const { t } = useTranslation();
  const triggers = triggerTexts(t, flow.triggers, words);
  return (
    <button
      type="button"
      aria-pressed={selected}
      onClick={onSelect}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'start',
        font: 'inherit',
        color: 'inherit',
        cursor: 'pointer',
        padding: '8px 10px',
        borderRadius: 6,
        border: `1px solid ${selected ? '#1677ff' : '#f0f0f0'}`,
        background: selected ? '#e6f4ff' : '#fff',
      }}
    >
      {/* Spans only: a button holds phrasing content. */}
      <span style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8 }}>
        <Typography.Text strong>{flow.title[language]}</Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>{t('scriptLibrary.list.version', { version: flow.version })}</Tag>
      </span>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        <span style={{ fontFamily: 'monospace' }}>{flow.id}</span> · {publishedText(t, flow, (iso) => formatDateTime(iso, language))}
      </Typography.Text>
      {triggers.length > 0 && (
        <span style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
          {triggers.map((text) => (
            <Tag key={text} color="geekblue" style={{ marginInlineEnd: 0 }}>
              {text}
            </Tag>
          ))}
        </span>
      )}
    </button>
  );
}
