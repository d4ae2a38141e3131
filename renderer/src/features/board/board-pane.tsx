import { CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Flex, Spin, Statistic, Typography } from 'antd';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../../../shared/api/board';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { clockText, TOTAL_FIGURES, totalText } from './board-model';
import { BoardTable } from './board-table';

/**
 * The supervisor board (看板): today's totals and every agent's state, live. The store reads the
 * board when the pane opens and keeps it current from the hub's push events while it is shown.
 */
export function BoardPane() {
  const { t } = useTranslation();
  const showBoard = useConsoleStore((s) => s.showBoard);
  const hideBoard = useConsoleStore((s) => s.hideBoard);
  const reloadBoard = useConsoleStore((s) => s.reloadBoard);
  const status = useConsoleStore((s) => s.board.status);
  const data = useConsoleStore((s) => s.board.data);
  const error = useConsoleStore((s) => s.board.error);
  const clockOffsetMs = useConsoleStore((s) => s.board.clockOffsetMs);
  const reasonCodes = useConsoleStore((s) => s.board.reasonCodes);
  const language = useConsoleStore((s) => s.ui.language);

  useEffect(() => {
    showBoard();
    return hideBoard;
  }, [showBoard, hideBoard]);

  if (data === null) {
    if (status === 'error' && error) {
      return (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('board.loadFailed')}
          description={errorText(t, error)}
          action={
            <Button size="small" onClick={() => void reloadBoard()}>
              {t('board.retry')}
            </Button>
          }
        />
      );
    }
    return (
      <Flex role="status" aria-busy="true" justify="center" style={{ padding: 48 }}>
        <Spin description={t('board.loading')} />
      </Flex>
    );
  }

  return (
    <Flex vertical gap={24}>
      <BoardStatus board={data} />
      {error && (
        <Alert
          type="warning"
          showIcon
          title={t('board.refreshFailed')}
          description={errorText(t, error)}
          action={
            <Button size="small" onClick={() => void reloadBoard()}>
              {t('board.retry')}
            </Button>
          }
        />
      )}
      <Totals board={data} />
      <BoardTable board={data} clockOffsetMs={clockOffsetMs} reasonCodes={reasonCodes} language={language} />
    </Flex>
  );
}

/** Whether the board is live, when the hub last told it something, and a refresh by hand. */
function BoardStatus({ board }: { board: Board }) {
  const { t } = useTranslation();
  const push = useConsoleStore((s) => s.notifications.push);
  const updatedAt = useConsoleStore((s) => s.board.updatedAt);
  const clockOffsetMs = useConsoleStore((s) => s.board.clockOffsetMs);
  const reloadBoard = useConsoleStore((s) => s.reloadBoard);
  const live = push === 'connected';
  return (
    <Flex gap={12} align="center" wrap justify="space-between">
      <span role="status">
        <Badge status={live ? 'success' : 'warning'} text={t(`board.live.${push}`)} />
      </span>
      <Flex gap={12} align="center">
        {updatedAt !== null && <Typography.Text>{t('board.updated', { time: clockText(updatedAt + clockOffsetMs, board.timeZone) })}</Typography.Text>}
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void reloadBoard()}>
          {t('board.refresh')}
        </Button>
      </Flex>
    </Flex>
  );
}

function Totals({ board }: { board: Board }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {t('board.totals.title', { date: board.date })}
      </Typography.Title>
      <Flex gap={12} wrap>
        {TOTAL_FIGURES.map((figure) => (
          <Card key={figure} size="small" style={{ minWidth: 120 }}>
            <Statistic
              title={t(`board.totals.${figure}`)}
              value={totalText(board.totals, figure)}
              // Overdue complaints are the figure someone must act on today (its title says what it is).
              styles={figure === 'overdueComplaints' && board.totals.overdueComplaints > 0 ? { content: { color: '#a8071a' } } : undefined}
            />
          </Card>
        ))}
      </Flex>
    </section>
  );
}
