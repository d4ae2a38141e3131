import { EyeInvisibleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Calibration } from '../../../../shared/api/qa';
import type { Scorecard } from '../../../../shared/qa/scorecard';
import { scorecardItems } from '../../../../shared/qa/scoring';
import type { HubClient } from '../../services/hub';
import { useConsoleStore } from '../../store';
import { percentText } from '../reports/report-model';
import { useHubLoad } from './use-hub-load';
import { TAG_TEXT } from '../common/tag-style';
import { LoadFailed } from './load-states';

/** A spread this wide (half an item's points, or a pass against a fail) is worth talking over. */
export const WIDE_SPREAD = 0.5;

export const isWideSpread = (spread: number | null): boolean => spread !== null && spread >= WIDE_SPREAD;

interface CalibrationData {
  calibration: Calibration;
  scorecard: Scorecard;
}

interface ItemRow {
  key: string;
  label: string;
  fatal: boolean;
  values: Map<string, number | null>;
  spread: number | null;
}

/** One calibration: per item each assessor's score (as a share of the item's points) and the spread; wide ones flagged in words and an icon. */
export function CalibrationView({ calibrationId }: { calibrationId: string }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const me = useConsoleStore((s) => s.session.user);
  const read = useCallback(async (hub: HubClient, token: string, signal: AbortSignal): Promise<CalibrationData> => {
    const calibration = await hub.getCalibration(token, calibrationId, { signal });
    const scorecard = await hub.qaScorecardVersion(token, calibration.scorecardId, calibration.scorecardVersion, { signal });
    return { calibration, scorecard };
  }, [calibrationId]);
  const [load, reload] = useHubLoad(`calibration ${calibrationId}`, read);
  if (load.status === 'loading' || load.status === 'idle') return <Spin />;
  if (load.status === 'error')
    return (
      <LoadFailed title={t('qa.calibration.loadFailed')} error={load.error} onRetry={reload} />
    );
  const { calibration, scorecard } = load.value;
  if (isBlind(calibration, me)) return <BlindCalibration calibration={calibration} />;
  const byItem = new Map(calibration.items.map((item) => [item.itemId, item]));
  const rows: ItemRow[] = scorecardItems(scorecard.definition).map((item) => {
    const found = byItem.get(item.id);
    return {
      key: item.id,
      label: item.label[language],
      fatal: item.fatal,
      values: new Map((found?.values ?? []).map((v) => [v.assessorId, v.value])),
      spread: found?.spread ?? null,
    };
  });
  const columns: TableColumnsType<ItemRow> = [
    { title: t('qa.calibration.item'), key: 'item', render: (_, row) => row.label },
    ...calibration.assessors.map((assessor) => ({
      title: assessor.submitted ? assessor.name : t('qa.calibration.notSubmitted', { name: assessor.name }),
      key: assessor.assessorId,
      align: 'right' as const,
      render: (_: unknown, row: ItemRow) => {
        const value = row.values.get(assessor.assessorId);
        return value === undefined ? '—' : value === null ? t('qa.scorecard.na') : percentText(value);
      },
    })),
    {
      title: t('qa.calibration.spread'),
      key: 'spread',
      align: 'right',
      render: (_, row) =>
        isWideSpread(row.spread) ? (
          <Tag color="warning" style={TAG_TEXT.warning} icon={<WarningOutlined aria-hidden />} data-testid="qa-wide-spread">
            {t('qa.calibration.wide', { spread: percentText(row.spread) })}
          </Tag>
        ) : row.spread === null ? (
          '—'
        ) : (
          percentText(row.spread)
        ),
    },
  ];
  return (
    <Flex vertical gap={8} data-testid="qa-calibration">
      <Typography.Text>
        {t('qa.calibration.summary', { agent: calibration.agentName, spread: calibration.totalSpread === null ? '—' : calibration.totalSpread.toFixed(1) })}
      </Typography.Text>
      <Typography.Text type="secondary">
        {calibration.assessors.map((a) => t('qa.calibration.assessorTotal', { name: a.name, total: a.total === null ? '—' : a.total.toFixed(1) })).join('；')}
      </Typography.Text>
      <Table<ItemRow> size="small" bordered pagination={false} rowKey="key" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} />
    </Flex>
  );
}

/**
 * An assessor scores blind: until their own is submitted the hub sends no one's values (every item's
 * list empty), and the view says why rather than showing a table of dashes.
 */
export function isBlind(calibration: Calibration, me: { id: string; role: string } | null): boolean {
  if (me === null || me.role !== 'qa') return false;
  const mine = calibration.assessors.find((a) => a.assessorId === me.id);
  return mine?.submitted !== true && calibration.items.every((item) => item.values.length === 0);
}

function BlindCalibration({ calibration }: { calibration: Calibration }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} data-testid="qa-calibration-blind">
      <Alert type="info" showIcon icon={<EyeInvisibleOutlined aria-hidden />} title={t('qa.calibration.blind')} />
      <Typography.Text>{t('qa.calibration.summary', { agent: calibration.agentName, spread: '—' })}</Typography.Text>
      <Flex gap={8} wrap>
        {calibration.assessors.map((a) => (
          <Tag key={a.assessorId} color={a.submitted ? 'success' : 'default'} style={a.submitted ? TAG_TEXT.success : TAG_TEXT.default}>
            {`${a.name}：${a.submitted ? t('qa.calibration.submitted') : t('qa.calibration.pending')}`}
          </Tag>
        ))}
      </Flex>
    </Flex>
  );
}

/** From an assessor's submitted calibration review: the spread, now that their own score is in. */
export function CalibrationLink({ calibrationId }: { calibrationId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <Button onClick={() => setOpen(true)}>{t('qa.calibration.show')}</Button>
      <Modal open={open} title={t('qa.calibration.title')} onCancel={() => setOpen(false)} footer={null} width={800} destroyOnHidden>
        {open && <CalibrationView calibrationId={calibrationId} />}
      </Modal>
    </div>
  );
}
