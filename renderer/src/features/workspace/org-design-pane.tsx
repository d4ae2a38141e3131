import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, EscalationLevel, LocalizedText, OrgDesign, Queue, TransferTarget } from '../../../../shared/api/org';
import { useConsoleStore } from '../../store';
import { errorText } from '../common/error-text';
import { useOrgDesign } from './use-org-design';

/** The admin's view of the configuration the hub serves: what the other workspaces route and escalate by. */
export function OrgDesignPane() {
  const { t } = useTranslation();
  const [load, reload] = useOrgDesign();

  switch (load.status) {
    case 'loading':
      return (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('org.loading')} />
        </Flex>
      );
    case 'error':
      return (
        <Alert
          type="error"
          showIcon
          icon={<CloseCircleFilled aria-hidden />}
          title={t('org.loadFailed')}
          description={errorText(t, load.error)}
          action={
            <Button size="small" onClick={reload}>
              {t('org.retry')}
            </Button>
          }
        />
      );
    case 'ready':
      return <OrgTables org={load.org} />;
  }
}

function OrgTables({ org }: { org: OrgDesign }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const text = (value: LocalizedText) => value[language];
  const none = t('org.none');
  const departmentsById = useMemo(() => new Map(org.departments.map((d) => [d.id, d])), [org.departments]);
  // A dangling id is a configuration error worth seeing, so show the id rather than a blank.
  const departmentName = (id: string | null) => {
    if (id === null) return none;
    const department = departmentsById.get(id);
    return department ? text(department.name) : id;
  };

  const departmentColumns: TableColumnsType<Department> = [
    { title: t('org.departments.code'), dataIndex: 'code', width: 140 },
    { title: t('org.departments.name'), key: 'name', render: (_, d) => text(d.name) },
    { title: t('org.departments.kind'), key: 'kind', render: (_, d) => <Tag>{t(`org.departmentKinds.${d.kind}`)}</Tag> },
    { title: t('org.departments.parent'), key: 'parent', render: (_, d) => departmentName(d.parentId) },
  ];
  const queueColumns: TableColumnsType<Queue> = [
    { title: t('org.queues.code'), dataIndex: 'code', width: 140 },
    { title: t('org.queues.name'), key: 'name', render: (_, q) => text(q.name) },
    { title: t('org.queues.department'), key: 'department', render: (_, q) => departmentName(q.departmentId) },
    { title: t('org.queues.ivrChoice'), dataIndex: 'ivrChoice', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
  ];
  const targetColumns: TableColumnsType<TransferTarget> = [
    { title: t('org.transferTargets.name'), key: 'name', render: (_, x) => text(x.name) },
    { title: t('org.transferTargets.department'), key: 'department', render: (_, x) => departmentName(x.departmentId) },
    { title: t('org.transferTargets.extension'), dataIndex: 'extension', width: 120 },
    { title: t('org.transferTargets.kind'), key: 'kind', width: 120, render: (_, x) => t(`org.targetKinds.${x.kind}`) },
  ];
  const escalationColumns: TableColumnsType<EscalationLevel> = [
    { title: t('org.escalation.level'), dataIndex: 'level', width: 80 },
    { title: t('org.escalation.position'), key: 'title', render: (_, e) => text(e.title) },
    // The hub gives only the user's id here; monospace marks it as a reference to look up, not a name.
    {
      title: t('org.escalation.user'),
      dataIndex: 'userId',
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : none),
    },
    { title: t('org.escalation.extension'), dataIndex: 'extension', width: 120, render: (v: string | null) => v ?? none },
  ];
  const escalationChain = useMemo(() => [...org.escalationChain].sort((a, b) => a.level - b.level), [org.escalationChain]);

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('panes.orgDesign.description')}
      </Typography.Paragraph>
      <OrgTable title={t('org.departments.title')} columns={departmentColumns} rows={org.departments} rowKey="id" />
      <OrgTable title={t('org.queues.title')} columns={queueColumns} rows={org.queues} rowKey="id" />
      <OrgTable title={t('org.transferTargets.title')} columns={targetColumns} rows={org.transferTargets} rowKey="id" />
      <OrgTable title={t('org.escalation.title')} columns={escalationColumns} rows={escalationChain} rowKey="level" />
    </Flex>
  );
}

function OrgTable<Row extends object>(props: {
  title: ReactNode;
  columns: TableColumnsType<Row>;
  rows: Row[];
  rowKey: keyof Row & string;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 15, marginTop: 0 }}>
        {props.title}
      </Typography.Title>
      <Table<Row>
        size="small"
        bordered
        pagination={false}
        rowKey={props.rowKey}
        columns={props.columns}
        dataSource={props.rows}
        locale={{ emptyText: <Typography.Text type="secondary">{t('org.empty')}</Typography.Text> }}
        aria-labelledby={headingId}
      />
    </section>
  );
}
