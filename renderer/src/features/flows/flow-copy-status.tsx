import { CloudDownloadOutlined, SyncOutlined, WarningFilled } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../../store';
import { useNow } from '../phone/use-now';
import { syncText } from './flow-text';

/**
 * The PC's copy of the scripts in one quiet line: fresh as of when, or offline on the copy, and the
 * script actions still waiting for the hub. Scripts work offline; this says from what.
 */
export function FlowCopyStatus() {
  const { t } = useTranslation();
  const sync = useConsoleStore((s) => s.flows.sync);
  const pending = useConsoleStore((s) => s.flows.pendingActions);
  const language = useConsoleStore((s) => s.ui.language);
  const syncNow = useConsoleStore((s) => s.syncFlowsNow);
  const now = useNow(30_000);
  const line = syncText(t, sync, language, now);
  const Icon = line.tone === 'warning' ? WarningFilled : line.tone === 'busy' ? SyncOutlined : CloudDownloadOutlined;
  return (
    <Flex role="status" align="center" gap={8} wrap style={{ fontSize: 12 }}>
      <Icon aria-hidden spin={line.tone === 'busy'} style={{ color: line.tone === 'warning' ? '#ad6800' : undefined }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {line.text}
        {pending > 0 && ` · ${t('flows.sync.pendingActions', { pending })}`}
      </Typography.Text>
      {line.tone !== 'busy' && (
        <Button size="small" type="link" onClick={syncNow} style={{ padding: 0, height: 'auto', fontSize: 12 }}>
          {t('flows.sync.refresh')}
        </Button>
      )}
    </Flex>
  );
}
