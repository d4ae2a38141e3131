import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Spin, Statistic, Typography, type TableColumnsType } from 'antd';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/error-text';
import type { ReportRequest } from './use-complaint-report';
import type { KeptReportLoad } from './use-kept-report';

/** A block of a report tab with its heading, named by it for assistive technology. */
export function Titled({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

/**
 * Where a kept report stands: counting (with or without the last figures below), or failed (saying
 * whose figures are still shown). `texts` is the tab's key prefix, with `loading`, `refreshing`,
 * `loadFailed`, `keptFigures` and `retry` under it.
 */
export function KeptReportState({ load, onRetry, texts }: { load: KeptReportLoad<ReportRequest, { period: { from: string; to: string } }>; onRetry: () => void; texts: string }) {
  const { t } = useTranslation();
  const { from, to } = load.request;
  if (load.status === 'loading') {
    const text = load.report ? t(`${texts}.refreshing`, { from, to }) : t(`${texts}.loading`, { from, to });
    return (
      <Flex role="status" aria-busy="true" justify="center" style={{ padding: load.report ? 0 : 48 }}>
        {load.report ? <Typography.Text type="secondary">{text}</Typography.Text> : <Spin description={text} />}
      </Flex>
    );
  }
  if (load.status === 'error' && load.error) {
    const kept = load.report ? t(`${texts}.keptFigures`, { from: load.report.period.from, to: load.report.period.to }) : null;
    return (
      <Alert
        type="error"
        showIcon
        icon={<CloseCircleFilled aria-hidden />}
        title={t(`${texts}.loadFailed`)}
        description={kept ? `${errorText(t, load.error)} ${kept}` : errorText(t, load.error)}
        // Asking again for days the hub refused would only be refused again: the form is where to go.
        action={
          load.error.code === 'validation' ? undefined : (
            <Button size="small" onClick={onRetry}>
              {t(`${texts}.retry`)}
            </Button>
          )
        }
      />
    );
  }
  return null;
}

/**
 * One right-aligned column per figure, in the given order; sortable (highest first, then lowest)
 * when `order` says how to rank a row by the figure.
 */
export function figureColumns<Row, F extends string>(
  figures: readonly F[],
  spec: { header: (figure: F) => string; render: (row: Row, figure: F) => ReactNode; order?: (row: Row, figure: F) => number },
): TableColumnsType<Row> {
  const { order } = spec;
  return figures.map((figure) => ({
    title: spec.header(figure),
    key: figure,
    align: 'right' as const,
    render: (_: unknown, row: Row) => spec.render(row, figure),
    ...(order ? { sorter: (a: Row, b: Row) => order(a, figure) - order(b, figure), sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[] } : {}),
  }));
}

/** A tab's totals as cards, with the note that says how its rates and averages are counted. */
export function FigureSummary<F extends string>({ title, figures, header, value, note }: { title: string; figures: readonly F[]; header: (figure: F) => string; value: (figure: F) => string; note: string }) {
  return (
    <Titled title={title}>
      <Flex gap={12} wrap>
        {figures.map((figure) => (
          <Card key={figure} size="small" style={{ minWidth: 120 }}>
            <Statistic title={header(figure)} value={value(figure)} />
          </Card>
        ))}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {note}
      </Typography.Paragraph>
    </Titled>
  );
}
