import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowProblem } from '../../../../shared/api/flows';
import { problemPlace } from './library-model';
import { problemLabel } from './library-text';

type Row = FlowProblem & { key: number };

/**
 * Every problem of a flow file, one row each: the step it is in, where in the file, and what — the
 * problem's name in the UI's language and the validator's own English words, which name the step
 * and the values (the same text `npm run flows:check` prints).
 */
export function ProblemTable({ problems }: { problems: readonly FlowProblem[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Row> = [
    {
      title: t('scriptLibrary.problems.step'),
      key: 'step',
      width: 160,
      render: (_, p) => (p.stepId === null ? <Typography.Text type="secondary">{t('scriptLibrary.problems.wholeFlow')}</Typography.Text> : <Typography.Text code>{p.stepId}</Typography.Text>),
    },
    {
      title: t('scriptLibrary.problems.where'),
      key: 'where',
      width: 220,
      render: (_, p) => {
        const place = problemPlace(p);
        const line =
          place.line === null ? null : place.column === null ? t('scriptLibrary.problems.line', { line: place.line }) : t('scriptLibrary.problems.lineColumn', { line: place.line, column: place.column });
        return (
          <>
            {place.path !== null && <Typography.Text code style={{ wordBreak: 'break-all' }}>{place.path}</Typography.Text>}
            {place.path !== null && line !== null && <br />}
            {line}
          </>
        );
      },
    },
    {
      title: t('scriptLibrary.problems.what'),
      key: 'what',
      render: (_, p) => (
        <>
          <Typography.Text strong>{problemLabel(t, p.code)}</Typography.Text>
          <div lang="en" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {p.message}
          </div>
        </>
      ),
    },
  ];
  return (
    <section aria-label={t('scriptLibrary.problems.title')}>
      <Table<Row>
        size="small"
        columns={columns}
        dataSource={problems.map((p, key) => ({ ...p, key }))}
        pagination={problems.length > 20 ? { pageSize: 20, size: 'small' } : false}
      />
    </section>
  );
}
