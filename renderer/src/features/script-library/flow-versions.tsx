import { CloseCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowVersionList, StoredFlow } from '../../../../shared/api/flows';
import type { Language } from '../../../../shared/domain/i18n';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { flowDownload } from './library-model';
import type { KeyedLoad } from './use-keyed-load';
import { saveBlob } from '../common/save-blob';

type VersionRow = FlowVersionList['versions'][number];

export interface FlowVersionsProps {
  versions: KeyedLoad<FlowVersionList>;
  onRetry(): void;
  /** The version the preview shows. */
  shown: number;
  onShow(version: number): void;
  language: Language;
}

/** Every published version of the flow, the one in force first; any can be shown in the preview. */
export function FlowVersions({ versions, onRetry, shown, onShow, language }: FlowVersionsProps) {
  const { t } = useTranslation();
  const headingId = useId();
  if (versions.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        icon={<CloseCircleFilled aria-hidden />}
        title={t('scriptLibrary.versions.loadFailed')}
        description={errorText(t, versions.error)}
        action={
          <Button size="small" onClick={onRetry}>
            {t('scriptLibrary.list.retry')}
          </Button>
        }
      />
    );
  }
  const rows = versions.status === 'ready' ? versions.value.versions : [];
  const inForce = rows[0]?.version ?? null;
  const columns: TableColumnsType<VersionRow> = [
    {
      title: t('scriptLibrary.versions.version'),
      key: 'version',
      width: 120,
      render: (_, row) => (
        <>
          {t('scriptLibrary.list.version', { version: row.version })}
          {row.version === inForce && <Typography.Text strong> · {t('scriptLibrary.versions.inForce')}</Typography.Text>}
        </>
      ),
    },
    { title: t('scriptLibrary.versions.publishedAt'), key: 'at', render: (_, row) => formatDateTime(row.publishedAt, language) },
    { title: t('scriptLibrary.versions.by'), dataIndex: 'publishedBy' },
    {
      title: <span className="visually-hidden">{t('scriptLibrary.versions.show')}</span>,
      key: 'show',
      width: 110,
      render: (_, row) =>
        row.version === shown ? (
          <Typography.Text type="secondary">{t('scriptLibrary.versions.shown')}</Typography.Text>
        ) : (
          <Button size="small" onClick={() => onShow(row.version)} aria-label={t('scriptLibrary.versions.showVersion', { version: row.version })}>
            {t('scriptLibrary.versions.show')}
          </Button>
        ),
    },
  ];
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 14, margin: '0 0 4px' }}>
        {t('scriptLibrary.versions.title')}
      </Typography.Title>
      <Table<VersionRow>
        size="small"
        rowKey="version"
        columns={columns}
        dataSource={rows}
        loading={versions.status === 'loading'}
        pagination={rows.length > 8 ? { pageSize: 8, size: 'small' } : false}
      />
    </section>
  );
}

/** "Download JSON" of the version shown: its checked definition, which can be edited and published again. */
export function DownloadFlowButton({ flow }: { flow: StoredFlow }) {
  const { t } = useTranslation();
  const download = () => {
    const { fileName, text } = flowDownload(flow);
    saveBlob(new Blob([text], { type: 'application/json' }), fileName);
  };
  return (
    <Flex>
      <Button icon={<DownloadOutlined aria-hidden />} onClick={download}>
        {t('scriptLibrary.preview.download', { version: flow.version })}
      </Button>
    </Flex>
  );
}
