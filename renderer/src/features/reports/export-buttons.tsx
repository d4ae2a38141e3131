import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createLogger } from '../../logger';
import { saveBlob } from '../common/save-blob';
import type { ExportedFile, ExportFormat } from './report-download';

const log = createLogger('reports/export');

export interface ExportButtonsProps {
  /** The file of the report shown, in the UI's language. */
  file: (t: TFunction, format: ExportFormat) => Promise<ExportedFile>;
}

/** CSV and Excel buttons for the report shown; a failure says why and leaves the buttons usable. */
export function ExportButtons({ file }: ExportButtonsProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (format: ExportFormat) => {
    setBusy(format);
    setFailure(null);
    try {
      const made = await file(t, format);
      saveBlob(made.blob, made.fileName);
    } catch (error) {
      log.warn(`could not export the report as ${format}`, error);
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={8} align="flex-end">
      <Flex gap={8}>
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            icon={<DownloadOutlined aria-hidden />}
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void run(format)}
          >
            {t(`reports.export.${format}`)}
          </Button>
        ))}
      </Flex>
      {failure !== null && <Alert type="error" role="alert" showIcon title={t('reports.export.failed', { detail: failure })} />}
    </Flex>
  );
}
